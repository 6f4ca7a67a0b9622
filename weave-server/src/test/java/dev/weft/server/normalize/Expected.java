package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical span a test expects, every field defaulting to "not supplied" (null, or empty for
 * the maps and events), so comparing against it asserts every field.
 */
final class Expected {
  SpanCategory category = SpanCategory.OTHER;
  String operationName;
  String provider;
  String requestModel;
  String responseModel;
  List<ChatMessage> inputMessages;
  List<ChatMessage> outputMessages;
  Object input;
  Object output;
  Long inputTokens;
  Long outputTokens;
  Long totalTokens;
  Long cacheReadTokens;
  Long cacheWriteTokens;
  Double reportedCost;
  String sessionId;
  String runId;
  String promptName;
  String promptVersion;
  String project;
  Map<String, Object> requestParameters = new LinkedHashMap<>();
  String responseId;
  List<String> finishReasons;
  String toolName;
  String toolCallId;
  String errorType;
  String errorMessage;
  Map<String, Object> attributes = new LinkedHashMap<>();
  List<DecodedEvent> events = List.of();

  CanonicalSpan build() {
    return new CanonicalSpan(
        category,
        operationName,
        provider,
        requestModel,
        responseModel,
        inputMessages,
        outputMessages,
        input,
        output,
        inputTokens,
        outputTokens,
        totalTokens,
        cacheReadTokens,
        cacheWriteTokens,
        reportedCost,
        sessionId,
        runId,
        promptName,
        promptVersion,
        project,
        requestParameters,
        responseId,
        finishReasons,
        toolName,
        toolCallId,
        errorType,
        errorMessage,
        attributes,
        events);
  }

  /** A message with only the listed fields; lists empty. */
  static ChatMessage msg(String role, String content) {
    return ChatMessage.text(role, content);
  }

  static ChatMessage toolCalls(String role, String content, ToolCall... calls) {
    return new ChatMessage(role, content, List.of(), List.of(calls), null, null, null);
  }

  static ChatMessage toolResult(String toolCallId, String content) {
    return new ChatMessage("tool", content, List.of(), List.of(), toolCallId, null, null);
  }

  static ChatMessage finished(String role, String content, String finishReason) {
    return new ChatMessage(role, content, List.of(), List.of(), null, null, finishReason);
  }
}
