package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Run and session ids reach every span, Weft's and other libraries', across threads. */
class StampingTest {

  final TestSdk t = new TestSdk();

  @AfterEach
  void close() {
    t.close();
    WeftContext.setGlobalRun(null);
  }

  @Test
  void aSessionMarksWeftSpansAndSpansOfOtherLibraries() {
    Weft.install(t.sdk);
    try {
      Weft.session(
          "conv-1",
          () -> {
            t.sdk.op("turn").run(() -> {});
            t.sdk.openTelemetry().getTracer("langchain4j").spanBuilder("chat").startSpan().end();
          });
      t.sdk.op("outside").run(() -> {});
    } finally {
      Weft.reset();
    }

    assertThat(t.span("turn").getAttributes().get(WeftAttributes.SESSION_ID)).isEqualTo("conv-1");
    assertThat(t.span("chat").getAttributes().get(WeftAttributes.SESSION_ID)).isEqualTo("conv-1");
    assertThat(t.span("outside").getAttributes().get(WeftAttributes.SESSION_ID)).isNull();
  }

  @Test
  void aSessionScopeObjectWorksToo() {
    try (Scope ignored = Weft.session("conv-2")) {
      t.sdk.op("a").run(() -> {});
    }
    assertThat(t.span("a").getAttributes().get(WeftAttributes.SESSION_ID)).isEqualTo("conv-2");
  }

  @Test
  void theRunIdFollowsTheContextIntoExecutorsWhenHandedOver() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService wrapped = Context.taskWrapping(pool);
    try (Scope ignored = WeftContext.withRun(Context.current(), "run12345").makeCurrent()) {
      CompletableFuture.runAsync(
              Context.current().wrap(() -> t.sdk.op("wrapped-task").run(() -> {})), pool)
          .get(10, TimeUnit.SECONDS);
      wrapped.submit(() -> t.sdk.op("task-wrapping").run(() -> {})).get(10, TimeUnit.SECONDS);
      pool.submit(() -> t.sdk.op("not-handed-over").run(() -> {})).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }

    assertThat(t.span("wrapped-task").getAttributes().get(WeftAttributes.RUN_ID))
        .isEqualTo("run12345");
    assertThat(t.span("task-wrapping").getAttributes().get(WeftAttributes.RUN_ID))
        .isEqualTo("run12345");
    assertThat(t.span("not-handed-over").getAttributes().get(WeftAttributes.RUN_ID)).isNull();
  }

  @Test
  void theProcessWideRunStampsSpansOnAnyThreadUntilCleared() throws Exception {
    WeftContext.setGlobalRun("global01");
    Thread other = new Thread(() -> t.sdk.op("other-thread").run(() -> {}));
    other.start();
    other.join();
    try (Scope ignored = WeftContext.withRun(Context.current(), "ctxrun01").makeCurrent()) {
      t.sdk.op("context-wins").run(() -> {});
    }
    WeftContext.clearGlobalRun("global01");
    t.sdk.op("after").run(() -> {});

    assertThat(t.span("other-thread").getAttributes().get(WeftAttributes.RUN_ID))
        .isEqualTo("global01");
    assertThat(t.span("context-wins").getAttributes().get(WeftAttributes.RUN_ID))
        .isEqualTo("ctxrun01");
    assertThat(t.span("after").getAttributes().get(WeftAttributes.RUN_ID)).isNull();
  }

  @Test
  void anExplicitAttributeIsNotOverwritten() {
    try (Scope ignored = Weft.session("from-context")) {
      t.sdk
          .openTelemetry()
          .getTracer("x")
          .spanBuilder("explicit")
          .setAttribute(WeftAttributes.SESSION_ID, "explicit-session")
          .startSpan()
          .end();
    }
    SpanData s = t.span("explicit");
    assertThat(s.getAttributes().get(WeftAttributes.SESSION_ID)).isEqualTo("explicit-session");
  }
}
