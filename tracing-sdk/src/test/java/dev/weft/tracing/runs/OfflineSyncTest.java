package dev.weft.tracing.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tracing.Settings;
import dev.weft.tracing.WeftSdk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline runs: the directory format, and a sync that is idempotent and equals online. */
class OfflineSyncTest {

  static final String KEY = "weft_sync_test_key_0123456789";
  @TempDir Path home;
  FakeRunsServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeRunsServer(KEY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WeftSdk sdk(String mode) {
    return WeftSdk.builder(
            Settings.of(
                k ->
                    switch (k) {
                      case "WEFT_ENDPOINT" -> server.url();
                      case "WEFT_API_KEY" -> KEY;
                      case "WEFT_PROJECT" -> "nlp";
                      case "WEFT_MODE" -> mode;
                      case "WEFT_DIR" -> home.toString();
                      default -> null;
                    }))
        .shutdownHook(false)
        .build();
  }

  private static void train(WeftRun run) {
    for (int step = 0; step < 25; step++) {
      run.log(Map.of("loss", 1.0 / (step + 1), "acc", step / 25.0));
    }
    run.summary("best", 0.96);
  }

  private WeftRun offlineRun(String id) {
    WeftRun run =
        sdk("offline")
            .run()
            .id(id)
            .name("offline-" + id)
            .tags("offline")
            .config(Map.of("lr", 0.01))
            .systemMetrics(false)
            .start();
    try (run) {
      train(run);
    }
    return run;
  }

  @Test
  void anOfflineRunIsAJsonlEventLogUnderTheRunsDirectory() throws Exception {
    WeftRun run = offlineRun("offline01");

    Path dir = home.resolve("runs").resolve("offline01");
    assertThat(run.directory()).isEqualTo(dir);
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    List<JsonNode> events = lines.stream().map(OfflineSyncTest::json).toList();
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.get("project").asText()).isEqualTo("nlp");
              assertThat(e.get("runId").asText()).isEqualTo("offline01");
            });
    assertThat(events.get(0).get("type").asText()).isEqualTo("create");
    assertThat(events.get(0).at("/body/name").asText()).isEqualTo("offline-offline01");
    assertThat(events.get(0).at("/body/host/hostname").asText()).isNotBlank();
    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("finish");
    assertThat(events.get(events.size() - 1).at("/body/state").asText()).isEqualTo("finished");
    int points =
        events.stream()
            .filter(e -> e.get("type").asText().equals("metrics"))
            .mapToInt(e -> e.at("/body/points").size())
            .sum();
    assertThat(points).isEqualTo(50);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void syncingGivesTheSameRunAsOnlineAndIsIdempotent() throws Exception {
    offlineRun("offline02");
    WeftRun online =
        sdk("online")
            .run()
            .id("online002")
            .name("offline-offline02")
            .tags("offline")
            .config(Map.of("lr", 0.01))
            .systemMetrics(false)
            .start();
    try (online) {
      train(online);
    }

    assertThat(sync(home.resolve("runs").resolve("offline02").toString())).isZero();
    ObjectNode synced = server.run("nlp", "offline02").deepCopy();
    Map<String, Map<Long, Double>> syncedMetrics = Map.copyOf(server.metrics("nlp", "offline02"));
    int requestsAfterFirstSync = server.requests.size();

    assertThat(sync(home.resolve("runs").toString())).isZero(); // the parent directory works too
    assertThat(server.requests.size()).isGreaterThan(requestsAfterFirstSync);
    assertThat(server.run("nlp", "offline02")).isEqualTo(synced);
    assertThat(server.metrics("nlp", "offline02")).isEqualTo(syncedMetrics);

    ObjectNode onlineRun = server.run("nlp", "online002");
    for (String field : List.of("name", "tags", "config", "summary", "state")) {
      assertThat(synced.get(field)).as(field).isEqualTo(onlineRun.get(field));
    }
    assertThat(syncedMetrics).isEqualTo(server.metrics("nlp", "online002"));
    assertThat(Files.exists(home.resolve("runs/offline02/synced.json"))).isTrue();
  }

  @Test
  void aRunCutShortByACrashSyncsWhatWasWrittenAndStaysRunning() throws Exception {
    Path dir = home.resolve("runs").resolve("crashed1");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("events.jsonl"),
        "{\"type\":\"create\",\"project\":\"nlp\",\"runId\":\"crashed1\",\"body\":{\"id\":\"crashed1\",\"name\":\"c\"}}\n"
            + "{\"type\":\"metrics\",\"project\":\"nlp\",\"runId\":\"crashed1\",\"body\":{\"points\":[{\"key\":\"loss\",\"step\":0,\"value\":1.0,\"time\":\"2026-11-27T10:00:00Z\"}]}}\n"
            + "{\"type\":\"metrics\",\"project\":\"nlp\",\"runId\":\"cra");

    assertThat(sync(dir.toString())).isZero();
    assertThat(server.run("nlp", "crashed1").get("state").asText()).isEqualTo("running");
    assertThat(server.pointCount("nlp", "crashed1")).isEqualTo(1);
  }

  @Test
  void syncReportsBadArgumentsAndUnreachableServers() {
    assertThat(sync()).isEqualTo(2);
    assertThat(sync("--bogus", "x")).isEqualTo(2);
    assertThat(sync(home.resolve("nothing-here").toString())).isEqualTo(1);
    offlineRun("offline03");
    server.forcedStatus = 401;
    assertThat(sync(home.resolve("runs/offline03").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("401").contains("forced");
  }

  @Test
  void aProjectOverrideUploadsIntoAnotherProject() {
    offlineRun("offline04");
    assertThat(sync("--project", "other", home.resolve("runs/offline04").toString())).isZero();
    assertThat(server.run("other", "offline04")).isNotNull();
    assertThat(server.run("nlp", "offline04")).isNull();
  }

  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int sync(String... args) {
    return SyncCommand.run(
        args,
        Settings.of(
            k ->
                switch (k) {
                  case "WEFT_ENDPOINT" -> server.url();
                  case "WEFT_API_KEY" -> KEY;
                  default -> null;
                }),
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static JsonNode json(String line) {
    try {
      return FakeRunsServer.JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
