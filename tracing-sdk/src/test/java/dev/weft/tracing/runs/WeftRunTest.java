package dev.weft.tracing.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tracing.Settings;
import dev.weft.tracing.WeftAttributes;
import dev.weft.tracing.WeftSdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online runs client against an in-memory implementation of the runs API. */
class WeftRunTest {

  static final String KEY = "weft_run_test_key_0123456789";
  FakeRunsServer server;
  WeftSdk sdk;
  final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeEach
  void start() throws Exception {
    server = new FakeRunsServer(KEY);
    sdk =
        WeftSdk.builder(
                Settings.of(
                    k ->
                        switch (k) {
                          case "WEFT_ENDPOINT" -> server.url();
                          case "WEFT_API_KEY" -> KEY;
                          case "WEFT_PROJECT" -> "vision";
                          default -> null;
                        }))
            .spanExporter(spans)
            .scheduleDelay(Duration.ofMillis(20))
            .shutdownHook(false)
            .build();
  }

  @AfterEach
  void stop() {
    sdk.shutdown();
    server.close();
  }

  private RunBuilder quickRun() {
    return sdk.run()
        .systemMetrics(false)
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .heartbeatInterval(Duration.ofSeconds(30));
  }

  @Test
  void aRunRecordsConfigMetricsSummaryAndItsEnvironment() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("lr", 0.001);
    config.put("layers", List.of(64, 32));
    config.put("openai_api_key", "sk-should-not-leave-1234567890");
    String id;
    try (WeftRun run =
        quickRun()
            .name("baseline")
            .group("sweep-1")
            .tags("cnn", "small")
            .notes("first try")
            .config(config)
            .start()) {
      id = run.id();
      assertThat(RunIds.isValid(id)).isTrue();
      run.log(Map.of("loss", 1.0));
      run.log(Map.of("loss", 0.5, "acc", 0.7));
      run.log(10, Map.of("loss", 0.25));
      run.log(Map.of("loss", 0.2));
      run.log(Map.of("loss", Double.NaN));
      run.summary("best_acc", 0.9);
      run.config(Map.of("batch", 32));
    }

    ObjectNode stored = server.run("vision", id);
    assertThat(stored.get("name").asText()).isEqualTo("baseline");
    assertThat(stored.get("group").asText()).isEqualTo("sweep-1");
    assertThat(stored.get("tags")).hasSize(2);
    assertThat(stored.get("notes").asText()).isEqualTo("first try");
    assertThat(stored.at("/config/lr").asDouble()).isEqualTo(0.001);
    assertThat(stored.at("/config/layers/1").asInt()).isEqualTo(32);
    assertThat(stored.at("/config/openai_api_key").asText()).isEqualTo("[REDACTED]");
    assertThat(stored.at("/config/batch").asInt()).isEqualTo(32);
    assertThat(stored.at("/host/hostname").asText()).isNotBlank();
    assertThat(stored.at("/host/jvm").asText()).contains(System.getProperty("java.version"));
    assertThat(stored.at("/host/os").asText()).contains(System.getProperty("os.name"));
    assertThat(stored.get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(stored.get("state").asText()).isEqualTo("finished");
    assertThat(stored.at("/summary/best_acc").asDouble()).isEqualTo(0.9);
    assertThat(stored.at("/summary/loss").asDouble()).isEqualTo(0.2);
    assertThat(server.metrics("vision", id).get("loss"))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(Map.of(0L, 1.0, 1L, 0.5, 10L, 0.25, 11L, 0.2)));
    assertThat(server.metrics("vision", id).get("acc")).containsOnlyKeys(1L);
    assertThat(server.authorizations).allMatch(("Bearer " + KEY)::equals);
  }

  @Test
  void systemMetricsAreLoggedUnderTheSystemPrefix(@TempDir Path dir) throws Exception {
    Path fakeSmi = dir.resolve("nvidia-smi");
    java.nio.file.Files.writeString(fakeSmi, "#!/bin/sh\necho '87, 4096, 16384, 65, 210.5'\n");
    fakeSmi.toFile().setExecutable(true);
    String id;
    try (WeftRun run =
        quickRun()
            .systemMetrics(true)
            .systemMetricsInterval(Duration.ofMillis(50))
            .nvidiaSmi(fakeSmi.toString())
            .start()) {
      id = run.id();
      run.log(Map.of("loss", 1));
      Thread.sleep(200); // let a few samples happen
      run.finish();
      assertThat(run.droppedPoints()).isZero();
    }
    Map<String, Map<Long, Double>> metrics = server.metrics("vision", id);
    assertThat(metrics.keySet())
        .contains(
            "system/cpu.process_percent",
            "system/jvm.heap_used_mb",
            "system/jvm.gc_count",
            "system/memory.used_mb",
            "system/gpu.0.utilization_percent",
            "system/gpu.0.memory_percent");
    assertThat(metrics.get("system/gpu.0.utilization_percent").values()).contains(87.0);
    assertThat(metrics.get("system/gpu.0.memory_percent").values()).contains(25.0);
  }

  @Test
  void heartbeatsAreSentWhileTheRunIsActive() throws Exception {
    WeftRun run = quickRun().heartbeatInterval(Duration.ofMillis(50)).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (server
                .heartbeats
                .getOrDefault("vision/" + run.id(), new java.util.concurrent.atomic.AtomicInteger())
                .get()
            < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    run.finish();
    assertThat(server.heartbeats.get("vision/" + run.id()).get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aServerThatIsDownAtFirstReceivesEverythingOnceItIsBack() {
    server.failNext.set(5);
    String id;
    try (WeftRun run = quickRun().start()) {
      id = run.id();
      for (int step = 0; step < 100; step++) {
        run.log(Map.of("loss", 1.0 / (step + 1)));
      }
    }
    assertThat(server.run("vision", id).get("state").asText()).isEqualTo("finished");
    assertThat(server.pointCount("vision", id)).isEqualTo(100);
  }

  @Test
  void aRefusedRunCostsDataButNeverThrows() {
    server.forcedStatus = 403;
    WeftRun run = quickRun().finishTimeout(Duration.ofSeconds(5)).start();
    run.log(Map.of("loss", 1));
    run.summary("x", 1);
    run.finish();
    assertThat(run.droppedPoints()).isEqualTo(1);
    assertThat(run.state()).isEqualTo(RunState.FINISHED);
  }

  @Test
  void aFullQueueDropsPointsInsteadOfBlockingTheLoop() {
    server.failNext.set(Integer.MAX_VALUE); // never reachable
    WeftRun run = quickRun().maxQueuedPoints(10).finishTimeout(Duration.ofMillis(200)).start();
    for (int i = 0; i < 50; i++) {
      run.log(Map.of("loss", i));
    }
    assertThat(run.droppedPoints()).isGreaterThanOrEqualTo(40);
    run.finish();
    assertThat(run.droppedPoints()).isEqualTo(50);
  }

  @Test
  void failMarksTheRunFailedWithTheErrorInTheSummary() {
    WeftRun run = quickRun().start();
    try (run) {
      try {
        throw new IllegalStateException("diverged: loss is NaN");
      } catch (IllegalStateException e) {
        run.fail(e);
      }
    }
    ObjectNode stored = server.run("vision", run.id());
    assertThat(stored.get("state").asText()).isEqualTo("failed");
    assertThat(stored.at("/summary/error").asText())
        .isEqualTo("java.lang.IllegalStateException: diverged: loss is NaN");
    assertThat(run.state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void finishIsIdempotentAndLoggingAfterItIsIgnored() {
    WeftRun run = quickRun().start();
    run.log(Map.of("loss", 1));
    run.finish(RunState.FINISHED, 0);
    run.finish(RunState.FAILED);
    run.log(Map.of("loss", 2));
    JsonNode stored = server.run("vision", run.id());
    assertThat(stored.get("state").asText()).isEqualTo("finished");
    assertThat(stored.get("exitCode").asInt()).isZero();
    assertThat(server.pointCount("vision", run.id())).isEqualTo(1);
    assertThat(server.requests.stream().filter(r -> r.endsWith("/finish"))).hasSize(1);
  }

  @Test
  void spansStartedWhileARunIsActiveCarryItsIdOnEveryThread() throws Exception {
    String id;
    try (WeftRun run = quickRun().start()) {
      id = run.id();
      sdk.op("train-step").run(() -> {});
      Thread worker = new Thread(() -> sdk.op("data-loader").run(() -> {}));
      worker.start();
      worker.join();
    }
    sdk.op("after-run").run(() -> {});
    sdk.flush(Duration.ofSeconds(10));
    Map<String, String> runIds = new java.util.HashMap<>();
    spans
        .getFinishedSpanItems()
        .forEach(
            s ->
                runIds.put(
                    s.getName(), String.valueOf(s.getAttributes().get(WeftAttributes.RUN_ID))));
    assertThat(runIds)
        .containsEntry("train-step", id)
        .containsEntry("data-loader", id)
        .containsEntry("after-run", "null");
  }

  @Test
  void aNonGlobalRunStampsOnlyItsOwnContext() {
    WeftRun run = quickRun().global(false).start();
    try (var ignored = run.makeCurrent()) {
      sdk.op("inside").run(() -> {});
    }
    sdk.op("outside").run(() -> {});
    run.finish();
    sdk.flush(Duration.ofSeconds(10));
    assertThat(spans.getFinishedSpanItems())
        .anySatisfy(
            s -> {
              assertThat(s.getName()).isEqualTo("inside");
              assertThat(s.getAttributes().get(WeftAttributes.RUN_ID)).isEqualTo(run.id());
            })
        .anySatisfy(
            s -> {
              assertThat(s.getName()).isEqualTo("outside");
              assertThat(s.getAttributes().get(WeftAttributes.RUN_ID)).isNull();
            });
  }

  @Test
  void badBuilderInputIsRefusedWithAnActionableMessage() {
    assertThatThrownBy(() -> quickRun().id("bad id!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[A-Za-z0-9._-]");
    assertThatThrownBy(() -> quickRun().project(null).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WEFT_PROJECT");
    assertThatThrownBy(() -> quickRun().heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepsOnlyGrowPerKeyAndBadKeysAreDroppedOnTheClient() {
    String id;
    long dropped;
    try (WeftRun run = quickRun().start()) {
      id = run.id();
      run.log(5, Map.of("loss", 0.5));
      run.log(3, Map.of("loss", 0.9, "acc", 0.1)); // loss goes back: dropped; acc is new: kept
      run.log(5, Map.of("loss", 0.4)); // same step again: sent, the server keeps the first
      run.log(Map.of("loss", 0.3, "bad:key", 1)); // step 6
      run.log(-1, Map.of("x", 1));
      dropped = run.droppedPoints();
    }
    assertThat(dropped).isEqualTo(3);
    assertThat(server.metrics("vision", id).get("loss")).containsOnlyKeys(5L, 6L);
    assertThat(server.metrics("vision", id).get("acc")).containsOnlyKeys(3L);
    assertThat(server.metrics("vision", id)).doesNotContainKeys("bad:key", "x");
  }

  @Test
  void loggingFromManyThreadsKeepsEveryStep() throws Exception {
    String id;
    try (WeftRun run = quickRun().start()) {
      id = run.id();
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] =
            new Thread(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    run.log(Map.of("loss", i));
                  }
                });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(run.droppedPoints()).isZero();
    }
    assertThat(server.metrics("vision", id).get("loss")).hasSize(200).containsKeys(0L, 199L);
  }

  @Test
  void anExplicitIdMakesStartingTwiceIdempotent() {
    quickRun().id("resume001").name("first").start().finish();
    quickRun().id("resume001").name("second").start().finish();
    assertThat(server.run("vision", "resume001").get("name").asText()).isEqualTo("first");
  }
}
