package dev.weft.server.normalize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered, unmodifiable lookup tables conventions declare their rules in. */
final class Tables {

  private Tables() {}

  /**
   * An unmodifiable map that keeps the entries' order (for attribute tables, the order is the
   * precedence among keys that fill the same field).
   */
  @SafeVarargs
  static <V> Map<String, V> linked(Map.Entry<String, V>... entries) {
    Map<String, V> out = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : entries) {
      out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }
}
