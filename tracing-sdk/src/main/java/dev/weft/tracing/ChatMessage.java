package dev.weft.tracing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One message of an LLM call in the OpenTelemetry GenAI shape: a role and its parts (text, tool
 * calls, tool call responses), plus the finish reason for output messages.
 *
 * @param role system, user, assistant or tool
 * @param parts the content
 * @param finishReason why generation stopped (output messages), or null
 */
public record ChatMessage(String role, List<Part> parts, String finishReason) {

  /** Validates and copies. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  /** A system message. */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", List.of(new Text(text)), null);
  }

  /** A user message. */
  public static ChatMessage user(String text) {
    return new ChatMessage("user", List.of(new Text(text)), null);
  }

  /** An assistant message with text. */
  public static ChatMessage assistant(String text) {
    return new ChatMessage("assistant", List.of(new Text(text)), null);
  }

  /** An assistant message with any parts (text and tool calls). */
  public static ChatMessage assistant(List<Part> parts, String finishReason) {
    return new ChatMessage("assistant", parts, finishReason);
  }

  /** The result of a tool call, sent back to the model. */
  public static ChatMessage toolResult(String id, Object response) {
    return new ChatMessage("tool", List.of(new ToolCallResponse(id, response)), null);
  }

  /** The same message with a finish reason. */
  public ChatMessage withFinishReason(String reason) {
    return new ChatMessage(role, parts, reason);
  }

  /** Part of a message. */
  public sealed interface Part permits Text, ToolCall, ToolCallResponse {}

  /**
   * Text content.
   *
   * @param content the text
   */
  public record Text(String content) implements Part {}

  /**
   * A tool call requested by the model.
   *
   * @param id call id
   * @param name tool name
   * @param arguments arguments (a map, a record or a JSON string)
   */
  public record ToolCall(String id, String name, Object arguments) implements Part {}

  /**
   * The answer to a tool call.
   *
   * @param id the call's id
   * @param response what the tool returned
   */
  public record ToolCallResponse(String id, Object response) implements Part {}

  static ArrayNode toJson(List<ChatMessage> messages) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode out = f.arrayNode();
    for (ChatMessage m : messages) {
      ObjectNode msg = out.addObject();
      msg.put("role", m.role());
      ArrayNode parts = msg.putArray("parts");
      for (Part p : m.parts()) {
        ObjectNode part = parts.addObject();
        if (p instanceof Text t) {
          part.put("type", "text");
          part.put("content", t.content());
        } else if (p instanceof ToolCall c) {
          part.put("type", "tool_call");
          part.put("id", c.id());
          part.put("name", c.name());
          part.set("arguments", JsonCapture.MAPPER.valueToTree(c.arguments()));
        } else if (p instanceof ToolCallResponse r) {
          part.put("type", "tool_call_response");
          part.put("id", r.id());
          part.set("response", JsonCapture.MAPPER.valueToTree(r.response()));
        }
      }
      if (m.finishReason() != null) {
        msg.put("finish_reason", m.finishReason());
      }
    }
    return out;
  }
}
