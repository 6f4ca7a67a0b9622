package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmSpanTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final TestSdk t = new TestSdk();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void aHandWrittenCallCarriesTheGenAiConventionTheServerNormalises() throws Exception {
    try (LlmSpan span =
        t.sdk
            .llm("chat", "openai", "gpt-4o")
            .temperature(0.2)
            .maxTokens(256)
            .param("seed", 7)
            .message(ChatMessage.system("You are terse."))
            .message(ChatMessage.user("Weather in Paris?"))
            .start()) {
      span.output(
              ChatMessage.assistant(
                  List.of(
                      new ChatMessage.Text("Let me check."),
                      new ChatMessage.ToolCall("call_1", "get_weather", Map.of("city", "Paris"))),
                  "tool_calls"))
          .responseModel("gpt-4o-2024-08-06")
          .responseId("chatcmpl-1")
          .usage(30, 12)
          .cachedInput(20, 4);
    }

    SpanData s = t.span("chat gpt-4o");
    var a = s.getAttributes();
    assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(a.get(WeftAttributes.GenAi.OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(WeftAttributes.GenAi.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(WeftAttributes.GenAi.REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(a.get(WeftAttributes.GenAi.RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(a.get(WeftAttributes.GenAi.TEMPERATURE)).isEqualTo(0.2);
    assertThat(a.get(WeftAttributes.GenAi.MAX_TOKENS)).isEqualTo(256L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.request.seed"))).isEqualTo(7L);
    assertThat(a.get(WeftAttributes.GenAi.INPUT_TOKENS)).isEqualTo(30L);
    assertThat(a.get(WeftAttributes.GenAi.OUTPUT_TOKENS)).isEqualTo(12L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(20L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")))
        .isEqualTo(4L);
    assertThat(a.get(WeftAttributes.GenAi.FINISH_REASONS)).containsExactly("tool_calls");
    JsonNode in = JSON.readTree(a.get(WeftAttributes.GenAi.INPUT_MESSAGES));
    assertThat(in)
        .isEqualTo(
            JSON.readTree(
                "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are terse.\"}]},"
                    + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]"));
    JsonNode out = JSON.readTree(a.get(WeftAttributes.GenAi.OUTPUT_MESSAGES));
    assertThat(out)
        .isEqualTo(
            JSON.readTree(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Let me check.\"},"
                    + "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}],"
                    + "\"finish_reason\":\"tool_calls\"}]"));
  }

  @Test
  void toolResultsAndNestedToolSpansBelongToTheCall() throws Exception {
    String answer =
        t.sdk
            .llm("chat", "anthropic", "claude-sonnet")
            .message(ChatMessage.toolResult("call_1", Map.of("tempC", 21)))
            .call(
                span -> {
                  t.sdk.op("get_weather").kind("tool").run(() -> {});
                  span.outputText("21 degrees", "stop").usage(5, 3);
                  return "21 degrees";
                });

    assertThat(answer).isEqualTo("21 degrees");
    SpanData llm = t.span("chat claude-sonnet");
    assertThat(t.span("get_weather").getParentSpanId()).isEqualTo(llm.getSpanId());
    assertThat(JSON.readTree(llm.getAttributes().get(WeftAttributes.GenAi.INPUT_MESSAGES)))
        .isEqualTo(
            JSON.readTree(
                "[{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":{\"tempC\":21}}]}]"));
  }

  @Test
  void aFailedCallIsRecordedAndRethrown() {
    IllegalStateException boom = new IllegalStateException("rate limited");
    assertThatThrownBy(
            () ->
                t.sdk
                    .llm("chat", "openai", "gpt-4o")
                    .call(
                        span -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    SpanData s = t.span("chat gpt-4o");
    assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(s.getEvents()).extracting(e -> e.getName()).contains("exception");
  }

  @Test
  void closingTwiceEndsTheSpanOnce() {
    LlmSpan span = t.sdk.llm("embeddings", "openai", "text-embedding-3-small").start();
    span.close();
    span.close();
    assertThat(t.spans()).hasSize(1);
  }
}
