package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SamplingTest {

  /** Counts how often it is serialized. */
  public static final class Counted {
    static final AtomicInteger reads = new AtomicInteger();

    public int getValue() {
      return reads.incrementAndGet();
    }
  }

  @Test
  void ratioZeroKeepsNothingAndSerializesNothing() {
    try (TestSdk t = new TestSdk(b -> b.sampleRatio(0.0))) {
      Counted.reads.set(0);
      for (int i = 0; i < 50; i++) {
        t.sdk.op("dropped").apply(new Counted(), c -> c);
      }
      assertThat(t.spans()).isEmpty();
      assertThat(Counted.reads.get()).isZero();
    }
  }

  @Test
  void ratioOneKeepsEverything() {
    try (TestSdk t = new TestSdk(b -> b.sampleRatio(1.0))) {
      for (int i = 0; i < 20; i++) {
        t.sdk.op("kept").run(() -> {});
      }
      assertThat(t.spans()).hasSize(20);
    }
  }

  @Test
  void aChildFollowsItsSampledParentWhateverTheRatio() {
    try (TestSdk t = new TestSdk(b -> b.sampleRatio(0.0))) {
      SpanContext remote =
          SpanContext.createFromRemoteParent(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.getDefault());
      try (Scope ignored = Context.current().with(Span.wrap(remote)).makeCurrent()) {
        t.sdk.op("child").run(() -> {});
      }
      SpanData child = t.span("child");
      assertThat(child.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(child.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    }
  }

  @Test
  void aRatioOfHalfKeepsWholeTracesOnly() {
    try (TestSdk t = new TestSdk(b -> b.sampleRatio(0.5))) {
      for (int i = 0; i < 200; i++) {
        t.sdk.op("root").run(() -> t.sdk.op("leaf").run(() -> {}));
      }
      long roots = t.spans().stream().filter(s -> s.getName().equals("root")).count();
      long leaves = t.spans().stream().filter(s -> s.getName().equals("leaf")).count();
      assertThat(roots).isBetween(1L, 199L);
      assertThat(leaves).isEqualTo(roots);
    }
  }

  @Test
  void theRatioComesFromTheStandardOtelVariables() {
    var settings =
        Settings.of(
            k ->
                switch (k) {
                  case "OTEL_TRACES_SAMPLER" -> "parentbased_traceidratio";
                  case "OTEL_TRACES_SAMPLER_ARG" -> "0";
                  default -> null;
                });
    try (TestSdk t = new TestSdk(b -> b)) {
      WeftSdk sdk = WeftSdk.builder(settings).spanExporter(t.exporter).shutdownHook(false).build();
      sdk.op("x").run(() -> {});
      sdk.flush(java.time.Duration.ofSeconds(5));
      assertThat(t.exporter.getFinishedSpanItems()).isEmpty();
      sdk.shutdown();
    }
    assertThatThrownBy(() -> WeftSdk.builder().sampleRatio(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
  }
}
