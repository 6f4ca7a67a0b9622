package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactionTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final TestSdk t = new TestSdk();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void secretsInCapturedInputsAndOutputsNeverLeave() throws Exception {
    Map<String, Object> request =
        Map.of(
            "user", "ada",
            "password", "hunter2",
            "nested", Map.of("openai_api_key", "abc", "max_tokens", 100),
            "note", "call with Bearer abcdefghijklmnop1234 please");
    t.sdk.op("login").apply(request, r -> Map.of("token", "t0k3n", "ok", true));

    SpanData s = t.span("login");
    var input = JSON.readTree(s.getAttributes().get(WeftAttributes.INPUT_VALUE));
    assertThat(input.get("user").asText()).isEqualTo("ada");
    assertThat(input.get("password").asText()).isEqualTo("[REDACTED]");
    assertThat(input.at("/nested/openai_api_key").asText()).isEqualTo("[REDACTED]");
    assertThat(input.at("/nested/max_tokens").asInt()).isEqualTo(100);
    assertThat(input.get("note").asText()).isEqualTo("call with [REDACTED] please");
    var output = JSON.readTree(s.getAttributes().get(WeftAttributes.OUTPUT_VALUE));
    assertThat(output.get("token").asText()).isEqualTo("[REDACTED]");
    assertThat(output.get("ok").asBoolean()).isTrue();
  }

  @Test
  void spansOfOtherInstrumentationAreRedactedBeforeExport() throws Exception {
    Tracer foreign = t.sdk.openTelemetry().getTracer("some.http.client");
    Span span =
        foreign
            .spanBuilder("POST /chat")
            .setAttribute("http.request.header.authorization", "Bearer sk-live-1234567890abcdef")
            .setAttribute("db.password", "pw")
            .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L)
            .setAttribute(AttributeKey.longKey("client.api_key"), 42L)
            .setAttribute(
                "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"my key is"
                    + " sk-abcdefghijklmnopqrstuv\"}],\"api_key\":\"x\"}]")
            .setAttribute(AttributeKey.stringArrayKey("http.request.header.cookie"), List.of("a=b"))
            .setAttribute("url.full", "https://api.example.com/v1?x=1")
            .startSpan();
    span.addEvent(
        "retry",
        Attributes.of(
            AttributeKey.stringKey("secret"), "s3cr3t", AttributeKey.stringKey("attempt"), "2"));
    span.end();

    SpanData s = t.span("POST /chat");
    Attributes a = s.getAttributes();
    assertThat(a.get(AttributeKey.stringKey("http.request.header.authorization")))
        .isEqualTo("[REDACTED]");
    assertThat(a.get(AttributeKey.stringKey("db.password"))).isEqualTo("[REDACTED]");
    assertThat(a.get(AttributeKey.stringKey("client.api_key"))).isEqualTo("[REDACTED]");
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
    assertThat(a.get(AttributeKey.stringArrayKey("http.request.header.cookie")))
        .containsExactly("[REDACTED]");
    assertThat(a.get(AttributeKey.stringKey("url.full")))
        .isEqualTo("https://api.example.com/v1?x=1");
    var messages = JSON.readTree(a.get(AttributeKey.stringKey("gen_ai.input.messages")));
    assertThat(messages.at("/0/parts/0/content").asText()).isEqualTo("my key is [REDACTED]");
    assertThat(messages.at("/0/api_key").asText()).isEqualTo("[REDACTED]");
    assertThat(s.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("secret")))
        .isEqualTo("[REDACTED]");
    assertThat(s.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("attempt")))
        .isEqualTo("2");
  }

  @Test
  void exceptionMessagesAreRedacted() {
    try {
      t.sdk
          .op("call")
          .call(
              () -> {
                throw new IllegalStateException("401 for Bearer abcdefghijklmnopqrs");
              });
    } catch (IllegalStateException expected) {
      // recorded
    }
    SpanData s = t.span("call");
    assertThat(s.getStatus().getDescription()).isEqualTo("401 for [REDACTED]");
    assertThat(
            s.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("401 for [REDACTED]");
  }

  @Test
  void customKeysAndPatternsExtendOrReplaceTheDefaults() {
    Redactor custom = Redactor.builder().keys("ssn").pattern("\\d{4}-\\d{4}-\\d{4}-\\d{4}").build();
    try (TestSdk own = new TestSdk(b -> b.redactor(custom))) {
      own.sdk
          .op("pay")
          .apply(
              Map.of("ssn", "123", "card", "pay 1111-2222-3333-4444 now", "password", "p"), x -> 1);
      String input = own.span("pay").getAttributes().get(WeftAttributes.INPUT_VALUE);
      assertThat(input)
          .contains("\"ssn\":\"[REDACTED]\"")
          .contains("pay [REDACTED] now")
          .contains("\"password\":\"[REDACTED]\"");
    }
    Redactor onlyMine = Redactor.builder().clear().keys("pin").build();
    assertThat(onlyMine.isSensitiveKey("password")).isFalse();
    assertThat(onlyMine.isSensitiveKey("card.PIN")).isTrue();
    assertThat(Redactor.none().redactText("Bearer abcdefghijklmnop"))
        .isEqualTo("Bearer abcdefghijklmnop");
  }

  record Login(String user, String accessToken, List<String> notes) {}

  @Test
  void camelCaseFieldsOfObjectsAreRedactedAndCleanValuesKeptAsTheyAre() {
    t.sdk.op("login").apply(new Login("ada", "abc", List.of("fine")), l -> "ok");
    assertThat(t.span("login").getAttributes().get(WeftAttributes.INPUT_VALUE))
        .isEqualTo("{\"user\":\"ada\",\"accessToken\":\"[REDACTED]\",\"notes\":[\"fine\"]}");
    assertThat(t.span("login").getAttributes().get(WeftAttributes.OUTPUT_VALUE))
        .isEqualTo("\"ok\"");
  }

  @Test
  void keyMatchingIsBySegmentNotSubstring() {
    Redactor r = Redactor.defaults();
    assertThat(r.isSensitiveKey("max_tokens")).isFalse();
    assertThat(r.isSensitiveKey("gen_ai.usage.output_tokens")).isFalse();
    assertThat(r.isSensitiveKey("token_count")).isFalse();
    assertThat(r.isSensitiveKey("github_token")).isTrue();
    assertThat(r.isSensitiveKey("X-Api-Key")).isTrue();
    assertThat(r.isSensitiveKey("Authorization")).isTrue();
    assertThat(r.isSensitiveKey("accessToken")).isTrue();
    assertThat(r.isSensitiveKey("userPassword")).isTrue();
    assertThat(r.isSensitiveKey("apiKey")).isTrue();
    assertThat(r.isSensitiveKey("keyboard")).isFalse();
    assertThat(
            r.redactText("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"))
        .isEqualTo("[REDACTED]");
    assertThat(r.redactText("AKIAABCDEFGHIJKLMNOP")).isEqualTo("[REDACTED]");
    assertThat(r.redactText("plain words")).isEqualTo("plain words");
  }
}
