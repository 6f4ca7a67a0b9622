package dev.weft.datasets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions.
 *
 * <p>When every row of both versions has an {@code id} field (a string or a number) and the ids are
 * unique within each version, rows are matched by id: an id only in {@code to} is added, only in
 * {@code from} is removed, in both with different content is changed (a row that only moved is not
 * reported). Otherwise rows are matched by content: a row present in both (same digest, as many
 * times) is unchanged; of the rest, a removed and an added row at the same position form a change,
 * and the others stay added or removed.
 *
 * @param matchedBy {@code id} or {@code content}
 * @param added rows only in {@code to}, with their position there
 * @param removed rows only in {@code from}, with their position there
 * @param changed rows matched in both whose content differs
 */
public record DatasetDiff(
    String matchedBy,
    List<PositionedRow> added,
    List<PositionedRow> removed,
    List<Change> changed) {

  /** Field whose value identifies a row across versions, when all rows carry it. */
  public static final String ID_FIELD = "id";

  /**
   * A changed row.
   *
   * @param id the row's {@code id} value when matched by id, else {@code null}
   * @param from the row before, with its position in {@code from}
   * @param to the row after, with its position in {@code to}
   */
  public record Change(JsonNode id, PositionedRow from, PositionedRow to) {}

  /** Whether nothing changed. */
  @JsonIgnore
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** The differences from {@code from} to {@code to}. */
  public static DatasetDiff between(List<DatasetRow> from, List<DatasetRow> to) {
    Map<String, Integer> fromIds = ids(from);
    Map<String, Integer> toIds = fromIds == null ? null : ids(to);
    if (fromIds != null && toIds != null) {
      return byId(from, to, fromIds, toIds);
    }
    return byContent(from, to);
  }

  /** Id key → position, or null when some row has no usable id or ids repeat. */
  private static Map<String, Integer> ids(List<DatasetRow> rows) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode id = rows.get(i).get(ID_FIELD);
      if (id == null || !(id.isTextual() || id.isNumber())) {
        return null;
      }
      if (ids.put(CanonicalJson.write(id), i) != null) {
        return null;
      }
    }
    return ids;
  }

  private static DatasetDiff byId(
      List<DatasetRow> from,
      List<DatasetRow> to,
      Map<String, Integer> fromIds,
      Map<String, Integer> toIds) {
    List<PositionedRow> added = new ArrayList<>();
    List<PositionedRow> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    fromIds.forEach(
        (id, i) -> {
          Integer j = toIds.get(id);
          if (j == null) {
            removed.add(new PositionedRow(i, from.get(i)));
          } else if (!from.get(i).digest().equals(to.get(j).digest())) {
            changed.add(
                new Change(
                    from.get(i).get(ID_FIELD),
                    new PositionedRow(i, from.get(i)),
                    new PositionedRow(j, to.get(j))));
          }
        });
    toIds.forEach(
        (id, j) -> {
          if (!fromIds.containsKey(id)) {
            added.add(new PositionedRow(j, to.get(j)));
          }
        });
    return new DatasetDiff(ID_FIELD, added, removed, changed);
  }

  private static DatasetDiff byContent(List<DatasetRow> from, List<DatasetRow> to) {
    Map<String, Deque<Integer>> unmatchedFrom = new HashMap<>();
    for (int i = 0; i < from.size(); i++) {
      unmatchedFrom.computeIfAbsent(from.get(i).digest(), d -> new ArrayDeque<>()).add(i);
    }
    Set<Integer> matchedFrom = new HashSet<>();
    List<Integer> addedPositions = new ArrayList<>();
    for (int j = 0; j < to.size(); j++) {
      Deque<Integer> same = unmatchedFrom.get(to.get(j).digest());
      if (same != null && !same.isEmpty()) {
        matchedFrom.add(same.poll());
      } else {
        addedPositions.add(j);
      }
    }
    Set<Integer> removedPositions = new java.util.TreeSet<>();
    for (int i = 0; i < from.size(); i++) {
      if (!matchedFrom.contains(i)) {
        removedPositions.add(i);
      }
    }
    List<PositionedRow> added = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    for (int j : addedPositions) {
      if (removedPositions.remove(j)) {
        changed.add(
            new Change(null, new PositionedRow(j, from.get(j)), new PositionedRow(j, to.get(j))));
      } else {
        added.add(new PositionedRow(j, to.get(j)));
      }
    }
    List<PositionedRow> removed = new ArrayList<>();
    for (int i : removedPositions) {
      removed.add(new PositionedRow(i, from.get(i)));
    }
    return new DatasetDiff("content", added, removed, changed);
  }
}
