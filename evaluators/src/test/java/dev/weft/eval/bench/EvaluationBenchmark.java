package dev.weft.eval.bench;

import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.EvaluationRunner;
import dev.weft.eval.Scorers;
import dev.weft.eval.WeftClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runner overhead per row with a zero-latency model, and a 10,000-row evaluation stored on a server
 * (when {@code WEFT_URL} and {@code WEFT_API_KEY} are set). Not a test: run it with the command in
 * docs/evaluations.md.
 */
public final class EvaluationBenchmark {

  private EvaluationBenchmark() {}

  static List<EvalRow> rows(int n) {
    List<EvalRow> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(
          EvalRow.of(
              "r" + i,
              Map.of("question", "What is " + i + " + 1?", "expected", String.valueOf(i + 1))));
    }
    return rows;
  }

  static EvaluationResult run(List<EvalRow> rows, int concurrency, OpenTelemetry otel) {
    return EvaluationRunner.builder()
        .name("bench")
        .model("echo", row -> row.text("expected"))
        .scorers(Scorers.exactMatch(), Scorers.tokenF1())
        .concurrency(concurrency)
        .openTelemetry(otel)
        .gitCommit("bench")
        .build()
        .run(rows);
  }

  /** Entry point. */
  public static void main(String[] args) {
    int n = 100_000;
    List<EvalRow> rows = rows(n);
    OpenTelemetrySdk traced =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(new DiscardingExporter())
                            .setMaxQueueSize(1 << 18)
                            .build())
                    .build())
            .build();
    for (int warm = 0; warm < 3; warm++) {
      run(rows, 2, OpenTelemetry.noop());
      run(rows, 2, traced);
    }
    for (int c : new int[] {1, 2, 8}) {
      report("no tracing, concurrency " + c, n, run(rows, c, OpenTelemetry.noop()));
      report("SDK tracing, concurrency " + c, n, run(rows, c, traced));
    }
    traced.close();

    Optional<WeftClient> client = WeftClient.fromEnvironment();
    if (client.isEmpty()) {
      System.out.println("set WEFT_URL, WEFT_API_KEY (and WEFT_PROJECT) for the server part");
      return;
    }
    List<EvalRow> tenK = rows(10_000);
    long t0 = System.nanoTime();
    EvaluationResult result = run(tenK, 2, OpenTelemetry.noop());
    long t1 = System.nanoTime();
    WeftClient.Stored stored = client.get().store(result);
    long t2 = System.nanoTime();
    client.get().compare(stored.id(), stored.id());
    long t3 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "10,000 rows end to end: run %.0f ms, store %.0f ms (%.0f rows/s), compare %.0f ms, total"
            + " %.0f ms; %s%n",
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6,
        10_000 / ((t2 - t1) / 1e9),
        (t3 - t2) / 1e6,
        (t3 - t0) / 1e6,
        stored.uiUrl());
  }

  private static void report(String label, int n, EvaluationResult r) {
    double ms = r.duration().toNanos() / 1e6;
    System.out.printf(
        Locale.ROOT, "%-28s %d rows in %7.0f ms = %.4f ms/row%n", label, n, ms, ms / n);
  }

  /** Exports nowhere: measures span creation and batching, not I/O. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(
        java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
