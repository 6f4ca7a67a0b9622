package dev.weft.server.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON documents for the ingest hot path with Jackson's streaming generator, straight from
 * plain values ({@code String}, {@code Boolean}, {@code Long}, {@code Integer}, {@code Double},
 * {@code List}, {@code Map} with string keys, {@code null}) and the fixed shapes of stored rows,
 * without building intermediate maps and without the data-binding layer's per-value serializer
 * lookups. One generator and one char buffer are reused for many documents ({@link #take}).
 *
 * <p>The text is what {@code ObjectMapper.writeValueAsString} writes for the same value (the
 * mapper's own generator settings apply; any other value type is written by the mapper itself).
 * {@code JsonTextTest} checks that on random values.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class JsonText {

  /** Jackson's default {@code StreamWriteConstraints} maximum nesting depth. */
  static final int MAX_DEPTH = 1000;

  /** A buffer grown beyond this many characters (by a huge document) is not kept for the next. */
  private static final int MAX_KEPT_CHARS = 1 << 18;

  private final ObjectMapper mapper;
  private final int initialCapacity;
  private final Chars out;
  private JsonGenerator generator;

  /**
   * A writer.
   *
   * @param mapper its generator settings apply, and it writes values of other types
   * @param capacity initial buffer size in characters
   */
  public JsonText(ObjectMapper mapper, int capacity) {
    this.mapper = mapper;
    this.initialCapacity = Math.max(16, capacity);
    this.out = new Chars(initialCapacity);
  }

  /** The document written so far; the writer is then empty, ready for the next one. */
  public String take() {
    try {
      generator().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String s = new String(out.buf, 0, out.len);
    clearBuffer();
    return s;
  }

  /** Drops what was written (e.g. after a write failed half-way). */
  public void reset() {
    if (generator != null && !generator.getOutputContext().inRoot()) {
      // Left inside a container by a failed write: start a new generator.
      generator = null;
    } else if (generator != null) {
      try {
        generator.flush();
      } catch (IOException e) {
        generator = null;
      }
    }
    clearBuffer();
  }

  private void clearBuffer() {
    out.len = 0;
    if (out.buf.length > MAX_KEPT_CHARS) {
      out.buf = new char[initialCapacity];
    }
  }

  /** Opens an object. */
  public JsonText beginObject() {
    return run(JsonGenerator::writeStartObject);
  }

  /** Closes the innermost object. */
  public JsonText endObject() {
    return run(JsonGenerator::writeEndObject);
  }

  /** Opens an array. */
  public JsonText beginArray() {
    return run(JsonGenerator::writeStartArray);
  }

  /** Closes the innermost array. */
  public JsonText endArray() {
    return run(JsonGenerator::writeEndArray);
  }

  /** Writes a field name; the next call writes its value. */
  public JsonText name(String name) {
    return run(g -> g.writeFieldName(name));
  }

  /** Writes a string field (name and value). */
  public JsonText field(String name, String value) {
    return run(g -> g.writeStringField(name, value));
  }

  /** Writes a string field when the value is not {@code null}. */
  public JsonText fieldIfPresent(String name, String value) {
    return value == null ? this : field(name, value);
  }

  /** Writes a plain value (see the class comment). */
  public JsonText value(Object value) {
    return run(g -> write(g, value));
  }

  private interface Step {
    void apply(JsonGenerator g) throws IOException;
  }

  private JsonText run(Step step) {
    try {
      step.apply(generator());
      return this;
    } catch (IOException e) {
      // Only Jackson's own limits (e.g. nesting depth) fail here: the buffer never does.
      discard();
      throw new IllegalStateException("value cannot be written as JSON: " + e.getMessage(), e);
    } catch (RuntimeException | StackOverflowError e) {
      discard();
      throw e;
    }
  }

  /** After a failed write: the generator may be inside a container, so the next one starts anew. */
  private void discard() {
    generator = null;
    clearBuffer();
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = mapper.getFactory().createGenerator(out);
      // Documents follow each other in the buffer: no separator between root values.
      generator.setRootValueSeparator(null);
    }
    return generator;
  }

  private void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object element : list) {
        write(g, element);
      }
      g.writeEndArray();
    } else {
      mapper.writeValue(g, value);
    }
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** An unsynchronised, reusable char buffer ({@code StringWriter} locks on every write). */
  private static final class Chars extends Writer {
    private char[] buf;
    private int len;

    Chars(int capacity) {
      buf = new char[capacity];
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    @Override
    public void write(char[] chars, int off, int n) {
      ensure(n);
      System.arraycopy(chars, off, buf, len, n);
      len += n;
    }

    @Override
    public void write(String s, int off, int n) {
      ensure(n);
      s.getChars(off, off + n, buf, len);
      len += n;
    }

    @Override
    public void write(int c) {
      ensure(1);
      buf[len++] = (char) c;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
