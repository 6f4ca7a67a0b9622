package dev.weft.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds per-score summaries from row results. */
final class Summaries {

  private Summaries() {}

  static Map<String, ScoreSummary> of(List<RowResult> rows, List<String> scorerNames, long seed) {
    Map<String, List<Score>> byName = new LinkedHashMap<>();
    for (String n : scorerNames) {
      byName.put(n, new ArrayList<>());
    }
    Map<String, Integer> errors = new LinkedHashMap<>();
    int modelErrors = 0;
    for (RowResult r : rows) {
      if (r.error() != null) {
        modelErrors++;
      }
      for (Score s : r.scores()) {
        byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
      }
      r.scorerErrors().keySet().forEach(k -> errors.merge(k, 1, Integer::sum));
    }
    Map<String, ScoreSummary> out = new LinkedHashMap<>();
    for (var e : byName.entrySet()) {
      List<Score> scores = e.getValue();
      if (scores.isEmpty() && !errors.containsKey(e.getKey()) && modelErrors == 0) {
        continue; // a scorer named differently from the scores it gives
      }
      double[] values = new double[scores.size()];
      Boolean[] passed = new Boolean[scores.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = scores.get(i).value();
        passed[i] = scores.get(i).passed();
      }
      out.put(
          e.getKey(),
          Aggregation.summarize(
              e.getKey(), values, passed, errors.getOrDefault(e.getKey(), 0) + modelErrors, seed));
    }
    return out;
  }
}
