package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedOperationTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final TestSdk t = new TestSdk();

  @AfterEach
  void close() {
    t.close();
  }

  record Question(String text, int topK) {}

  @Test
  void nestedOperationsFollowTheOpenTelemetryContext() {
    String answer =
        t.sdk
            .op("answer")
            .call(
                () -> {
                  List<String> docs = t.sdk.op("retrieve").apply("q", q -> List.of("d1", "d2"));
                  return t.sdk.op("generate").call(() -> "from " + docs);
                });

    assertThat(answer).isEqualTo("from [d1, d2]");
    SpanData root = t.span("answer");
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    for (String child : List.of("retrieve", "generate")) {
      SpanData s = t.span(child);
      assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
    }
  }

  @Test
  void inputsAndOutputsAreCapturedAsJson() throws Exception {
    Function<Question, Map<String, Object>> f =
        t.sdk.op("search").kind("retriever").function(q -> Map.of("hits", q.topK()));
    f.apply(new Question("what?", 3));

    SpanData s = t.span("search");
    assertThat(JSON.readTree(s.getAttributes().get(WeftAttributes.INPUT_VALUE)))
        .isEqualTo(JSON.readTree("{\"text\":\"what?\",\"topK\":3}"));
    assertThat(s.getAttributes().get(WeftAttributes.INPUT_MIME)).isEqualTo("application/json");
    assertThat(s.getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isEqualTo("{\"hits\":3}");
    assertThat(s.getAttributes().get(WeftAttributes.SPAN_KIND)).isEqualTo("retriever");
  }

  @Test
  void everyWrapperKindIsTraced() throws Throwable {
    Supplier<Integer> supplier = t.sdk.op("supplier").supplier(() -> 1);
    BiFunction<Integer, Integer, Integer> bi = t.sdk.op("bi").biFunction(Integer::sum);
    Callable<String> callable = t.sdk.op("callable").callable(() -> "c");
    Runnable runnable = t.sdk.op("runnable").runnable(() -> {});
    CheckedSupplier<String, IOException> cs =
        t.sdk.op("checkedSupplier").checkedSupplier(() -> "x");
    CheckedFunction<String, Integer, IOException> cf =
        t.sdk.op("checkedFunction").checkedFunction(String::length);
    CheckedBiFunction<String, String, String, IOException> cbf =
        t.sdk.op("checkedBiFunction").checkedBiFunction(String::concat);
    CheckedRunnable<IOException> cr = t.sdk.op("checkedRunnable").checkedRunnable(() -> {});

    assertThat(supplier.get()).isEqualTo(1);
    assertThat(bi.apply(2, 3)).isEqualTo(5);
    assertThat(callable.call()).isEqualTo("c");
    runnable.run();
    assertThat(cs.get()).isEqualTo("x");
    assertThat(cf.apply("four")).isEqualTo(4);
    assertThat(cbf.apply("a", "b")).isEqualTo("ab");
    cr.run();
    t.sdk.op("run").run(() -> {});

    assertThat(t.spans())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder(
            "supplier",
            "bi",
            "callable",
            "runnable",
            "checkedSupplier",
            "checkedFunction",
            "checkedBiFunction",
            "checkedRunnable",
            "run");
    assertThat(t.span("bi").getAttributes().get(WeftAttributes.INPUT_VALUE))
        .isEqualTo("{\"arg0\":2,\"arg1\":3}");
    assertThat(t.span("runnable").getAttributes().get(WeftAttributes.OUTPUT_VALUE))
        .isEqualTo("null");
    assertThat(t.span("supplier").getAttributes().get(WeftAttributes.INPUT_VALUE)).isNull();
  }

  @Test
  void anExceptionIsRecordedAndRethrownUnchanged() {
    IOException boom = new IOException("disk full");
    CheckedSupplier<String, IOException> failing =
        t.sdk
            .op("save")
            .checkedSupplier(
                () -> {
                  throw boom;
                });

    assertThatThrownBy(failing::get).isSameAs(boom);

    SpanData s = t.span("save");
    assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(s.getStatus().getDescription()).isEqualTo("disk full");
    EventData event = s.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.io.IOException");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .contains("anExceptionIsRecordedAndRethrownUnchanged");
  }

  @Test
  void largeValuesAreCutWithAVisibleMarker() {
    try (TestSdk small = new TestSdk(b -> b.maxCaptureChars(100))) {
      String big = "x".repeat(1000);
      small.sdk.op("big").apply(big, s -> s.length());

      SpanData s = small.span("big");
      String input = s.getAttributes().get(WeftAttributes.INPUT_VALUE);
      assertThat(input)
          .startsWith("\"xxxx")
          .contains("[truncated by weft: 100 of 1002 chars shown]");
      assertThat(input.length()).isLessThan(200);
      assertThat(s.getAttributes().get(WeftAttributes.INPUT_TRUNCATED)).isTrue();
      assertThat(s.getAttributes().get(WeftAttributes.INPUT_MIME)).isEqualTo("text/plain");
      assertThat(s.getAttributes().get(WeftAttributes.OUTPUT_TRUNCATED)).isNull();
    }
  }

  @Test
  void captureCanBeSwitchedOffPerOperationAndGlobally() {
    t.sdk.op("quiet").captureInputs(false).captureOutput(false).apply("secret", s -> s);
    assertThat(t.span("quiet").getAttributes().get(WeftAttributes.INPUT_VALUE)).isNull();
    assertThat(t.span("quiet").getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isNull();

    try (TestSdk off = new TestSdk(b -> b.captureInputs(false).captureOutputs(false))) {
      off.sdk.op("op").apply("in", s -> s);
      assertThat(off.span("op").getAttributes().get(WeftAttributes.INPUT_VALUE)).isNull();
      assertThat(off.span("op").getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isNull();
    }
  }

  /** A service as an application would write it. */
  public interface Assistant {
    String reply(String message, int maxWords);

    @Traced(value = "assistant.lookup", kind = "tool", captureOutput = false)
    List<String> lookup(String term) throws IOException;

    default String greet() {
      return reply("hello", 1);
    }
  }

  static final class AssistantImpl implements Assistant {
    @Override
    public String reply(String message, int maxWords) {
      return "echo " + message;
    }

    @Override
    public List<String> lookup(String term) throws IOException {
      if (term.isEmpty()) {
        throw new IOException("empty term");
      }
      return List.of(term);
    }
  }

  @Test
  void aProxyTracesEveryInterfaceMethodWithNamedArguments() throws Exception {
    Assistant assistant = t.sdk.traced(Assistant.class, new AssistantImpl());

    assertThat(assistant.reply("hi", 5)).isEqualTo("echo hi");
    assertThat(assistant.lookup("java")).containsExactly("java");
    assertThat(assistant.greet()).isEqualTo("echo hello");

    SpanData reply =
        t.spans().stream()
            .filter(s -> s.getName().equals("Assistant.reply"))
            .filter(s -> !s.getParentSpanContext().isValid())
            .findFirst()
            .orElseThrow();
    assertThat(JSON.readTree(reply.getAttributes().get(WeftAttributes.INPUT_VALUE)))
        .isEqualTo(JSON.readTree("{\"message\":\"hi\",\"maxWords\":5}"));
    assertThat(reply.getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isEqualTo("\"echo hi\"");
    SpanData lookup = t.span("assistant.lookup");
    assertThat(lookup.getAttributes().get(WeftAttributes.SPAN_KIND)).isEqualTo("tool");
    assertThat(lookup.getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isNull();
    assertThat(t.span("Assistant.greet")).isNotNull();
    assertThat(assistant.toString()).startsWith("traced(");
  }

  @Test
  void aProxyRethrowsTheImplementationsCheckedException() {
    Assistant assistant = t.sdk.traced(Assistant.class, new AssistantImpl());

    assertThatThrownBy(() -> assistant.lookup(""))
        .isInstanceOf(IOException.class)
        .hasMessage("empty term");
    assertThat(t.span("assistant.lookup").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aProxyNeedsAnInterface() {
    assertThatThrownBy(() -> t.sdk.traced(String.class, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an interface");
  }
}
