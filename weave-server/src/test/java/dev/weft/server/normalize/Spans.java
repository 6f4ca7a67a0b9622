package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link DecodedSpan}s for tests, with attribute values as the OTLP decoder gives them. */
final class Spans {

  private Spans() {}

  static Builder span() {
    return new Builder();
  }

  /** An insertion-ordered map from alternating keys and values. */
  static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put((String) keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  static DecodedEvent event(String name, Map<String, Object> attributes) {
    return new DecodedEvent(name, 1_700_000_000_500_000_000L, attributes);
  }

  static final class Builder {
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<DecodedEvent> events = new ArrayList<>();
    private final Map<String, Object> resource = new LinkedHashMap<>();
    private String name = "span";
    private int statusCode;
    private String statusMessage = "";

    Builder name(String value) {
      name = value;
      return this;
    }

    Builder attr(String key, Object value) {
      attributes.put(key, value);
      return this;
    }

    Builder attrs(Map<String, Object> values) {
      attributes.putAll(values);
      return this;
    }

    Builder event(String eventName, Map<String, Object> eventAttributes) {
      events.add(Spans.event(eventName, eventAttributes));
      return this;
    }

    Builder resource(String key, Object value) {
      resource.put(key, value);
      return this;
    }

    Builder status(int code, String message) {
      statusCode = code;
      statusMessage = message;
      return this;
    }

    DecodedSpan build() {
      return new DecodedSpan(
          new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
          new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
          null,
          "",
          name,
          3,
          1_700_000_000_000_000_000L,
          1_700_000_001_000_000_000L,
          new LinkedHashMap<>(attributes),
          new ArrayList<>(events),
          List.of(),
          statusCode,
          statusMessage,
          new DecodedResource(new LinkedHashMap<>(resource)),
          new DecodedScope("test", "1.0"));
    }
  }
}
