package dev.weft.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.it.WeftServer;
import dev.weft.tracing.Settings;
import dev.weft.tracing.WeftSdk;
import dev.weft.tracing.runs.SyncCommand;
import dev.weft.tracing.runs.WeftRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Experiment runs against the packaged server's runs API: an online run linked to the traces it
 * produced, and an offline run that, once synced (twice), reads back like the online one.
 */
class SdkRunsIT {

  private static void train(WeftSdk sdk, WeftRun run) {
    for (int step = 0; step < 20; step++) {
      double loss = 1.0 / (step + 1);
      sdk.op("train-step").run(() -> {});
      run.log(Map.of("loss", loss, "acc", step / 20.0));
    }
    run.summary("best_acc", 0.95);
  }

  private static WeftRun start(WeftSdk sdk, String id) {
    return sdk.run()
        .id(id)
        .name("resnet-baseline")
        .group("it")
        .tags("it", "sdk")
        .config(Map.of("lr", 0.1, "epochs", 20))
        .systemMetricsInterval(Duration.ofMillis(200))
        .start();
  }

  @Test
  void anOnlineRunIsStoredAndLinkedToItsTraces() {
    WeftServer server = WeftServer.get();
    WeftServer.Project project = server.newProject("sdk-run");
    WeftSdk sdk = SdkTracingIT.sdkFor(server, project, "online", null);

    WeftRun run = start(sdk, "itonline01");
    try (run) {
      train(sdk, run);
    }
    assertThat(sdk.flush(Duration.ofSeconds(30))).isTrue();
    sdk.shutdown();

    JsonNode stored = project.get("/runs/" + run.id());
    assertThat(stored.get("state").asText()).isEqualTo("finished");
    assertThat(stored.get("name").asText()).isEqualTo("resnet-baseline");
    assertThat(stored.at("/config/lr").asDouble()).isEqualTo(0.1);
    assertThat(stored.at("/summary/best_acc").asDouble()).isEqualTo(0.95);
    assertThat(stored.at("/summary/loss").asDouble()).isEqualTo(0.05);
    assertThat(stored.at("/host/jvm").asText()).isNotBlank();
    assertThat(stored.get("finishedAt").isNull()).isFalse();
    assertThat(run.droppedPoints()).isZero();

    JsonNode traces = project.get("/traces?run=" + run.id());
    assertThat(traces.get("items")).hasSize(20);
    assertThat(traces.get("items"))
        .allSatisfy(t -> assertThat(t.get("runId").asText()).isEqualTo(run.id()));
  }

  @Test
  void anOfflineRunSyncedTwiceReadsBackLikeTheOnlineRun() throws Exception {
    WeftServer server = WeftServer.get();
    WeftServer.Project project = server.newProject("sdk-sync");
    Path home = Files.createTempDirectory("weft-home");

    WeftSdk online = SdkTracingIT.sdkFor(server, project, "online", home.toString());
    try (WeftRun run = start(online, "itonline02")) {
      train(online, run);
    }
    online.shutdown();

    WeftSdk offline = SdkTracingIT.sdkFor(server, project, "offline", home.toString());
    try (WeftRun run = start(offline, "itoffline2")) {
      train(offline, run);
    }
    offline.shutdown();
    Path runDir = home.resolve("runs/itoffline2");
    assertThat(runDir.resolve("events.jsonl")).exists();

    String[] args = {"--endpoint", server.httpUrl(), "--api-key", project.key(), runDir.toString()};
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Settings none = Settings.of(k -> null);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(SyncCommand.run(args, none, quiet, errors)).as(err.toString()).isZero();
    JsonNode first = project.get("/runs/itoffline2");
    assertThat(SyncCommand.run(args, none, quiet, errors)).as(err.toString()).isZero();
    JsonNode second = project.get("/runs/itoffline2");
    assertThat(second).isEqualTo(first);

    JsonNode onlineRun = project.get("/runs/itonline02");
    for (String field : List.of("name", "group", "tags", "config", "summary", "state", "git")) {
      assertThat(first.get(field)).as(field).isEqualTo(onlineRun.get(field));
    }
  }
}
