package dev.weft.server.traces;

import dev.weft.server.traces.TraceViews.SpanView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arranges the flat spans of a trace into trees. Pure and iterative (no recursion), so deep or huge
 * traces cannot overflow the stack.
 *
 * <p>A span whose parent is not stored (not arrived yet, or dropped upstream) becomes a root, so
 * nothing is hidden; spans caught in a parent cycle (malformed input) are shown as roots too.
 * Siblings are ordered by start time, then span id.
 */
public final class TraceTreeBuilder {

  private static final Comparator<SpanView> ORDER =
      Comparator.comparing(SpanView::startTime).thenComparing(SpanView::spanId);

  private TraceTreeBuilder() {}

  /** The root spans, each carrying its descendants in {@code children}. */
  public static List<SpanView> build(List<SpanView> spans) {
    Map<String, SpanView> byId = new HashMap<>();
    for (SpanView span : spans) {
      byId.putIfAbsent(span.spanId(), span);
    }
    Map<String, List<String>> children = new HashMap<>();
    List<String> roots = new ArrayList<>();
    for (SpanView span : byId.values()) {
      String parent = span.parentSpanId();
      if (parent == null || !byId.containsKey(parent) || parent.equals(span.spanId())) {
        roots.add(span.spanId());
      } else {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span.spanId());
      }
    }
    Set<String> reached = new HashSet<>();
    List<String> postOrder = new ArrayList<>(byId.size());
    walk(roots, children, reached, postOrder);
    // Spans in a parent cycle were never reached from a root: show each cycle from one member.
    for (SpanView span : spans) {
      if (!reached.contains(span.spanId())) {
        roots.add(span.spanId());
        walk(List.of(span.spanId()), children, reached, postOrder);
      }
    }
    Map<String, SpanView> built = new HashMap<>();
    for (String id : postOrder) {
      List<String> kidIds = children.getOrDefault(id, List.of());
      List<SpanView> kids = new ArrayList<>(kidIds.size());
      for (String kid : kidIds) {
        SpanView child = built.get(kid);
        if (child != null) {
          kids.add(child);
        }
      }
      kids.sort(ORDER);
      built.put(id, byId.get(id).withChildren(kids));
    }
    List<SpanView> result = new ArrayList<>(roots.size());
    for (String root : roots) {
      result.add(built.get(root));
    }
    result.sort(ORDER);
    return result;
  }

  /** Appends the subtree of each start span in post-order (children before their parent). */
  private static void walk(
      List<String> starts,
      Map<String, List<String>> children,
      Set<String> reached,
      List<String> postOrder) {
    Deque<String> stack = new ArrayDeque<>();
    Deque<Boolean> expanded = new ArrayDeque<>();
    for (String start : starts) {
      if (reached.add(start)) {
        stack.push(start);
        expanded.push(false);
      }
    }
    while (!stack.isEmpty()) {
      String id = stack.pop();
      boolean done = expanded.pop();
      if (done) {
        postOrder.add(id);
        continue;
      }
      stack.push(id);
      expanded.push(true);
      for (String kid : children.getOrDefault(id, List.of())) {
        if (reached.add(kid)) {
          stack.push(kid);
          expanded.push(false);
        }
      }
    }
  }
}
