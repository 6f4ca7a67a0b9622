package dev.weft.server.normalize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link ChatMessage}s from the two message shapes instrumentations use: the OTel GenAI
 * {@code parts} shape ({@code {"role", "parts": [{"type": "text", "content"}...]}}) and the OpenAI
 * chat shape ({@code {"role", "content", "tool_calls": [{"id", "function": {"name",
 * "arguments"}}]}}).
 */
final class Messages {

  /** Part types whose text goes into {@link ChatMessage#content()}. */
  private static final Set<String> TEXT_PART_TYPES = Set.of("text", "input_text", "output_text");

  private Messages() {}

  /** A message with null-safe, unmodifiable lists. */
  static ChatMessage message(
      String role,
      String content,
      List<Object> parts,
      List<ToolCall> toolCalls,
      String toolCallId,
      String name,
      String finishReason) {
    return new ChatMessage(
        role,
        content,
        parts == null || parts.isEmpty()
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(parts)),
        toolCalls == null || toolCalls.isEmpty() ? List.of() : List.copyOf(toolCalls),
        toolCallId,
        name,
        finishReason);
  }

  // ---------------------------------------------------------------- OTel GenAI "parts" shape

  /**
   * Messages in the OTel GenAI shape from a JSON string or a structured list. Elements that are not
   * objects are skipped.
   *
   * @return the messages, or {@code null} when the value is not a list of message objects
   */
  static List<ChatMessage> fromPartsList(Object value) {
    List<Object> items = Values.listOrJson(value);
    if (items == null) {
      return null;
    }
    List<ChatMessage> out = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> m = Values.map(item);
      if (m != null) {
        out.addAll(fromParts(m));
      }
    }
    return out.isEmpty() && !items.isEmpty() ? null : out;
  }

  /**
   * One OTel GenAI message as canonical messages: usually one, but a message carrying several
   * {@code tool_call_response} parts becomes one tool message per response. A message without
   * {@code parts} but with {@code content} is read in the OpenAI shape.
   */
  static List<ChatMessage> fromParts(Map<String, Object> m) {
    String role = Values.text(m.get("role"));
    String name = Values.text(m.get("name"));
    String finishReason = Values.text(m.get("finish_reason"));
    List<Object> parts = Values.list(m.get("parts"));
    if (parts == null) {
      if (m.containsKey("content") || m.containsKey("tool_calls")) {
        return List.of(fromOpenAi(m, null));
      }
      return List.of(message(role, null, null, null, null, name, finishReason));
    }
    List<String> texts = new ArrayList<>();
    List<Object> others = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    List<String[]> responses = new ArrayList<>();
    for (Object p : parts) {
      Map<String, Object> part = Values.map(p);
      if (part == null) {
        String t = Values.text(p);
        if (t != null) {
          texts.add(t);
        }
        continue;
      }
      String type = Values.text(part.get("type"));
      if (type != null && TEXT_PART_TYPES.contains(type)) {
        Object c = part.containsKey("content") ? part.get("content") : part.get("text");
        if (c != null) {
          texts.add(Json.text(c));
        }
      } else if ("tool_call".equals(type)) {
        calls.add(
            new ToolCall(
                Values.text(part.get("id")),
                Values.text(part.get("name")),
                arguments(part.get("arguments"))));
      } else if ("tool_call_response".equals(type)) {
        Object r = part.containsKey("response") ? part.get("response") : part.get("result");
        responses.add(new String[] {Values.text(part.get("id")), Json.text(r)});
      } else {
        others.add(part);
      }
    }
    if (responses.size() <= 1) {
      String toolCallId = null;
      if (responses.size() == 1) {
        toolCallId = responses.get(0)[0];
        if (responses.get(0)[1] != null) {
          texts.add(responses.get(0)[1]);
        }
      }
      return List.of(message(role, join(texts), others, calls, toolCallId, name, finishReason));
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      String[] r = responses.get(i);
      List<String> content = new ArrayList<>();
      if (i == 0) {
        content.addAll(texts);
      }
      if (r[1] != null) {
        content.add(r[1]);
      }
      out.add(
          message(
              role,
              join(content),
              i == 0 ? others : null,
              i == 0 ? calls : null,
              r[0],
              name,
              finishReason));
    }
    return out;
  }

  /**
   * The system message from {@code gen_ai.system_instructions}: a list of parts (JSON or
   * structured), a single part object, or plain text.
   *
   * @return the message, or {@code null} when the value cannot be read
   */
  static ChatMessage systemInstructions(Object value) {
    Object v = value;
    if (v instanceof String s) {
      if (!Json.looksLikeContainer(s)) {
        return s.isBlank() ? null : message("system", s, null, null, null, null, null);
      }
      v = Json.parse(s).orElse(null);
    }
    if (v instanceof Map<?, ?> single) {
      v = List.of(single);
    }
    List<Object> parts = Values.list(v);
    if (parts == null) {
      return null;
    }
    List<ChatMessage> read =
        fromParts(Map.of("role", "system", "parts", parts)); // one message: no tool responses
    return read.isEmpty() ? null : read.get(0);
  }

  // ---------------------------------------------------------------- OpenAI chat shape

  /**
   * Messages in the OpenAI shape from a JSON string or a structured list.
   *
   * @return the messages, or {@code null} when the value is not a list of message objects
   */
  static List<ChatMessage> fromOpenAiList(Object value, String defaultRole) {
    List<Object> items = Values.listOrJson(value);
    if (items == null) {
      return null;
    }
    List<ChatMessage> out = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> m = Values.map(item);
      if (m != null) {
        out.add(fromOpenAi(m, defaultRole));
      }
    }
    return out.isEmpty() && !items.isEmpty() ? null : out;
  }

  /** One message in the OpenAI shape; {@code defaultRole} applies when it names none. */
  static ChatMessage fromOpenAi(Map<String, Object> m, String defaultRole) {
    String role = Values.firstNonNull(Values.text(m.get("role")), defaultRole);
    List<Object> parts = new ArrayList<>();
    String content = textAndParts(m.get("content"), parts);
    List<ToolCall> calls = toolCalls(m.get("tool_calls"));
    Map<String, Object> fn = Values.mapOrJson(m.get("function_call"));
    if (fn != null) {
      calls = new ArrayList<>(calls);
      calls.add(new ToolCall(null, Values.text(fn.get("name")), arguments(fn.get("arguments"))));
    }
    return message(
        role,
        content,
        parts,
        calls,
        Values.text(m.get("tool_call_id")),
        Values.text(m.get("name")),
        Values.text(m.get("finish_reason")));
  }

  /**
   * Tool calls in the OpenAI shape ({@code [{"id", "type", "function": {"name", "arguments"}}]}) or
   * flat ({@code [{"id", "name", "arguments"}]}), from a list or a JSON string.
   */
  static List<ToolCall> toolCalls(Object value) {
    List<Object> items = Values.listOrJson(value);
    if (items == null) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> call = Values.map(item);
      if (call == null) {
        continue;
      }
      Map<String, Object> fn = Values.map(call.get("function"));
      Map<String, Object> src = fn != null ? fn : call;
      out.add(
          new ToolCall(
              Values.text(call.get("id")),
              Values.text(src.get("name")),
              arguments(src.containsKey("arguments") ? src.get("arguments") : src.get("input"))));
    }
    return out;
  }

  /**
   * The text of a content value, collecting the non-text parts into {@code partsOut}: a string is
   * the text; a list of parts contributes its text parts (joined with newlines) and hands the rest
   * to {@code partsOut}.
   */
  static String textAndParts(Object content, List<Object> partsOut) {
    if (content == null) {
      return null;
    }
    if (content instanceof String s) {
      return s;
    }
    List<Object> items = content instanceof Map<?, ?> ? List.of(content) : Values.list(content);
    if (items == null) {
      return Values.text(content);
    }
    List<String> texts = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> part = Values.map(item);
      if (part == null) {
        String t = Values.text(item);
        if (t != null) {
          texts.add(t);
        }
        continue;
      }
      String type = Values.text(part.get("type"));
      Object text = part.containsKey("text") ? part.get("text") : part.get("content");
      if ((type == null || TEXT_PART_TYPES.contains(type)) && text instanceof String t) {
        texts.add(t);
      } else {
        partsOut.add(part);
      }
    }
    return join(texts);
  }

  /**
   * A content string that may be a JSON array of typed parts (OpenLLMetry writes list contents as
   * JSON): the parts when every element is an object with a {@code type}, else the string itself.
   */
  static Object maybeParts(String content) {
    if (content == null || !content.stripLeading().startsWith("[")) {
      return content;
    }
    List<Object> items = Values.list(Json.parse(content).orElse(null));
    if (items == null || items.isEmpty()) {
      return content;
    }
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m) || !(m.get("type") instanceof String)) {
        return content;
      }
    }
    return items;
  }

  /** Tool call arguments as text: strings as they are, structured values as JSON. */
  static String arguments(Object value) {
    return Json.text(value);
  }

  private static String join(List<String> texts) {
    if (texts.isEmpty()) {
      return null;
    }
    // One text (the usual case) is the content as it is: no copy of a long prompt.
    return texts.size() == 1 ? texts.get(0) : String.join("\n", texts);
  }
}
