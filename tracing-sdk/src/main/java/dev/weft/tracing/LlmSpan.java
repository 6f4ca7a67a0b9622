package dev.weft.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The open span of one LLM call ({@link LlmCall#start()}): record the response, usage and errors,
 * then close it. Current while open, so nested spans (tool calls) become its children. No method
 * throws.
 */
public final class LlmSpan implements AutoCloseable {

  private final WeftSdk sdk;
  private final Span span;
  private final Scope scope;
  private final List<ChatMessage> output = new ArrayList<>();
  private boolean closed;

  LlmSpan(WeftSdk sdk, Span span) {
    this.sdk = sdk;
    this.span = span;
    Scope s;
    try {
      s = span.makeCurrent();
    } catch (RuntimeException e) {
      s = Scope.noop();
    }
    this.scope = s;
  }

  /** The underlying OpenTelemetry span. */
  public Span span() {
    return span;
  }

  /** Appends an output message ({@code gen_ai.output.messages}). */
  public LlmSpan output(ChatMessage message) {
    output.add(message);
    return this;
  }

  /** Appends an assistant text answer with its finish reason. */
  public LlmSpan outputText(String text, String finishReason) {
    return output(ChatMessage.assistant(text).withFinishReason(finishReason));
  }

  /** {@code gen_ai.response.model}. */
  public LlmSpan responseModel(String model) {
    guard(() -> span.setAttribute(WeftAttributes.GenAi.RESPONSE_MODEL, model));
    return this;
  }

  /** {@code gen_ai.response.id}. */
  public LlmSpan responseId(String id) {
    guard(() -> span.setAttribute(WeftAttributes.GenAi.RESPONSE_ID, id));
    return this;
  }

  /** {@code gen_ai.usage.input_tokens} / {@code output_tokens}. */
  public LlmSpan usage(long inputTokens, long outputTokens) {
    guard(
        () -> {
          span.setAttribute(WeftAttributes.GenAi.INPUT_TOKENS, inputTokens);
          span.setAttribute(WeftAttributes.GenAi.OUTPUT_TOKENS, outputTokens);
        });
    return this;
  }

  /**
   * {@code gen_ai.usage.cache_read.input_tokens} / {@code cache_creation.input_tokens}: the input
   * tokens the provider served from its prompt cache and wrote to it. Both are part of the input
   * tokens given to {@link #usage}; Weft prices them at the model's cache prices.
   */
  public LlmSpan cachedInput(long readTokens, long writtenTokens) {
    guard(
        () -> {
          span.setAttribute(WeftAttributes.GenAi.CACHE_READ_INPUT_TOKENS, readTokens);
          span.setAttribute(WeftAttributes.GenAi.CACHE_CREATION_INPUT_TOKENS, writtenTokens);
        });
    return this;
  }

  /** Any other attribute. */
  public LlmSpan attribute(String key, String value) {
    guard(() -> span.setAttribute(key, sdk.redactor().redact(key, value)));
    return this;
  }

  /** Records a failure of the call (status error + exception event). */
  public LlmSpan error(Throwable t) {
    sdk.recordError(span, t);
    return this;
  }

  /** Ends the span. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!output.isEmpty() && span.isRecording()) {
        span.setAttribute(
            WeftAttributes.GenAi.OUTPUT_MESSAGES, sdk.captureJson(ChatMessage.toJson(output)));
        List<String> reasons = new ArrayList<>();
        for (ChatMessage m : output) {
          if (m.finishReason() != null) {
            reasons.add(m.finishReason());
          }
        }
        if (!reasons.isEmpty()) {
          span.setAttribute(WeftAttributes.GenAi.FINISH_REASONS, reasons);
        }
      }
    } catch (RuntimeException e) {
      sdk.stats().error();
    }
    try {
      scope.close();
      span.end();
    } catch (RuntimeException e) {
      sdk.stats().error();
    }
  }

  private void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      sdk.stats().error();
    }
  }
}
