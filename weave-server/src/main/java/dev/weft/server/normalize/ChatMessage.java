package dev.weft.server.normalize;

import java.util.List;

/**
 * One message of a model conversation in canonical form.
 *
 * @param role {@code system}, {@code user}, {@code assistant}, {@code tool}, or what the source
 *     said
 * @param content the text content (text parts joined with newlines), or {@code null}
 * @param parts the non-text parts (images, files, ...) as the source gave them, or an empty list
 * @param toolCalls tool calls requested in this message (assistant messages), or an empty list
 * @param toolCallId for a tool result message, the id of the call it answers, or {@code null}
 * @param name participant or tool name, or {@code null}
 * @param finishReason for an output message, why generation stopped, or {@code null}
 */
public record ChatMessage(
    String role,
    String content,
    List<Object> parts,
    List<ToolCall> toolCalls,
    String toolCallId,
    String name,
    String finishReason) {

  /** A plain text message with the given role. */
  public static ChatMessage text(String role, String content) {
    return new ChatMessage(role, content, List.of(), List.of(), null, null, null);
  }
}
