package dev.weft.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.it.WeftServer;
import dev.weft.tracing.ChatMessage;
import dev.weft.tracing.Settings;
import dev.weft.tracing.Weft;
import dev.weft.tracing.WeftSdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A traced application using the Weft SDK, exporting to the packaged server over OTLP. */
class SdkTracingIT {

  static WeftSdk sdkFor(WeftServer server, WeftServer.Project project, String mode, String dir) {
    return WeftSdk.builder(
            Settings.of(
                k ->
                    switch (k) {
                      case "WEFT_ENDPOINT" -> server.httpUrl();
                      case "WEFT_API_KEY" -> project.key();
                      case "WEFT_PROJECT" -> project.name();
                      case "WEFT_MODE" -> mode;
                      case "WEFT_DIR" -> dir;
                      case "OTEL_SERVICE_NAME" -> "sdk-it";
                      default -> null;
                    }))
        .scheduleDelay(Duration.ofMillis(50))
        .shutdownHook(false)
        .build();
  }

  @Test
  void tracedOperationsAndLlmCallsArriveNestedRedactedAndInTheirSession() {
    WeftServer server = WeftServer.get();
    WeftServer.Project project = server.newProject("sdk-trace");
    WeftSdk sdk = sdkFor(server, project, "online", null);
    String[] traceId = new String[1];

    String answer;
    try (Scope ignored = Weft.session("conv-it-1")) {
      answer =
          sdk.op("answer")
              .kind("chain")
              .apply(
                  Map.of(
                      "question",
                      "What is the capital of France?",
                      "api_key",
                      "sk-live-abcdefghijklmnopqrstuvwxyz"),
                  q -> {
                    traceId[0] = Span.current().getSpanContext().getTraceId();
                    return sdk.llm("chat", "openai", "gpt-4o-mini")
                        .temperature(0.0)
                        .message(ChatMessage.user((String) q.get("question")))
                        .call(
                            span -> {
                              span.outputText("Paris", "stop").usage(10, 5);
                              return "Paris";
                            });
                  });
    }
    assertThat(answer).isEqualTo("Paris");
    assertThat(sdk.flush(Duration.ofSeconds(30))).isTrue();
    sdk.shutdown();

    JsonNode trace = project.get("/traces/" + traceId[0]);
    JsonNode root = trace.at("/roots/0");
    assertThat(root.get("name").asText()).isEqualTo("answer");
    assertThat(root.get("sessionId").asText()).isEqualTo("conv-it-1");
    assertThat(root.get("input").toString())
        .contains("What is the capital of France?")
        .contains("[REDACTED]")
        .doesNotContain("sk-live");
    assertThat(root.get("output").toString()).contains("Paris");
    JsonNode llm = root.at("/children/0");
    assertThat(llm.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(llm.get("provider").asText()).isEqualTo("openai");
    assertThat(llm.get("sessionId").asText()).isEqualTo("conv-it-1");
    assertThat(llm.at("/usage/totalTokens").asLong()).isEqualTo(15);
    assertThat(trace.at("/summary/costUsd").asDouble()).isPositive();
    assertThat(sdk.droppedSpans()).isZero();
  }
}
