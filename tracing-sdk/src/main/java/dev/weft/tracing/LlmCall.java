package dev.weft.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a hand-written LLM call before it is made; {@link #start()} opens its span with the
 * OpenTelemetry GenAI attributes Weft normalises.
 *
 * <pre>{@code
 * try (LlmSpan span = Weft.llm("chat", "openai", "gpt-4o")
 *     .temperature(0.2)
 *     .message(ChatMessage.user(question))
 *     .start()) {
 *   Reply r = client.chat(...);
 *   span.output(ChatMessage.assistant(r.text()).withFinishReason("stop"))
 *       .usage(r.inputTokens(), r.outputTokens())
 *       .responseModel(r.model());
 * }
 * }</pre>
 */
public final class LlmCall {

  private final WeftSdk sdk;
  private final String operation;
  private final String provider;
  private final String model;
  private final List<ChatMessage> messages = new ArrayList<>();
  private final Map<String, Object> params = new LinkedHashMap<>();
  private String name;

  LlmCall(WeftSdk sdk, String operation, String provider, String model) {
    this.sdk = sdk;
    this.operation = operation == null ? "chat" : operation;
    this.provider = provider;
    this.model = model;
  }

  /** Span name (default {@code "<operation> <model>"}). */
  public LlmCall name(String name) {
    this.name = name;
    return this;
  }

  /** {@code gen_ai.request.temperature}. */
  public LlmCall temperature(double t) {
    params.put("temperature", t);
    return this;
  }

  /** {@code gen_ai.request.top_p}. */
  public LlmCall topP(double p) {
    params.put("top_p", p);
    return this;
  }

  /** {@code gen_ai.request.max_tokens}. */
  public LlmCall maxTokens(long n) {
    params.put("max_tokens", n);
    return this;
  }

  /** Any request parameter, as {@code gen_ai.request.<name>} (numbers, booleans, text). */
  public LlmCall param(String name, Object value) {
    params.put(name, value);
    return this;
  }

  /** Appends an input message. */
  public LlmCall message(ChatMessage message) {
    messages.add(message);
    return this;
  }

  /** Appends input messages. */
  public LlmCall messages(List<ChatMessage> messages) {
    this.messages.addAll(messages);
    return this;
  }

  /** Opens the span (current until {@link LlmSpan#close()}). Never throws. */
  public LlmSpan start() {
    try {
      SpanBuilder b =
          sdk.tracer()
              .spanBuilder(name != null ? name : operation + (model == null ? "" : " " + model))
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(WeftAttributes.GenAi.OPERATION_NAME, operation);
      if (provider != null) {
        b.setAttribute(WeftAttributes.GenAi.PROVIDER_NAME, provider);
      }
      if (model != null) {
        b.setAttribute(WeftAttributes.GenAi.REQUEST_MODEL, model);
      }
      for (Map.Entry<String, Object> p : params.entrySet()) {
        String key = "gen_ai.request." + p.getKey();
        Object v = p.getValue();
        if (v instanceof Double || v instanceof Float) {
          b.setAttribute(AttributeKey.doubleKey(key), ((Number) v).doubleValue());
        } else if (v instanceof Number n) {
          b.setAttribute(AttributeKey.longKey(key), n.longValue());
        } else if (v instanceof Boolean bool) {
          b.setAttribute(AttributeKey.booleanKey(key), bool);
        } else if (v != null) {
          b.setAttribute(key, String.valueOf(v));
        }
      }
      Span span = b.startSpan();
      if (!messages.isEmpty() && span.isRecording()) {
        span.setAttribute(
            WeftAttributes.GenAi.INPUT_MESSAGES, sdk.captureJson(ChatMessage.toJson(messages)));
      }
      return new LlmSpan(sdk, span);
    } catch (RuntimeException e) {
      sdk.stats().error();
      return new LlmSpan(sdk, Span.getInvalid());
    }
  }

  /** Runs {@code body} inside the span; exceptions are recorded and rethrown. */
  public <T, E extends Throwable> T call(CheckedFunction<LlmSpan, T, E> body) throws E {
    try (LlmSpan span = start()) {
      try {
        return body.apply(span);
      } catch (Throwable t) {
        span.error(t);
        throw t;
      }
    }
  }
}
