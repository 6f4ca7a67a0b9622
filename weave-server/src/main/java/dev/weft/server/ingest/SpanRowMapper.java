package dev.weft.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedLink;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.ChatMessage;
import dev.weft.server.normalize.ToolCall;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        cost,
        c.sessionId(),
        c.runId(),
        c.promptName(),
        c.promptVersion(),
        c.errorType(),
        json(content(c.inputMessages(), c.input())),
        json(content(c.outputMessages(), c.output())),
        json(c.attributes() == null ? Map.of() : c.attributes()),
        c.events() == null || c.events().isEmpty() ? null : json(events(c.events())),
        span.links().isEmpty() ? null : json(links(span.links())),
        resourceJson);
  }

  /** The stored JSON of a span's resource attributes and instrumentation scope. */
  public static String resourceJson(DecodedSpan span) {
    return json(resource(span));
  }

  /** The instant of a Unix time in nanoseconds, in UTC. */
  public static OffsetDateTime time(long unixNanos) {
    return OffsetDateTime.ofInstant(
        Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L),
        ZoneOffset.UTC);
  }

  private static Map<String, Object> content(List<ChatMessage> messages, Object value) {
    if (messages != null && !messages.isEmpty()) {
      List<Map<String, Object>> out = new ArrayList<>(messages.size());
      for (ChatMessage m : messages) {
        out.add(message(m));
      }
      return Map.of("messages", out);
    }
    if (value != null) {
      return Map.of("value", value);
    }
    return null;
  }

  private static Map<String, Object> message(ChatMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    putIfPresent(out, "role", m.role());
    putIfPresent(out, "content", m.content());
    if (m.parts() != null && !m.parts().isEmpty()) {
      out.put("parts", m.parts());
    }
    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (ToolCall call : m.toolCalls()) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "id", call.id());
        putIfPresent(c, "name", call.name());
        putIfPresent(c, "arguments", call.arguments());
        calls.add(c);
      }
      out.put("toolCalls", calls);
    }
    putIfPresent(out, "toolCallId", m.toolCallId());
    putIfPresent(out, "name", m.name());
    putIfPresent(out, "finishReason", m.finishReason());
    return out;
  }

  private static List<Map<String, Object>> events(List<DecodedEvent> events) {
    List<Map<String, Object>> out = new ArrayList<>(events.size());
    for (DecodedEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("time", time(e.timeUnixNano()).toString());
      m.put("attributes", e.attributes());
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> links(List<DecodedLink> links) {
    List<Map<String, Object>> out = new ArrayList<>(links.size());
    for (DecodedLink l : links) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("traceId", HEX.formatHex(l.traceId()));
      m.put("spanId", HEX.formatHex(l.spanId()));
      m.put("attributes", l.attributes());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> resource(DecodedSpan span) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", span.resource().attributes());
    out.put("scope", Map.of("name", span.scope().name(), "version", span.scope().version()));
    return out;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      String json = JSON.writeValueAsString(value);
      // PostgreSQL's jsonb rejects the NUL escape; content parsed from JSON strings may hold one.
      return json.contains("\\u0000") ? json.replace("\\u0000", "\\uFFFD") : json;
    } catch (JsonProcessingException e) {
      // Decoded values are plain maps, lists, strings and numbers: this cannot happen.
      throw new IllegalStateException("span value is not serialisable as JSON", e);
    }
  }
}
