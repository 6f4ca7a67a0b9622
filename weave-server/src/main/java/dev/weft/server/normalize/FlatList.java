package dev.weft.server.normalize;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads lists that instrumentations flatten into indexed attribute keys, such as {@code
 * llm.input_messages.0.message.role} or {@code gen_ai.prompt.3.tool_calls.0.name}.
 */
final class FlatList {

  /** Longest index accepted (9 digits), so a hostile key cannot overflow an int. */
  private static final int MAX_INDEX_DIGITS = 9;

  private FlatList() {}

  /**
   * Groups the keys {@code <prefix>.<N>.<rest>} of the map by index {@code N}: each group maps
   * {@code <rest>} to the value ({@code ""} for a key {@code <prefix>.<N>} itself). Keys whose
   * index is not a plain non-negative number are ignored. Every key taken is added to {@code
   * keysOut} when that is not {@code null}.
   *
   * @return the groups in index order, empty when there are none
   */
  static SortedMap<Integer, Map<String, Object>> collect(
      Map<String, Object> attrs, String prefix, Collection<String> keysOut) {
    if (attrs == null || attrs.isEmpty()) {
      return Collections.emptySortedMap();
    }
    // Most spans have none of the keys: no map is made until one matches.
    SortedMap<Integer, Map<String, Object>> groups = null;
    int start = prefix.length() + 1;
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      String key = e.getKey();
      if (key == null || !hasHead(key, prefix)) {
        continue;
      }
      int dot = key.indexOf('.', start);
      int index = index(key, start, dot < 0 ? key.length() : dot);
      if (index < 0) {
        continue;
      }
      String rest = dot < 0 ? "" : key.substring(dot + 1);
      if (groups == null) {
        groups = new TreeMap<>();
      }
      groups.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest, e.getValue());
      if (keysOut != null) {
        keysOut.add(key);
      }
    }
    return groups == null ? Collections.emptySortedMap() : groups;
  }

  /** Whether the map has any key {@code <prefix>.<N>...} with a numeric index. */
  static boolean present(Map<String, Object> attrs, String prefix) {
    if (attrs == null) {
      return false;
    }
    int start = prefix.length() + 1;
    for (String key : attrs.keySet()) {
      if (key != null && hasHead(key, prefix)) {
        int dot = key.indexOf('.', start);
        if (index(key, start, dot < 0 ? key.length() : dot) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the key starts with {@code <prefix>.}. */
  private static boolean hasHead(String key, String prefix) {
    int n = prefix.length();
    return key.length() > n && key.charAt(n) == '.' && key.startsWith(prefix);
  }

  /** The index in {@code key[from, to)}: a plain non-negative number, else -1. */
  private static int index(String key, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > MAX_INDEX_DIGITS) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
