package dev.weft.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * State shared by the listeners of one {@link WeftLangChain4j}: the tracer, the content settings,
 * the open AI-service invocations and the hand-over of a parent from an AI service to the chat
 * model call it issues.
 */
final class Instrumentation {

  static final String SCOPE = "dev.weft.langchain4j";

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Double> TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");
  static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> FREQUENCY_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.frequency_penalty");
  static final AttributeKey<Double> PRESENCE_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.presence_penalty");
  static final AttributeKey<List<String>> STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> TOOL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> RETRIEVAL_QUERY =
      AttributeKey.stringKey("gen_ai.retrieval.query.text");
  static final AttributeKey<String> RETRIEVAL_DOCUMENTS =
      AttributeKey.stringKey("gen_ai.retrieval.documents");
  static final AttributeKey<String> DATA_SOURCE_ID =
      AttributeKey.stringKey("gen_ai.data_source.id");
  static final AttributeKey<Long> EMBEDDING_DIMENSION =
      AttributeKey.longKey("gen_ai.embeddings.dimension.count");
  static final AttributeKey<String> AI_SERVICE_METHOD =
      AttributeKey.stringKey("langchain4j.ai_service.method");
  static final AttributeKey<String> INVOCATION_ID =
      AttributeKey.stringKey("langchain4j.invocation.id");

  /** Past this many open AI-service invocations new ones are not tracked (a leak guard). */
  static final int MAX_OPEN_INVOCATIONS = 10_000;

  private final Supplier<OpenTelemetry> openTelemetry;
  private volatile Tracer tracer;
  final boolean captureContent;
  final GenAiJson json;

  /** AI-service invocations in flight: their span, found again from any thread by id. */
  final Map<UUID, Span> invocations = new ConcurrentHashMap<>();

  /**
   * The parent an AI service hands to the chat call it is about to make. LangChain4j fires {@code
   * AiServiceRequestIssuedEvent} and then calls the chat model on the same thread, and the model
   * calls {@code onRequest} synchronously, so a thread-local is safe for this one short step; the
   * span itself then travels in the listener's attribute map.
   */
  private final ThreadLocal<Pending> pendingParent = new ThreadLocal<>();

  private record Pending(UUID invocationId, Context parent) {}

  Instrumentation(Supplier<OpenTelemetry> openTelemetry, boolean captureContent, int maxLength) {
    this.openTelemetry = openTelemetry;
    this.captureContent = captureContent;
    this.json = new GenAiJson(maxLength);
  }

  /**
   * The tracer, resolved on first use so that an application may install its OpenTelemetry SDK (or
   * the Weft SDK) after creating the listeners.
   */
  Tracer tracer() {
    Tracer t = tracer;
    if (t == null) {
      t = openTelemetry.get().getTracer(SCOPE, WeftLangChain4j.VERSION);
      tracer = t;
    }
    return t;
  }

  /** Hands {@code parent} to the next chat call made on this thread. */
  void handOver(UUID invocationId, Context parent) {
    pendingParent.set(new Pending(invocationId, parent));
  }

  /** Takes the parent handed over on this thread, if any, else the current context. */
  Context takeParent() {
    Pending p = pendingParent.get();
    if (p == null) {
      return Context.current();
    }
    pendingParent.remove();
    // A hand-over left behind by a call that failed elsewhere must not adopt a later call.
    return invocations.containsKey(p.invocationId()) ? p.parent() : Context.current();
  }

  /** Forgets a hand-over that no chat listener picked up (the model was not instrumented). */
  void clearHandOver(UUID invocationId) {
    Pending p = pendingParent.get();
    if (p != null && p.invocationId().equals(invocationId)) {
      pendingParent.remove();
    }
  }

  /** The context of an open AI-service invocation, or the current context. */
  Context invocationContext(UUID invocationId) {
    Span span = invocationId == null ? null : invocations.get(invocationId);
    return span == null ? Context.current() : Context.current().with(span);
  }

  /** Marks {@code span} failed by {@code error}. */
  static void fail(Span span, Throwable error) {
    Throwable e = error;
    // LangChain4j wraps some client errors; the cause names what went wrong.
    if (e instanceof RuntimeException
        && e.getClass() == RuntimeException.class
        && e.getCause() != null) {
      e = e.getCause();
    }
    span.setStatus(StatusCode.ERROR, e == null ? "error" : String.valueOf(e.getMessage()));
    span.setAttribute(ERROR_TYPE, e == null ? "_OTHER" : e.getClass().getName());
    if (e != null) {
      span.recordException(e);
    }
  }

  /** The {@code gen_ai.provider.name} value for a LangChain4j provider. */
  static String providerName(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    return switch (provider) {
      case OPEN_AI -> "openai";
      case AZURE_OPEN_AI -> "azure.ai.openai";
      case ANTHROPIC -> "anthropic";
      case AMAZON_BEDROCK -> "aws.bedrock";
      case GOOGLE_AI_GEMINI -> "gcp.gemini";
      case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
      case GOOGLE_GENAI -> "gcp.gen_ai";
      case MISTRAL_AI -> "mistral_ai";
      case WATSONX -> "ibm.watsonx.ai";
      case COHERE -> "cohere";
      case OLLAMA -> "ollama";
      case GITHUB_MODELS -> "github";
      default -> provider.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The convention's finish reason for a LangChain4j one. */
  static String finishReason(FinishReason reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_EXECUTION -> "tool_call";
      case CONTENT_FILTER -> "content_filter";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }
}
