package dev.weft.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.server.common.JsonText;
import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedLink;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.ChatMessage;
import dev.weft.server.normalize.ToolCall;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a decoded span and its canonical view to the row stored in PostgreSQL. Pure: the same inputs
 * give the same row.
 *
 * <p>Stored JSON shapes (also what the query API returns): input and output are {@code {"messages":
 * [...]}} for model calls or {@code {"value": ...}} for anything else; a message is {@code {"role",
 * "content", "parts", "toolCalls": [{"id","name","arguments"}], "toolCallId", "name",
 * "finishReason"}} with absent fields left out.
 */
public final class SpanRowMapper {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final HexFormat HEX = HexFormat.of();

  private static final ThreadLocal<JsonText> BUFFERS =
      ThreadLocal.withInitial(() -> new JsonText(JSON, 4096));

  private SpanRowMapper() {}

  /** The row for one span of a project, with its cost (or {@code null} when unknown). */
  public static SpanRow toRow(long projectId, DecodedSpan span, CanonicalSpan c, Double cost) {
    return toRow(projectId, span, c, cost, resourceJson(span));
  }

  /**
   * The row for one span, with its resource already serialised by {@link #resourceJson} (spans of
   * one request share their resource, so callers serialise it once).
   */
  public static SpanRow toRow(
      long projectId, DecodedSpan span, CanonicalSpan c, Double cost, String resourceJson) {
    long durationNanos = Math.max(0, span.endTimeUnixNano() - span.startTimeUnixNano());
    // One writer for all the row's JSON columns, written straight from the values; reused by the
    // thread's next rows.
    JsonText json = BUFFERS.get();
    json.reset();
    String input = content(json, c.inputMessages(), c.input());
    String output = content(json, c.outputMessages(), c.output());
    String attributes = done(json.value(c.attributes() == null ? Map.of() : c.attributes()));
    String events = c.events() == null || c.events().isEmpty() ? null : events(json, c.events());
    String links = span.links().isEmpty() ? null : links(json, span.links());
    return new SpanRow(
        projectId,
        span.traceId(),
        span.spanId(),
        span.parentSpanId(),
        span.name(),
        c.category().wireName(),
        (short) span.kind(),
        (short) span.statusCode(),
        emptyToNull(span.statusMessage()),
        time(span.startTimeUnixNano()),
        time(span.endTimeUnixNano()),
        durationNanos,
        c.operationName(),
        c.provider(),
        c.model(),
        c.inputTokens(),
        c.outputTokens(),
        c.totalTokens(),
        c.cacheReadTokens(),
        c.cacheWriteTokens(),
        cost,
        c.sessionId(),
        c.runId(),
        c.promptName(),
        c.promptVersion(),
        c.errorType(),
        input,
        output,
        attributes,
        events,
        links,
        resourceJson);
  }

  /**
   * A span's stored input and output JSON.
   *
   * @param input the input document, or {@code null}
   * @param output the output document, or {@code null}
   */
  public record Content(String input, String output) {}

  /** The stored input and output of a canonical span, as {@link #toRow} writes them. */
  public static Content content(CanonicalSpan c) {
    JsonText json = BUFFERS.get();
    json.reset();
    return new Content(
        content(json, c.inputMessages(), c.input()), content(json, c.outputMessages(), c.output()));
  }

  /** The stored JSON of a plain value (a map, list, string, number ...), as every column's JSON. */
  public static String json(Object value) {
    JsonText json = BUFFERS.get();
    json.reset();
    return done(json.value(value));
  }

  /** The stored JSON of a span's resource attributes and instrumentation scope. */
  public static String resourceJson(DecodedSpan span) {
    // Objects.requireNonNull: the scope was a Map.of before, which refused nulls.
    String name = Objects.requireNonNull(span.scope().name());
    String version = Objects.requireNonNull(span.scope().version());
    JsonText json = new JsonText(JSON, 256);
    json.beginObject().name("attributes").value(span.resource().attributes());
    json.name("scope").beginObject().field("name", name).field("version", version).endObject();
    return done(json.endObject());
  }

  /** The instant of a Unix time in nanoseconds, in UTC. */
  public static OffsetDateTime time(long unixNanos) {
    // What OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), UTC) gives, without looking up
    // the (fixed) zone rules each time.
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(unixNanos, 1_000_000_000L);
    return OffsetDateTime.of(
        LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), ZoneOffset.UTC);
  }

  /**
   * The stored JSON of a message list ({@code {"messages": [...]}}), or of a plain value ({@code
   * {"value": ...}}), or {@code null} when there is neither.
   */
  private static String content(JsonText json, List<ChatMessage> messages, Object value) {
    if (messages != null && !messages.isEmpty()) {
      json.beginObject().name("messages").beginArray();
      for (ChatMessage m : messages) {
        message(json, m);
      }
      return done(json.endArray().endObject());
    }
    if (value != null) {
      return done(json.beginObject().name("value").value(value).endObject());
    }
    return null;
  }

  private static void message(JsonText json, ChatMessage m) {
    json.beginObject();
    json.fieldIfPresent("role", m.role());
    json.fieldIfPresent("content", m.content());
    if (m.parts() != null && !m.parts().isEmpty()) {
      json.name("parts").value(m.parts());
    }
    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
      json.name("toolCalls").beginArray();
      for (ToolCall call : m.toolCalls()) {
        json.beginObject();
        json.fieldIfPresent("id", call.id());
        json.fieldIfPresent("name", call.name());
        json.fieldIfPresent("arguments", call.arguments());
        json.endObject();
      }
      json.endArray();
    }
    json.fieldIfPresent("toolCallId", m.toolCallId());
    json.fieldIfPresent("name", m.name());
    json.fieldIfPresent("finishReason", m.finishReason());
    json.endObject();
  }

  private static String events(JsonText json, List<DecodedEvent> events) {
    json.beginArray();
    for (DecodedEvent e : events) {
      json.beginObject();
      json.name("name").value(e.name());
      json.field("time", time(e.timeUnixNano()).toString());
      json.name("attributes").value(e.attributes());
      json.endObject();
    }
    return done(json.endArray());
  }

  private static String links(JsonText json, List<DecodedLink> links) {
    json.beginArray();
    for (DecodedLink l : links) {
      json.beginObject();
      json.field("traceId", HEX.formatHex(l.traceId()));
      json.field("spanId", HEX.formatHex(l.spanId()));
      json.name("attributes").value(l.attributes());
      json.endObject();
    }
    return done(json.endArray());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The column's text, taken from the writer. */
  private static String done(JsonText json) {
    String text = json.take();
    // PostgreSQL's jsonb rejects NUL's escape; content parsed from JSON strings may hold a NUL.
    // One vectorised scan finds the rare document that needs the careful replacement.
    return text.contains("\\u0000") ? withoutNulEscapes(text) : text;
  }

  /**
   * The JSON text with each escape of NUL (backslash, {@code u0000}) replaced by the escape of
   * U+FFFD, the replacement character. An escaped backslash followed by the text {@code u0000} is
   * six ordinary characters of a string and stays as it is.
   */
  static String withoutNulEscapes(String json) {
    StringBuilder out = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      out.append(c);
      if (c == '\\' && i + 1 < json.length()) {
        if (json.startsWith("u0000", i + 1)) {
          out.append("uFFFD");
          i += 5;
        } else {
          out.append(json.charAt(++i)); // the escaped character, e.g. a second backslash
        }
      }
    }
    return out.toString();
  }
}
