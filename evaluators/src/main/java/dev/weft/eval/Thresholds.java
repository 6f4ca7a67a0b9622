package dev.weft.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks an evaluation against thresholds and explains what fell short. */
public final class Thresholds {

  private Thresholds() {}

  /** The thresholds not met (empty when all pass). */
  public static List<Threshold> unmet(EvaluationResult result, List<Threshold> thresholds) {
    List<Threshold> out = new ArrayList<>();
    for (Threshold t : thresholds) {
      if (!t.isMet(result.summary(t.score()))) {
        out.add(t);
      }
    }
    return out;
  }

  /** A table of every threshold with its actual value and verdict. */
  public static String table(EvaluationResult result, List<Threshold> thresholds) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, "%-24s %-22s %10s  %s%n", "score", "threshold", "actual", ""));
    for (Threshold t : thresholds) {
      ScoreSummary s = result.summary(t.score());
      double actual = t.actual(s);
      b.append(
          String.format(
              Locale.ROOT,
              "%-24s %-22s %10s  %s%n",
              t.score(),
              t.describe(),
              s == null ? "no score" : Reports.num(actual),
              t.isMet(s) ? "ok" : "FAILED"));
    }
    return b.toString();
  }

  /**
   * Throws an {@link AssertionError} with the table when a threshold is not met.
   *
   * @return the result, for chaining
   */
  public static EvaluationResult check(EvaluationResult result, List<Threshold> thresholds) {
    List<Threshold> unmet = unmet(result, thresholds);
    if (!unmet.isEmpty()) {
      throw new AssertionError(
          "evaluation '"
              + result.info().name()
              + "' fell short of "
              + unmet.size()
              + " threshold(s):\n"
              + table(result, thresholds));
    }
    return result;
  }
}
