package dev.weft.server.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Writes plain values (as the OTLP decoders and the JSON attribute parser produce them: {@code
 * String}, {@code Boolean}, {@code Long}, {@code Double}, {@code List}, {@code Map} with string
 * keys, {@code null}) straight to a Jackson {@link JsonGenerator}, on the ingest hot path.
 *
 * <p>The text is exactly what {@code ObjectMapper.writeValueAsString} writes for the same value:
 * the same generator, the same calls Jackson's standard serializers make for these types, and
 * anything else (other numbers, sets, arrays, maps with non-string keys) handed to the mapper
 * itself. What is saved is Jackson's per-value serializer lookup and the intermediate maps callers
 * used to build only to have them serialised.
 */
public final class JsonValues {

  /** Writes one JSON document's content to a generator. */
  @FunctionalInterface
  public interface Body {
    /** Writes the document; the generator is closed afterwards. */
    void write(JsonGenerator g) throws IOException;
  }

  private JsonValues() {}

  /**
   * The JSON text a body writes, with the mapper's generator configuration.
   *
   * @throws IllegalStateException when the value cannot be written (e.g. nested deeper than
   *     Jackson's limit), as {@code writeValueAsString} would fail
   */
  public static String write(ObjectMapper mapper, Body body) {
    // As writeValueAsString does: text into recycled segments, one copy into the String.
    BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
    try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
      try (JsonGenerator g = mapper.createGenerator(out)) {
        body.write(g);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new IllegalStateException("value is not serialisable as JSON", e);
    } finally {
      recycler.releaseToPool();
    }
  }

  /** Writes a plain value as {@code ObjectMapper} would (the generator's codec is the mapper). */
  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(g, map);
    } else if (value instanceof List<?> list && list instanceof RandomAccess) {
      g.writeStartArray(list, list.size());
      for (int i = 0, n = list.size(); i < n; i++) {
        write(g, list.get(i));
      }
      g.writeEndArray();
    } else if (value instanceof Long l) {
      g.writeNumber(l.longValue());
    } else if (value instanceof Double d) {
      g.writeNumber(d.doubleValue());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer i) {
      g.writeNumber(i.intValue());
    } else if (value == null) {
      g.writeNull();
    } else {
      g.writeObject(value);
    }
  }

  private static void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        // Jackson's key serializers (numbers, enums, dates, null) decide: let the mapper write it.
        g.writeObject(map);
        return;
      }
    }
    g.writeStartObject(map, map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      g.writeFieldName((String) e.getKey());
      write(g, e.getValue());
    }
    g.writeEndObject();
  }
}
