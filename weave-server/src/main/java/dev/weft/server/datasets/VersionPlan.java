package dev.weft.server.datasets;

import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.Digests;
import dev.weft.server.common.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of a new version: its row digests in order and the canonical JSON of the rows it
 * brings (which may already be stored). Pure: built from a base version's digests and edits.
 *
 * @param digests row digests in order
 * @param newRows digest → canonical JSON of every row given in the request
 */
record VersionPlan(List<String> digests, Map<String, String> newRows) {

  /** The version digest of the planned rows. */
  String digest() {
    return Digests.version(digests);
  }

  /** Rows appended to (or, with {@code replaceAll}, replacing) the base. */
  static VersionPlan append(List<String> base, List<DatasetRow> rows, boolean replaceAll) {
    List<String> digests = new ArrayList<>(replaceAll ? List.of() : base);
    Map<String, String> newRows = new LinkedHashMap<>();
    for (DatasetRow r : rows) {
      digests.add(r.digest());
      newRows.putIfAbsent(r.digest(), r.canonicalJson());
    }
    return new VersionPlan(digests, newRows);
  }

  /**
   * Applies edits to a base version's rows: replacements, then deletions, then appends, with
   * positions and digests referring to the base.
   *
   * @throws ProblemException 400 naming the first edit that does not fit the base
   */
  static VersionPlan edit(List<String> base, DatasetEdit edit) {
    int n = base.size();
    Map<String, String> newRows = new LinkedHashMap<>();
    String[] result = base.toArray(new String[0]);
    Set<Integer> touched = new HashSet<>();
    Map<String, Integer> digestIndex = new HashMap<>();
    for (int i = n - 1; i >= 0; i--) {
      digestIndex.put(base.get(i), i);
    }

    for (int k = 0; k < edit.replace().size(); k++) {
      DatasetEdit.Replacement r = edit.replace().get(k);
      String where = "replace[" + k + "]";
      if (r.row() == null) {
        throw ProblemException.badRequest(where + ": give the new row as \"row\": {...}");
      }
      DatasetRow row = DatasetRow.of(r.row());
      newRows.putIfAbsent(row.digest(), row.canonicalJson());
      if ((r.position() == null) == (r.digest() == null)) {
        throw ProblemException.badRequest(
            where + ": give either \"position\" or \"digest\" of the row to replace, not both");
      }
      if (r.position() != null) {
        int p = position(where, r.position(), n);
        if (!touched.add(p)) {
          throw ProblemException.badRequest(where + ": position " + p + " is edited twice");
        }
        result[p] = row.digest();
      } else {
        if (!digestIndex.containsKey(r.digest())) {
          throw ProblemException.badRequest(
              where + ": no row with digest " + r.digest() + " in the base version");
        }
        for (int i = 0; i < n; i++) {
          if (base.get(i).equals(r.digest())) {
            if (!touched.add(i)) {
              throw ProblemException.badRequest(where + ": position " + i + " is edited twice");
            }
            result[i] = row.digest();
          }
        }
      }
    }

    boolean[] deleted = new boolean[n];
    for (int k = 0; k < edit.delete().size(); k++) {
      Integer pos = edit.delete().get(k);
      String where = "delete[" + k + "]";
      if (pos == null) {
        throw ProblemException.badRequest(where + ": positions must be numbers");
      }
      int p = position(where, pos, n);
      if (!touched.add(p)) {
        throw ProblemException.badRequest(where + ": position " + p + " is edited twice");
      }
      deleted[p] = true;
    }
    for (int k = 0; k < edit.deleteDigests().size(); k++) {
      String d = edit.deleteDigests().get(k);
      String where = "deleteDigests[" + k + "]";
      if (!digestIndex.containsKey(d)) {
        throw ProblemException.badRequest(
            where + ": no row with digest " + d + " in the base version");
      }
      for (int i = 0; i < n; i++) {
        if (base.get(i).equals(d)) {
          if (!touched.add(i)) {
            throw ProblemException.badRequest(where + ": position " + i + " is edited twice");
          }
          deleted[i] = true;
        }
      }
    }

    List<String> digests = new ArrayList<>(n + edit.append().size());
    for (int i = 0; i < n; i++) {
      if (!deleted[i]) {
        digests.add(result[i]);
      }
    }
    for (int k = 0; k < edit.append().size(); k++) {
      if (edit.append().get(k) == null) {
        throw ProblemException.badRequest("append[" + k + "]: a row must be a JSON object");
      }
      DatasetRow row = DatasetRow.of(edit.append().get(k));
      digests.add(row.digest());
      newRows.putIfAbsent(row.digest(), row.canonicalJson());
    }
    return new VersionPlan(digests, newRows);
  }

  private static int position(String where, int p, int n) {
    if (p < 0 || p >= n) {
      throw ProblemException.badRequest(
          where
              + ": position "
              + p
              + " is not in the base version, which has "
              + n
              + " rows (positions 0 to "
              + (n - 1)
              + ")");
    }
    return p;
  }
}
