package dev.weft.tracing.bench;

import dev.weft.tracing.Op;
import dev.weft.tracing.Settings;
import dev.weft.tracing.WeftSdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one traced operation compared with a bare OpenTelemetry span and with no tracing. All
 * spans go through the same pipeline (Weft's stamping processor, bounded queue, redacting
 * exporter, default queue of 2048) into an exporter that discards them, so the numbers are the
 * application thread's cost. Spans are made far faster than any application makes them, so the
 * queue runs full and the surplus is dropped, as it would be in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TracingOverheadBenchmark {

  /** A small input, as a typical traced function gets. */
  public record Query(String text, int topK) {}

  /** Discards spans. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
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

  /** The traced interface for the proxy case. */
  public interface Retriever {
    List<String> search(Query q);
  }

  WeftSdk sdk;
  Tracer bare;
  Query query;
  Function<Query, List<String>> traced;
  Function<Query, List<String>> tracedNoCapture;
  Retriever proxy;

  static List<String> work(Query q) {
    return List.of(q.text(), "doc-" + q.topK());
  }

  @Setup(Level.Trial)
  public void setUp() {
    sdk =
        WeftSdk.builder(Settings.of(k -> null))
            .spanExporter(new DiscardingExporter())
            .shutdownHook(false)
            .build();
    bare = sdk.openTelemetry().getTracer("bench");
    query = new Query("what is the capital of France?", 5);
    Op op = sdk.op("retrieve");
    traced = op.function(TracingOverheadBenchmark::work);
    tracedNoCapture =
        op.captureInputs(false).captureOutput(false).function(TracingOverheadBenchmark::work);
    proxy = sdk.traced(Retriever.class, TracingOverheadBenchmark::work);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.shutdown();
  }

  /** No tracing at all. */
  @Benchmark
  public List<String> noTracing() {
    return work(query);
  }

  /** A bare OpenTelemetry span made current around the work. */
  @Benchmark
  public List<String> bareOtelSpan() {
    Span span = bare.spanBuilder("retrieve").startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      return work(query);
    } finally {
      span.end();
    }
  }

  /** A Weft traced function with input and output captured as redacted JSON. */
  @Benchmark
  public List<String> weftTracedWithCapture() {
    return traced.apply(query);
  }

  /** A Weft traced function without capture. */
  @Benchmark
  public List<String> weftTracedNoCapture() {
    return tracedNoCapture.apply(query);
  }

  /** A call through a traced interface proxy, with capture. */
  @Benchmark
  public List<String> weftProxyWithCapture() {
    return proxy.search(query);
  }
}
