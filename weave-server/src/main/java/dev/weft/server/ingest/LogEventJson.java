package dev.weft.server.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.ingest.otlp.DecodedEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored form of a waiting GenAI log event ({@code span_log_events.event}): {@code {"name",
 * "timeUnixNano", "attributes"}}, attribute values as decoded (strings, numbers, booleans, lists,
 * maps). Pure.
 */
final class LogEventJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private LogEventJson() {}

  /** The event as stored JSON (NUL escapes replaced, as in every stored document). */
  static String write(DecodedEvent event) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", event.name());
    doc.put("timeUnixNano", event.timeUnixNano());
    doc.put("attributes", event.attributes());
    return SpanRowMapper.json(doc);
  }

  /** The event read back, or {@code null} when the document is not one (never written so). */
  static DecodedEvent read(String json) {
    try {
      Map<String, Object> doc = JSON.readValue(json, MAP);
      Map<String, Object> attributes =
          doc.get("attributes") instanceof Map<?, ?> m ? stringKeys(m) : Map.of();
      return doc.get("name") instanceof String name && doc.get("timeUnixNano") instanceof Number t
          ? new DecodedEvent(name, t.longValue(), attributes)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
