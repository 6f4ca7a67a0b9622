package dev.weft.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Locale;

/**
 * Writes LangChain4j messages as the JSON of the GenAI semantic conventions ({@code
 * gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code gen_ai.system_instructions}): a
 * list of {@code {"role", "parts": [...]}} with {@code text}, {@code tool_call} and {@code
 * tool_call_response} parts. Hand-written (no JSON library) because it runs on every chat call.
 */
final class GenAiJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final int maxContentLength;

  GenAiJson(int maxContentLength) {
    this.maxContentLength = maxContentLength;
  }

  /** Input messages except system messages (they go to {@link #systemInstructions}). */
  String inputMessages(List<ChatMessage> messages) {
    StringBuilder out = new StringBuilder(256).append('[');
    boolean first = true;
    for (ChatMessage m : messages) {
      if (m == null || m instanceof SystemMessage) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      message(out, m, null);
    }
    return out.append(']').toString();
  }

  /** System messages as a list of text parts, or {@code null} when there are none. */
  String systemInstructions(List<ChatMessage> messages) {
    StringBuilder out = null;
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        if (out == null) {
          out = new StringBuilder(128).append('[');
        } else {
          out.append(',');
        }
        textPart(out, s.text());
      }
    }
    return out == null ? null : out.append(']').toString();
  }

  /** One assistant message as the output list. */
  String outputMessages(AiMessage message, String finishReason) {
    StringBuilder out = new StringBuilder(256).append('[');
    message(out, message, finishReason);
    return out.append(']').toString();
  }

  /** A single user message as an input list (AI-service spans). */
  String userMessage(UserMessage message) {
    StringBuilder out = new StringBuilder(128).append('[');
    message(out, message, null);
    return out.append(']').toString();
  }

  /** A plain text as one assistant message (AI-service results). */
  String assistantText(String text) {
    StringBuilder out = new StringBuilder(128).append("[{\"role\":\"assistant\",\"parts\":[");
    textPart(out, text);
    return out.append("]}]").toString();
  }

  /** Shortens {@code text} to the configured limit, marking the cut. */
  String limit(String text) {
    if (text == null || maxContentLength < 0 || text.length() <= maxContentLength) {
      return text;
    }
    return text.substring(0, maxContentLength) + "...[truncated]";
  }

  private void message(StringBuilder out, ChatMessage m, String finishReason) {
    if (m instanceof UserMessage u) {
      out.append("{\"role\":\"user\",\"parts\":[");
      boolean first = true;
      for (Content c : u.contents()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        if (c instanceof TextContent t) {
          textPart(out, t.text());
        } else {
          out.append("{\"type\":");
          string(out, c == null ? "unknown" : c.type().name().toLowerCase(Locale.ROOT));
          out.append('}');
        }
      }
      out.append("]}");
    } else if (m instanceof AiMessage a) {
      out.append("{\"role\":\"assistant\",\"parts\":[");
      boolean first = true;
      if (a.text() != null) {
        textPart(out, a.text());
        first = false;
      }
      if (a.toolExecutionRequests() != null) {
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append("{\"type\":\"tool_call\",\"id\":");
          string(out, r.id());
          out.append(",\"name\":");
          string(out, r.name());
          out.append(",\"arguments\":");
          arguments(out, r.arguments());
          out.append('}');
        }
      }
      out.append(']');
      if (finishReason != null) {
        out.append(",\"finish_reason\":");
        string(out, finishReason);
      }
      out.append('}');
    } else if (m instanceof ToolExecutionResultMessage t) {
      out.append("{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":");
      string(out, t.id());
      out.append(",\"response\":");
      string(out, limit(t.text()));
      out.append("}]}");
    } else if (m instanceof SystemMessage s) {
      out.append("{\"role\":\"system\",\"parts\":[");
      textPart(out, s.text());
      out.append("]}");
    } else if (m instanceof CustomMessage) {
      out.append("{\"role\":\"custom\",\"parts\":[]}");
    } else {
      out.append("{\"role\":\"unknown\",\"parts\":[]}");
    }
  }

  private void textPart(StringBuilder out, String text) {
    out.append("{\"type\":\"text\",\"content\":");
    string(out, limit(text));
    out.append('}');
  }

  /**
   * Tool arguments as the string the model sent: passing the model's text through as raw JSON would
   * let one malformed argument list spoil the whole attribute.
   */
  private void arguments(StringBuilder out, String arguments) {
    string(out, limit(arguments));
  }

  /** A JSON string literal ({@code null} for null). */
  static void string(StringBuilder out, String s) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      // Copy the run of plain characters at once; escape this one.
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          out.append("\\u00");
          out.append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
      }
    }
    out.append(s, start, n);
    out.append('"');
  }
}
