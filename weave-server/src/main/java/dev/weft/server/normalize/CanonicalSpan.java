package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import java.util.List;
import java.util.Map;

/**
 * The canonical view of one span as an LLM-application step, produced by {@link SpanNormalizer}
 * from whichever conventions (OTel GenAI, OpenInference, OpenLLMetry, Weft) the span used.
 *
 * <p>Every field may be {@code null} (or empty) when no convention supplied it.
 *
 * @param category what the span does
 * @param operationName the GenAI operation ({@code chat}, {@code embeddings}, {@code execute_tool},
 *     ...) or the source's equivalent
 * @param provider model provider ({@code openai}, {@code anthropic}, ...)
 * @param requestModel model named in the request
 * @param responseModel model named in the response
 * @param inputMessages messages sent to the model (system instructions first)
 * @param outputMessages messages the model returned
 * @param input non-message input (tool arguments, chain input, retriever query), plain value
 * @param output non-message output (tool result, chain output, retrieved documents), plain value
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param totalTokens total tokens (derived from input + output when the source did not say)
 * @param cacheReadTokens input tokens served from the provider's prompt cache (part of the input
 *     tokens, as the OTel GenAI conventions have it)
 * @param cacheWriteTokens input tokens written to the provider's prompt cache (part of the input
 *     tokens)
 * @param reportedCost cost in USD reported by the instrumentation itself, if any
 * @param sessionId conversation / session / thread id
 * @param runId Weft experiment run id
 * @param promptName prompt template name
 * @param promptVersion prompt template version
 * @param project Weft project named by the span ({@code weft.project}), if any
 * @param requestParameters model request parameters (temperature, max_tokens, top_p, ...)
 * @param responseId response id the provider assigned
 * @param finishReasons finish reasons of the response
 * @param toolName tool name (tool spans)
 * @param toolCallId tool call id (tool spans)
 * @param errorType error type ({@code error.type} or the recorded exception type)
 * @param errorMessage error message from the recorded exception, if any
 * @param attributes span attributes not consumed into the fields above, kept verbatim
 * @param events span events not consumed into messages (exceptions stay here)
 */
public record CanonicalSpan(
    SpanCategory category,
    String operationName,
    String provider,
    String requestModel,
    String responseModel,
    List<ChatMessage> inputMessages,
    List<ChatMessage> outputMessages,
    Object input,
    Object output,
    Long inputTokens,
    Long outputTokens,
    Long totalTokens,
    Long cacheReadTokens,
    Long cacheWriteTokens,
    Double reportedCost,
    String sessionId,
    String runId,
    String promptName,
    String promptVersion,
    String project,
    Map<String, Object> requestParameters,
    String responseId,
    List<String> finishReasons,
    String toolName,
    String toolCallId,
    String errorType,
    String errorMessage,
    Map<String, Object> attributes,
    List<DecodedEvent> events) {

  /** The model to show and to price: the response model when known, else the request model. */
  public String model() {
    return responseModel != null ? responseModel : requestModel;
  }
}
