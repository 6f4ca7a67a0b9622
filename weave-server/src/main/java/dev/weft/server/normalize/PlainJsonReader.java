package dev.weft.server.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads strict, ordinary JSON text into plain values ({@code Map} in order, {@code List}, {@code
 * String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null}) in one pass over the
 * string, for the message JSON that GenAI spans carry: cheaper than setting up a Jackson parser for
 * each attribute.
 *
 * <p>It takes only the plain grammar: standard whitespace, escapes and literals, integers of up to
 * 18 digits, ordinary decimals, modest nesting and lengths. On anything else — an error, or what
 * Jackson's lenient settings might accept ({@code NaN}, big integers, long numbers), or trailing
 * text — it gives up with {@link Unsupported} and {@link Json#parse} asks Jackson, which decides as
 * before. For the text it takes, the values equal Jackson's ({@code JsonParseTest}).
 */
final class PlainJsonReader {

  /** The text is not in the plain subset: Jackson decides. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();

  /** Jackson allows 1000 levels; deeper text is left to it. */
  private static final int MAX_DEPTH = 200;

  /** Longer strings (Jackson's limit is 20 M chars) and names (50 k) are left to Jackson. */
  private static final int MAX_STRING = 1_000_000;

  private final String s;
  private final int n;
  private int pos;
  private StringBuilder scratch;

  private PlainJsonReader(String s) {
    this.s = s;
    this.n = s.length();
  }

  /**
   * The value of the whole text.
   *
   * @throws Unsupported when the text is not plain JSON of one value
   */
  static Object read(String text) {
    PlainJsonReader r = new PlainJsonReader(text);
    r.skipWhitespace();
    Object value = r.value(0);
    r.skipWhitespace();
    if (r.pos != r.n) {
      throw UNSUPPORTED;
    }
    return value;
  }

  private void skipWhitespace() {
    while (pos < n) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private Object value(int depth) {
    if (pos >= n) {
      throw UNSUPPORTED;
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw UNSUPPORTED;
    }
  }

  private Map<String, Object> object(int depth) {
    if (depth > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
    pos++; // {
    Map<String, Object> out = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < n && s.charAt(pos) == '}') {
      pos++;
      return out;
    }
    while (true) {
      if (pos >= n || s.charAt(pos) != '"') {
        throw UNSUPPORTED;
      }
      String key = string();
      skipWhitespace();
      if (pos >= n || s.charAt(pos) != ':') {
        throw UNSUPPORTED;
      }
      pos++;
      skipWhitespace();
      out.put(key, value(depth));
      skipWhitespace();
      if (pos >= n) {
        throw UNSUPPORTED;
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw UNSUPPORTED;
      }
      skipWhitespace();
    }
  }

  private List<Object> array(int depth) {
    if (depth > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
    pos++; // [
    List<Object> out = new ArrayList<>();
    skipWhitespace();
    if (pos < n && s.charAt(pos) == ']') {
      pos++;
      return out;
    }
    while (true) {
      out.add(value(depth));
      skipWhitespace();
      if (pos >= n) {
        throw UNSUPPORTED;
      }
      char c = s.charAt(pos++);
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw UNSUPPORTED;
      }
      skipWhitespace();
    }
  }

  /** A string literal at {@code pos} (the opening quote). */
  private String string() {
    int start = ++pos;
    // The usual case: no escapes, one copy.
    while (pos < n) {
      char c = s.charAt(pos);
      if (c == '"') {
        if (pos - start > MAX_STRING) {
          throw UNSUPPORTED;
        }
        return s.substring(start, pos++);
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw UNSUPPORTED;
      }
      pos++;
    }
    StringBuilder sb = scratch == null ? (scratch = new StringBuilder()) : scratch;
    sb.setLength(0);
    sb.append(s, start, pos);
    while (pos < n) {
      // Plain runs are copied whole, up to the next quote, backslash or control character.
      int run = pos;
      char c = s.charAt(pos);
      while (c != '"' && c != '\\' && c >= 0x20) {
        if (++pos >= n) {
          throw UNSUPPORTED;
        }
        c = s.charAt(pos);
      }
      if (pos > run) {
        sb.append(s, run, pos);
      }
      pos++;
      if (c == '"') {
        if (sb.length() > MAX_STRING) {
          throw UNSUPPORTED;
        }
        return sb.toString();
      }
      if (c < 0x20) {
        throw UNSUPPORTED;
      }
      // c is a backslash
      if (pos >= n) {
        throw UNSUPPORTED;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > n) {
            throw UNSUPPORTED;
          }
          int v = 0;
          for (int i = 0; i < 4; i++) {
            int d = hexDigit(s.charAt(pos++));
            if (d < 0) {
              throw UNSUPPORTED;
            }
            v = (v << 4) | d;
          }
          sb.append((char) v);
        }
        default -> throw UNSUPPORTED;
      }
    }
    throw UNSUPPORTED;
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, pos)) {
      throw UNSUPPORTED;
    }
    pos += word.length();
    requireDelimiter();
    return value;
  }

  /** The number at {@code pos}: strict JSON grammar, else Jackson decides. */
  private Object number() {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    int intStart = pos;
    if (pos >= n) {
      throw UNSUPPORTED;
    }
    char c = s.charAt(pos);
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
    } else {
      throw UNSUPPORTED;
    }
    int intDigits = pos - intStart;
    boolean isFloat = false;
    if (pos < n && s.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      int fracStart = pos;
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == fracStart) {
        throw UNSUPPORTED;
      }
    }
    if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      isFloat = true;
      pos++;
      if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      int expStart = pos;
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == expStart) {
        throw UNSUPPORTED;
      }
    }
    requireDelimiter();
    if (isFloat) {
      if (pos - start > 64) {
        throw UNSUPPORTED;
      }
      return Double.parseDouble(s.substring(start, pos));
    }
    if (intDigits > 18) {
      throw UNSUPPORTED; // may not fit a long: Jackson's big-integer rules decide
    }
    long v = 0;
    for (int i = intStart; i < pos; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return s.charAt(start) == '-' ? -v : v;
  }

  /** A value must end at the end, at whitespace, or before a separator or closing bracket. */
  private void requireDelimiter() {
    if (pos < n) {
      char c = s.charAt(pos);
      if (!(c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        throw UNSUPPORTED;
      }
    }
  }

  /** An ASCII hex digit's value (as Jackson reads them: no other Unicode digits), else -1. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
