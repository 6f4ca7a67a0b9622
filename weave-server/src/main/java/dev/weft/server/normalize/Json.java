package dev.weft.server.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.server.common.JsonText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsing and writing of JSON carried in string attributes. Parsed values use the same plain types
 * as decoded attributes: {@code String}, {@code Boolean}, {@code Long}, {@code Double}, {@code
 * List<Object>}, {@code Map<String, Object>} (insertion order kept) and {@code null}.
 */
final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // Python's json.dumps writes NaN and Infinity.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** One writer per thread: a generator costs more to create than a small value to write. */
  private static final ThreadLocal<JsonText> WRITERS =
      ThreadLocal.withInitial(() -> new JsonText(MAPPER, 1024));

  private Json() {}

  /**
   * The parsed JSON value of the text, or empty when it is not valid JSON (or is JSON {@code
   * null}). Never throws.
   */
  static Optional<Object> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    // Streamed straight into plain values (Long, Double, String, Boolean, Map, List): what
    // readValue(text, Object.class) with its numbers converted gave, without the mapper's per-call
    // set-up and the second copy of the tree.
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Optional.empty();
      }
      Object value = read(p, first);
      if (p.nextToken() != null) {
        return Optional.empty(); // trailing tokens, as FAIL_ON_TRAILING_TOKENS
      }
      return Optional.ofNullable(value);
    } catch (Exception | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /** The plain value of the token the parser is at (and what follows, for containers). */
  private static Object read(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        {
          Map<String, Object> out = new LinkedHashMap<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            out.put(key, read(p, p.nextToken()));
          }
          return out;
        }
      case START_ARRAY:
        {
          List<Object> out = new ArrayList<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(read(p, t));
          }
          return out;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return (long) p.getIntValue();
          case LONG:
            return p.getLongValue();
          default:
            // Beyond long: a double, as the former readValue-then-convert path gave.
            return p.getBigIntegerValue().doubleValue();
        }
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }

  /**
   * A content attribute's value: a string that looks like a JSON object or array is parsed, any
   * other string or structured value is taken as it is. Empty when the value is null or looks like
   * JSON but does not parse (so the caller leaves the attribute in place).
   */
  static Optional<Object> content(Object raw) {
    if (raw instanceof String s) {
      if (looksLikeContainer(s)) {
        return parse(s);
      }
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
    return Optional.ofNullable(raw);
  }

  /** Whether the text looks like a JSON object or array (starts with a brace or bracket). */
  static boolean looksLikeContainer(String text) {
    if (text == null) {
      return false;
    }
    String t = text.stripLeading();
    return t.startsWith("{") || t.startsWith("[");
  }

  /**
   * The value as text for a field that holds text: strings as they are, other values as JSON.
   * {@code null} stays {@code null}.
   *
   * @throws IllegalArgumentException when the value cannot be written as JSON (e.g. nested too
   *     deep); readers run under {@link Values#safely} so the attribute is then left unconsumed
   */
  static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    try {
      return WRITERS.get().value(value).take();
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException("value cannot be written as JSON", e);
    }
  }
}
