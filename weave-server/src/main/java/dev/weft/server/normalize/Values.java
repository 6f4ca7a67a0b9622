package dev.weft.server.normalize;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lenient coercion of attribute values (String, Boolean, Long, Double, List, Map, or whatever a
 * misbehaving sender put there) into the types the canonical span needs. Every method answers
 * {@code null} instead of throwing when the value does not fit.
 */
final class Values {

  private Values() {}

  /**
   * A non-blank string form of a scalar value: strings as they are, integral numbers without a
   * fraction, booleans as {@code true}/{@code false}; {@code null} for blanks, lists and maps.
   */
  static String text(Object value) {
    if (value instanceof String s) {
      return s.isBlank() ? null : s;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return value.toString();
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    return null;
  }

  /**
   * A non-negative count from a Long, Double, or numeric String ({@code "42"}, {@code "42.0"});
   * fractions are rounded. {@code null} for anything else, negatives, NaN and infinities.
   */
  static Long count(Object value) {
    Double d = number(value);
    if (d == null || d < 0 || d > 9.0e18) {
      return null;
    }
    return Math.round(d);
  }

  /** A finite number from a numeric value or numeric String, or {@code null}. */
  static Double number(Object value) {
    double d;
    if (value instanceof Number n) {
      d = n.doubleValue();
    } else if (value instanceof String s) {
      String t = s.trim();
      if (t.isEmpty() || t.length() > 64) {
        return null;
      }
      try {
        d = new BigDecimal(t).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(d) ? d : null;
  }

  /**
   * A list of non-blank strings: a List's scalar elements, a JSON array string's elements, or a
   * single non-JSON string as a one-element list. {@code null} when nothing usable is there.
   */
  static List<String> stringList(Object value) {
    Object v = value;
    if (v instanceof String s && s.trim().startsWith("[")) {
      v = Json.parse(s).orElse(null);
      if (v == null) {
        return null;
      }
    }
    if (v instanceof Collection<?> c) {
      List<String> out = new ArrayList<>();
      for (Object o : c) {
        String t = text(o);
        if (t != null) {
          out.add(t);
        }
      }
      return out.isEmpty() ? null : out;
    }
    String t = text(v);
    return t == null ? null : List.of(t);
  }

  /**
   * The value as a map with string keys (insertion order kept), or {@code null}. Callers only read
   * the result: a map whose keys are all strings is returned as it is, anything else is copied with
   * its keys as strings (and null keys left out).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      return null;
    }
    boolean stringKeys = true;
    for (Object key : m.keySet()) {
      if (!(key instanceof String)) {
        stringKeys = false;
        break;
      }
    }
    if (stringKeys) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getKey() != null) {
        out.put(e.getKey().toString(), e.getValue());
      }
    }
    return out;
  }

  /** The value as a list, or {@code null}. Callers only read it: a list is returned as it is. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    if (!(value instanceof Collection<?> c)) {
      return null;
    }
    return new ArrayList<>(c);
  }

  /** The value as a map: a Map as it is, or a JSON object string parsed. {@code null} otherwise. */
  static Map<String, Object> mapOrJson(Object value) {
    if (value instanceof String s) {
      return map(Json.parse(s).orElse(null));
    }
    return map(value);
  }

  /**
   * The value as a list: a List as it is, or a JSON array string parsed. {@code null} otherwise.
   */
  static List<Object> listOrJson(Object value) {
    if (value instanceof String s) {
      return list(Json.parse(s).orElse(null));
    }
    return list(value);
  }

  /**
   * The reader's result, or {@code null} when it fails on a value it cannot handle (wrong shapes,
   * nesting too deep). Conventions read each content attribute through this, so one unreadable
   * attribute is left in place without stopping the rest of the convention.
   */
  static <T> T safely(Supplier<T> reader) {
    try {
      return reader.get();
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /** The first non-null of the given values, or {@code null}. */
  @SafeVarargs
  static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
