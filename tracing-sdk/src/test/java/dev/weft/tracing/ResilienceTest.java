package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Instrumentation never throws into user code and never blocks it. */
class ResilienceTest {

  /** A value whose serialization fails. */
  public static final class Explosive {
    public String getValue() {
      throw new IllegalStateException("getter exploded");
    }
  }

  @Test
  void aSerializerThatThrowsDoesNotReachTheCaller() {
    try (TestSdk t = new TestSdk()) {
      Explosive result = t.sdk.op("explode").apply(new Explosive(), e -> new Explosive());

      assertThat(result).isNotNull();
      SpanData s = t.span("explode");
      assertThat(s.getAttributes().get(WeftAttributes.INPUT_VALUE))
          .isEqualTo("\"<not serializable: dev.weft.tracing.ResilienceTest$Explosive>\"");
      assertThat(t.sdk.instrumentationErrors()).isEqualTo(2);
    }
  }

  static final class ThrowingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      throw new IllegalStateException("exporter bug");
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

  @Test
  void anExporterThatThrowsLosesSpansButNotTheApplication() {
    WeftSdk sdk =
        WeftSdk.builder(Settings.of(k -> null))
            .spanExporter(new ThrowingExporter())
            .scheduleDelay(Duration.ofMillis(10))
            .shutdownHook(false)
            .build();
    for (int i = 0; i < 5; i++) {
      assertThat(sdk.op("work").call(() -> 42)).isEqualTo(42);
    }
    sdk.flush(Duration.ofSeconds(10));

    assertThat(sdk.droppedSpans()).isEqualTo(5);
    sdk.shutdown();
  }

  static final class BlockedExporter implements SpanExporter {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    BlockedExporter exporter = new BlockedExporter();
    WeftSdk sdk =
        WeftSdk.builder(Settings.of(k -> null))
            .spanExporter(exporter)
            .maxQueueSize(10)
            .maxExportBatchSize(1)
            .scheduleDelay(Duration.ofMillis(10))
            .shutdownHook(false)
            .build();
    sdk.op("first").run(() -> {});
    assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < 100; i++) {
      sdk.op("more").run(() -> {});
    }

    assertThat(sdk.droppedSpans()).isEqualTo(90);
    exporter.release.countDown();
    sdk.shutdown();
  }

  @Test
  void anApplicationWithoutInitRunsUnchangedOverTheNoopGlobal() throws Exception {
    Weft.reset();
    try {
      assertThat(Weft.op("noop").call(() -> "fine")).isEqualTo("fine");
      assertThat(Weft.trace("t", () -> 1)).isEqualTo(1);
      Weft.trace("v", () -> {});
      String answer = Weft.llm("chat", "openai", "gpt-4o").call(span -> "ok");
      assertThat(answer).isEqualTo("ok");
      assertThat(Weft.droppedSpans()).isZero();
    } finally {
      Weft.reset();
    }
  }
}
