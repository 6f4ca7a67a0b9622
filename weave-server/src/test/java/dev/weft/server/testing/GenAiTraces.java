package dev.weft.server.testing;

import static dev.weft.server.testing.OtlpExporters.record;
import static io.opentelemetry.api.common.AttributeKey.longKey;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/** GenAI traces recorded with the OpenTelemetry SDK, as instrumentations emit them, for tests. */
public final class GenAiTraces {

  /** The model of the traces' chat spans (not in the shipped price table). */
  public static final String MODEL = "weft-test-model";

  private GenAiTraces() {}

  /** An agent run with one GenAI chat call and one tool call, as current instrumentations emit. */
  public static List<SpanData> agentTrace(Attributes resource, String question) {
    return record(
        resource,
        provider -> {
          Tracer tracer = provider.get("test-app");
          Span agent =
              tracer
                  .spanBuilder("invoke_agent support-bot")
                  .setAttribute("gen_ai.operation.name", "invoke_agent")
                  .setAttribute("gen_ai.agent.name", "support-bot")
                  .startSpan();
          try (Scope ignored = agent.makeCurrent()) {
            tracer
                .spanBuilder("chat " + MODEL)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", "openai")
                .setAttribute("gen_ai.request.model", MODEL)
                .setAttribute("gen_ai.response.model", MODEL)
                .setAttribute("gen_ai.request.temperature", 0.2)
                .setAttribute(longKey("gen_ai.usage.input_tokens"), 1200L)
                .setAttribute(longKey("gen_ai.usage.output_tokens"), 300L)
                .setAttribute(
                    "gen_ai.input.messages",
                    "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a"
                        + " helpful assistant.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\""
                        + question
                        + "\"}]}]")
                .setAttribute(
                    "gen_ai.output.messages",
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris."
                        + "\"}],\"finish_reason\":\"stop\"}]")
                .setAttribute("app.custom.flag", "kept")
                .startSpan()
                .end();
            tracer
                .spanBuilder("execute_tool get_weather")
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.tool.name", "get_weather")
                .startSpan()
                .end();
          } finally {
            agent.end();
          }
        });
  }
}
