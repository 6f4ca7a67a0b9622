package dev.weft.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A {@link WeftSdk} exporting into memory through its real pipeline (redaction, bounded queue). */
final class TestSdk implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final WeftSdk sdk;

  TestSdk() {
    this(b -> b);
  }

  TestSdk(UnaryOperator<WeftSdk.Builder> customize) {
    WeftSdk.Builder b =
        WeftSdk.builder(Settings.of(k -> null))
            .spanExporter(exporter)
            .scheduleDelay(Duration.ofMillis(20))
            .shutdownHook(false);
    sdk = customize.apply(b).build();
  }

  /** Everything ended so far, after a flush. */
  List<SpanData> spans() {
    sdk.flush(Duration.ofSeconds(10));
    return exporter.getFinishedSpanItems();
  }

  SpanData span(String name) {
    return spans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans()));
  }

  @Override
  public void close() {
    sdk.shutdown();
  }
}
