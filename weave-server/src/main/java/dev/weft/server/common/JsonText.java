package dev.weft.server.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A small JSON writer into a char buffer for the ingest hot path: it writes plain values (as the
 * OTLP decoders and the attribute JSON parser produce them: {@code String}, {@code Boolean}, {@code
 * Long}, {@code Double}, {@code Integer}, random-access {@code List}, {@code Map} with string keys,
 * {@code null}) and the fixed shapes of stored rows, without Jackson's generator and without
 * intermediate maps.
 *
 * <p>The text is byte for byte what a default {@code ObjectMapper.writeValueAsString} writes for
 * the same value: no whitespace; strings escaped as Jackson escapes them ({@code \"}, {@code \\},
 * {@code \b \t \n \f \r}, other control characters as {@code \}{@code u00XX} with upper-case hex,
 * nothing else); longs and ints in decimal; doubles as {@link Double#toString(double)}, non-finite
 * ones as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; and any other value
 * (other numbers, sets, arrays, maps with non-string keys) written by the mapper itself. Values
 * nested deeper than Jackson's default limit (1000) fail as Jackson's would. {@code JsonTextTest}
 * checks the equivalence against Jackson on random values.
 *
 * <p>Not thread-safe: one instance per document (or per row, reused with {@link #take}).
 */
public final class JsonText {

  /** Jackson's default {@code StreamWriteConstraints} maximum nesting depth. */
  static final int MAX_DEPTH = 1000;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Strings at least this long are scanned eight bytes at a time. */
  private static final int SCAN_MIN_LENGTH = 24;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Per ASCII character below 128: 0 to copy, else the letter after the backslash, or 'u'. */
  private static final char[] ESCAPES = new char[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
  }

  private final ObjectMapper fallback;

  /** The text written so far: {@code buf[0, len)}. */
  private char[] buf;

  private int len;

  /** The low bytes of the string being quoted, for the word-at-a-time scan. */
  private byte[] scratch = new byte[0];

  /** Containers opened with begin/end, as a stack of "has an element yet" bits (depth < 64). */
  private long hasElements;

  private int depth;
  private boolean afterName;

  /**
   * A writer.
   *
   * @param fallback writes values of types this writer does not know, as it would have
   * @param capacity initial buffer size in characters
   */
  public JsonText(ObjectMapper fallback, int capacity) {
    this.fallback = fallback;
    this.buf = new char[Math.max(16, capacity)];
  }

  /** The JSON text of one plain value, as {@code fallback.writeValueAsString(value)} writes it. */
  public static String of(ObjectMapper fallback, Object value) {
    JsonText out = new JsonText(fallback, 128);
    out.value(value);
    return out.take();
  }

  /** The document written so far; the writer is then empty, ready for the next one. */
  public String take() {
    String s = new String(buf, 0, len);
    reset();
    return s;
  }

  /** Drops what was written (e.g. after a write failed half-way). */
  public void reset() {
    len = 0;
    hasElements = 0;
    depth = 0;
    afterName = false;
  }

  /** The larger of the buffers' sizes (characters, or bytes of the scan buffer). */
  public int capacity() {
    return Math.max(buf.length, scratch.length);
  }

  /** Opens an object. */
  public JsonText beginObject() {
    beforeValue();
    open();
    append('{');
    return this;
  }

  /** Closes the innermost object. */
  public JsonText endObject() {
    depth--;
    append('}');
    return this;
  }

  /** Opens an array. */
  public JsonText beginArray() {
    beforeValue();
    open();
    append('[');
    return this;
  }

  /** Closes the innermost array. */
  public JsonText endArray() {
    depth--;
    append(']');
    return this;
  }

  /** Writes a field name; the next call writes its value. */
  public JsonText name(String name) {
    beforeValue();
    quote(name);
    append(':');
    afterName = true;
    return this;
  }

  /** Writes a string field (name and value). */
  public JsonText field(String name, String value) {
    name(name);
    return value(value);
  }

  /** Writes a string field when the value is not {@code null}. */
  public JsonText fieldIfPresent(String name, String value) {
    return value == null ? this : field(name, value);
  }

  /** Writes a plain value (see the class comment). */
  public JsonText value(Object value) {
    beforeValue();
    write(value, depth);
    return this;
  }

  private void open() {
    // The fixed shapes written with begin/end are shallow; plain values nest through value().
    if (++depth >= 64) {
      throw new IllegalStateException("structured JSON nested deeper than 63 levels");
    }
    hasElements &= ~(1L << depth);
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      long bit = 1L << depth;
      if ((hasElements & bit) != 0) {
        append(',');
      } else {
        hasElements |= bit;
      }
    }
  }

  private void write(Object value, int level) {
    if (value instanceof String s) {
      quote(s);
    } else if (value instanceof Map<?, ?> map) {
      if (level >= MAX_DEPTH) {
        throw tooDeep();
      }
      int mark = len;
      append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          // Jackson's key serializers (numbers, enums, null...) decide: undo, let it write.
          len = mark;
          fallback(value);
          return;
        }
        if (!first) {
          append(',');
        }
        first = false;
        quote(key);
        append(':');
        write(e.getValue(), level + 1);
      }
      append('}');
    } else if (value instanceof List<?> list && list instanceof RandomAccess) {
      if (level >= MAX_DEPTH) {
        throw tooDeep();
      }
      append('[');
      for (int i = 0, n = list.size(); i < n; i++) {
        if (i > 0) {
          append(',');
        }
        write(list.get(i), level + 1);
      }
      append(']');
    } else if (value instanceof Long l) {
      append(Long.toString(l));
    } else if (value instanceof Double d) {
      double v = d;
      if (Double.isFinite(v)) {
        append(Double.toString(v));
      } else {
        append('"');
        append(Double.toString(v));
        append('"');
      }
    } else if (value instanceof Boolean b) {
      append(b.booleanValue() ? "true" : "false");
    } else if (value instanceof Integer i) {
      append(Integer.toString(i));
    } else if (value == null) {
      append("null");
    } else {
      fallback(value);
    }
  }

  /** Jackson's own serializers decide (its depth limit then counts from this value). */
  private void fallback(Object value) {
    try {
      append(fallback.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value is not serialisable as JSON", e);
    }
  }

  private void append(char c) {
    if (len == buf.length) {
      grow(1);
    }
    buf[len++] = c;
  }

  private void append(String s) {
    int n = s.length();
    if (len + n > buf.length) {
      grow(n);
    }
    s.getChars(0, n, buf, len);
    len += n;
  }

  private void grow(int more) {
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more + 16));
  }

  /** Appends the string as a JSON string literal, escaped as Jackson escapes it. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low bytes we want
  private void quote(String s) {
    int n = s.length();
    if (len + n + 2 > buf.length) {
      grow(n + 2);
    }
    buf[len++] = '"';
    int from = 0;
    if (n >= SCAN_MIN_LENGTH) {
      // The chars' low bytes (a plain copy for Latin-1 strings) are scanned a word at a time;
      // each candidate is checked against the char itself, as a non-Latin-1 char can alias one.
      if (scratch.length < n) {
        scratch = new byte[Math.max(n, 2 * scratch.length)];
      }
      s.getBytes(0, n, scratch, 0);
      for (int i = nextSpecial(scratch, 0, n); i < n; i = nextSpecial(scratch, i + 1, n)) {
        char c = s.charAt(i);
        if (c < 128 && ESCAPES[c] != 0) {
          from = escapeAt(s, from, i, n);
        }
      }
    } else {
      // Short strings (keys, ids, names): copied first, then checked in place; rarely undone.
      s.getChars(0, n, buf, len);
      int end = len + n;
      int k = len;
      while (k < end) {
        char c = buf[k];
        if (c < 128 && ESCAPES[c] != 0) {
          break;
        }
        k++;
      }
      if (k == end) {
        len = end;
        buf[len++] = '"';
        return;
      }
      for (int i = k - len; i < n; i++) {
        char c = s.charAt(i);
        if (c < 128 && ESCAPES[c] != 0) {
          from = escapeAt(s, from, i, n);
        }
      }
    }
    s.getChars(from, n, buf, len);
    len += n - from;
    buf[len++] = '"';
  }

  /**
   * Copies {@code s[from, i)} then the escape of {@code s[i]}; the capacity for the rest of the
   * string stays reserved. Returns where the next copy starts.
   */
  private int escapeAt(String s, int from, int i, int n) {
    // Up to 6 chars for this one, the rest of the string, and the closing quote.
    if (len + (i - from) + 6 + (n - i) + 1 > buf.length) {
      grow((i - from) + 6 + (n - i) + 1);
    }
    s.getChars(from, i, buf, len);
    len += i - from;
    char c = s.charAt(i);
    char escape = ESCAPES[c];
    buf[len++] = '\\';
    buf[len++] = escape;
    if (escape == 'u') {
      buf[len++] = '0';
      buf[len++] = '0';
      buf[len++] = HEX[c >> 4];
      buf[len++] = HEX[c & 0xF];
    }
    return i + 1;
  }

  /**
   * The index of the first byte in {@code b[i, n)} that must be escaped, or {@code n}. Eight bytes
   * at a time: a word with no byte below 0x20, no quote and no backslash is skipped whole (bytes of
   * 0x80 and above never match, as Latin-1 characters are not escaped).
   */
  static int nextSpecial(byte[] b, int i, int n) {
    for (; i + 8 <= n; i += 8) {
      long x = (long) LONGS.get(b, i);
      long control = (x - 0x2020202020202020L) & ~x;
      long q = x ^ 0x2222222222222222L;
      long quote = (q - 0x0101010101010101L) & ~q;
      long bs = x ^ 0x5C5C5C5C5C5C5C5CL;
      long backslash = (bs - 0x0101010101010101L) & ~bs;
      if (((control | quote | backslash) & 0x8080808080808080L) != 0) {
        // Something here (or a false alarm from a borrow): look byte by byte.
        for (int k = i; k < i + 8; k++) {
          int c = b[k] & 0xFF;
          if (c < 128 && ESCAPES[c] != 0) {
            return k;
          }
        }
      }
    }
    for (; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c < 128 && ESCAPES[c] != 0) {
        return i;
      }
    }
    return n;
  }

  private static IllegalStateException tooDeep() {
    return new IllegalStateException(
        "value is not serialisable as JSON: nested deeper than " + MAX_DEPTH + " levels");
  }
}
