package dev.weft.langchain4j;

import static dev.weft.langchain4j.Instrumentation.*;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;

/**
 * A {@link ChatModelListener} that records each chat call, synchronous or streaming, as a {@code
 * chat {model}} CLIENT span following the OpenTelemetry GenAI semantic conventions.
 *
 * <p>The span travels from {@code onRequest} to {@code onResponse}/{@code onError} in the call's
 * own attribute map, so streaming responses completed on another thread, and concurrent calls,
 * always end the right span. Obtain one from {@link WeftLangChain4j#chatModelListener()}.
 */
public final class WeftChatModelListener implements ChatModelListener {

  /** Key of the span in {@code ChatModelRequestContext.attributes()}. */
  static final Object SPAN_KEY = new Object();

  private final Instrumentation in;

  WeftChatModelListener(Instrumentation in) {
    this.in = in;
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    try {
      ChatRequest request = context.chatRequest();
      ChatRequestParameters p = request.parameters();
      String model = p == null ? null : p.modelName();
      SpanBuilder b =
          in.tracer()
              .spanBuilder(model == null ? "chat" : "chat " + model)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(in.takeParent())
              .setAttribute(OPERATION, "chat");
      String provider = providerName(context.modelProvider());
      if (provider != null) {
        b.setAttribute(PROVIDER, provider);
      }
      if (model != null) {
        b.setAttribute(REQUEST_MODEL, model);
      }
      if (p != null) {
        if (p.temperature() != null) {
          b.setAttribute(TEMPERATURE, p.temperature());
        }
        if (p.topP() != null) {
          b.setAttribute(TOP_P, p.topP());
        }
        if (p.topK() != null) {
          b.setAttribute(TOP_K, p.topK().doubleValue());
        }
        if (p.maxOutputTokens() != null) {
          b.setAttribute(MAX_TOKENS, p.maxOutputTokens().longValue());
        }
        if (p.frequencyPenalty() != null) {
          b.setAttribute(FREQUENCY_PENALTY, p.frequencyPenalty());
        }
        if (p.presencePenalty() != null) {
          b.setAttribute(PRESENCE_PENALTY, p.presencePenalty());
        }
        List<String> stop = p.stopSequences();
        if (stop != null && !stop.isEmpty()) {
          b.setAttribute(STOP_SEQUENCES, stop);
        }
        if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
          b.setAttribute(OUTPUT_TYPE, "json");
        }
      }
      if (in.captureContent && request.messages() != null) {
        String system = in.json.systemInstructions(request.messages());
        if (system != null) {
          b.setAttribute(SYSTEM_INSTRUCTIONS, system);
        }
        b.setAttribute(INPUT_MESSAGES, in.json.inputMessages(request.messages()));
      }
      context.attributes().put(SPAN_KEY, b.startSpan());
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    try {
      if (!(context.attributes().remove(SPAN_KEY) instanceof Span span)) {
        return;
      }
      ChatResponse response = context.chatResponse();
      if (response != null) {
        if (response.modelName() != null) {
          span.setAttribute(RESPONSE_MODEL, response.modelName());
        }
        if (response.id() != null) {
          span.setAttribute(RESPONSE_ID, response.id());
        }
        String finish = finishReason(response.finishReason());
        if (finish != null) {
          span.setAttribute(FINISH_REASONS, List.of(finish));
        }
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
          usage(span, usage);
        }
        if (in.captureContent && response.aiMessage() != null) {
          span.setAttribute(OUTPUT_MESSAGES, in.json.outputMessages(response.aiMessage(), finish));
        }
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  /**
   * Token counts, with the prompt-cache counts of the provider modules that report them. As the
   * GenAI conventions say, the input tokens include the cached ones, so Anthropic's (which leave
   * them out) are added up.
   */
  private static void usage(Span span, TokenUsage usage) {
    CacheUsage.Counts cache = CacheUsage.of(usage);
    if (usage.inputTokenCount() != null) {
      long input = usage.inputTokenCount();
      if (cache != null && cache.countedApart()) {
        input += cache.read() + cache.written();
      }
      span.setAttribute(INPUT_TOKENS, input);
    }
    if (usage.outputTokenCount() != null) {
      span.setAttribute(OUTPUT_TOKENS, usage.outputTokenCount().longValue());
    }
    if (cache != null && cache.read() > 0) {
      span.setAttribute(CACHE_READ_INPUT_TOKENS, cache.read());
    }
    if (cache != null && cache.written() > 0) {
      span.setAttribute(CACHE_CREATION_INPUT_TOKENS, cache.written());
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    try {
      if (context.attributes().remove(SPAN_KEY) instanceof Span span) {
        fail(span, context.error());
        span.end();
      }
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }
}
