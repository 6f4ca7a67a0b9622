package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tracing.runs.WeftRun;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/sdk.md and the module README, run as written (with stand-in services). */
class DocumentationExamplesTest {

  final TestSdk t = new TestSdk(b -> b.project("docs"));

  @AfterEach
  void close() {
    Weft.reset();
    t.close();
  }

  record Doc(String text) {}

  @Test
  void tracedOperationsSessionsAndExecutors(@TempDir Path dir) throws Exception {
    Weft.install(t.sdk);
    Function<String, List<Doc>> retrieve =
        Weft.op("retrieve").kind("retriever").function(q -> List.of(new Doc("Paris")));
    BiFunction<String, List<Doc>, String> generate =
        Weft.op("generate").biFunction((q, docs) -> docs.get(0).text());
    CheckedFunction<Path, String, IOException> read =
        Weft.op("read").checkedFunction(Files::readString);
    Path file = Files.writeString(dir.resolve("q.txt"), "capital of France?");

    String q = read.apply(file);
    String answer =
        Weft.session(
            "conv-42", () -> Weft.trace("answer", () -> generate.apply(q, retrieve.apply(q))));
    Weft.trace("warm-up", () -> {});

    ExecutorService pool = Context.taskWrapping(Executors.newFixedThreadPool(2));
    try (Scope s = Weft.session("conv-43")) {
      pool.submit(() -> Weft.trace("chunk", () -> "embedded")).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }

    assertThat(answer).isEqualTo("Paris");
    SpanData root = t.span("answer");
    assertThat(t.span("retrieve").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(t.span("generate").getAttributes().get(WeftAttributes.SESSION_ID))
        .isEqualTo("conv-42");
    assertThat(t.span("chunk").getAttributes().get(WeftAttributes.SESSION_ID)).isEqualTo("conv-43");
  }

  @Test
  void theRunExampleInOfflineMode(@TempDir Path home) {
    WeftSdk offline =
        WeftSdk.builder(Settings.of(k -> null))
            .project("mnist")
            .offline(true)
            .runsDirectory(home)
            .shutdownHook(false)
            .build();
    Weft.install(offline);
    double best = 0;
    WeftRun finished;
    try (WeftRun run =
        Weft.run()
            .project("mnist")
            .name("resnet-baseline")
            .group("sweep-3")
            .tags("resnet", "baseline")
            .config(Map.of("lr", 1e-3, "epochs", 10, "batch", 64))
            .systemMetrics(false)
            .start()) {
      finished = run;
      try {
        for (int epoch = 0; epoch < 10; epoch++) {
          double loss = 1.0 / (epoch + 1);
          best = Math.max(best, 1 - loss);
          run.log(Map.of("loss", loss, "lr", 1e-3));
        }
        run.log(100, Map.of("val/acc", 0.9));
        run.summary("best_acc", best);
      } catch (RuntimeException e) {
        run.fail(e);
        throw e;
      }
    }
    assertThat(finished.state()).isEqualTo(dev.weft.tracing.runs.RunState.FINISHED);
    assertThat(home.resolve(finished.id()).resolve("events.jsonl")).exists();
  }
}
