package dev.weft.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.server.common.JsonValues;
import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedLink;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.ChatMessage;
import dev.weft.server.normalize.ToolCall;
import java.io.IOException;
import java.time.Instant;
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
        content(c.inputMessages(), c.input()),
        content(c.outputMessages(), c.output()),
        json(c.attributes() == null ? Map.of() : c.attributes()),
        c.events() == null || c.events().isEmpty() ? null : events(c.events()),
        span.links().isEmpty() ? null : links(span.links()),
        resourceJson);
  }

  /** The stored JSON of a span's resource attributes and instrumentation scope. */
  public static String resourceJson(DecodedSpan span) {
    return resource(span);
  }

  /** The instant of a Unix time in nanoseconds, in UTC. */
  public static OffsetDateTime time(long unixNanos) {
    return OffsetDateTime.ofInstant(
        Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L),
        ZoneOffset.UTC);
  }

  /**
   * The stored JSON of a message list, or of a plain value as {@code {"value": ...}}, or {@code
   * null} when there is neither.
   */
  private static String content(List<ChatMessage> messages, Object value) {
    if (messages != null && !messages.isEmpty()) {
      return write(
          g -> {
            g.writeStartObject();
            g.writeFieldName("messages");
            g.writeStartArray();
            for (ChatMessage m : messages) {
              message(g, m);
            }
            g.writeEndArray();
            g.writeEndObject();
          });
    }
    if (value != null) {
      return write(
          g -> {
            g.writeStartObject();
            g.writeFieldName("value");
            JsonValues.write(g, value);
            g.writeEndObject();
          });
    }
    return null;
  }

  private static void message(JsonGenerator g, ChatMessage m) throws IOException {
    g.writeStartObject();
    stringIfPresent(g, "role", m.role());
    stringIfPresent(g, "content", m.content());
    if (m.parts() != null && !m.parts().isEmpty()) {
      g.writeFieldName("parts");
      JsonValues.write(g, m.parts());
    }
    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
      g.writeFieldName("toolCalls");
      g.writeStartArray();
      for (ToolCall call : m.toolCalls()) {
        g.writeStartObject();
        stringIfPresent(g, "id", call.id());
        stringIfPresent(g, "name", call.name());
        stringIfPresent(g, "arguments", call.arguments());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    stringIfPresent(g, "toolCallId", m.toolCallId());
    stringIfPresent(g, "name", m.name());
    stringIfPresent(g, "finishReason", m.finishReason());
    g.writeEndObject();
  }

  private static String events(List<DecodedEvent> events) {
    return write(
        g -> {
          g.writeStartArray();
          for (DecodedEvent e : events) {
            g.writeStartObject();
            g.writeFieldName("name");
            JsonValues.write(g, e.name());
            g.writeStringField("time", time(e.timeUnixNano()).toString());
            g.writeFieldName("attributes");
            JsonValues.write(g, e.attributes());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  private static String links(List<DecodedLink> links) {
    return write(
        g -> {
          g.writeStartArray();
          for (DecodedLink l : links) {
            g.writeStartObject();
            g.writeStringField("traceId", HEX.formatHex(l.traceId()));
            g.writeStringField("spanId", HEX.formatHex(l.spanId()));
            g.writeFieldName("attributes");
            JsonValues.write(g, l.attributes());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  private static String resource(DecodedSpan span) {
    Map<String, Object> attributes = span.resource().attributes();
    String name = span.scope().name();
    String version = span.scope().version();
    return write(
        g -> {
          g.writeStartObject();
          g.writeFieldName("attributes");
          JsonValues.write(g, attributes);
          g.writeFieldName("scope");
          g.writeStartObject();
          // Map.of(name, version) as before: a null there failed, and still does.
          g.writeStringField("name", Objects.requireNonNull(name));
          g.writeStringField("version", Objects.requireNonNull(version));
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static void stringIfPresent(JsonGenerator g, String key, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String json(Object value) {
    return write(g -> JsonValues.write(g, value));
  }

  /** Writes one JSON document straight from the values, without intermediate maps. */
  private static String write(JsonValues.Body body) {
    String json = JsonValues.write(JSON, body);
    // PostgreSQL's jsonb rejects the NUL escape; content parsed from JSON strings may hold one.
    return json.contains("\\u0000") ? json.replace("\\u0000", "\\uFFFD") : json;
  }
}
