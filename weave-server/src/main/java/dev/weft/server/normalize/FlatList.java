package dev.weft.server.normalize;

import java.util.Collection;
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
    SortedMap<Integer, Map<String, Object>> groups = new TreeMap<>();
    if (attrs == null || attrs.isEmpty()) {
      return groups;
    }
    String head = prefix + ".";
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      String key = e.getKey();
      if (key == null || !key.startsWith(head)) {
        continue;
      }
      int start = head.length();
      int dot = key.indexOf('.', start);
      String indexText = dot < 0 ? key.substring(start) : key.substring(start, dot);
      Integer index = index(indexText);
      if (index == null) {
        continue;
      }
      String rest = dot < 0 ? "" : key.substring(dot + 1);
      groups.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest, e.getValue());
      if (keysOut != null) {
        keysOut.add(key);
      }
    }
    return groups;
  }

  /** Whether the map has any key {@code <prefix>.<N>...} with a numeric index. */
  static boolean present(Map<String, Object> attrs, String prefix) {
    if (attrs == null) {
      return false;
    }
    String head = prefix + ".";
    for (String key : attrs.keySet()) {
      if (key != null && key.startsWith(head)) {
        int start = head.length();
        int dot = key.indexOf('.', start);
        if (index(dot < 0 ? key.substring(start) : key.substring(start, dot)) != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static Integer index(String text) {
    if (text.isEmpty() || text.length() > MAX_INDEX_DIGITS) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Integer.parseInt(text);
  }
}
