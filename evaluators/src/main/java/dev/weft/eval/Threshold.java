package dev.weft.eval;

import java.util.Locale;

/**
 * A minimum (or maximum) for one statistic of one score, e.g. mean correctness ≥ 0.8.
 *
 * @param score score name
 * @param statistic which statistic
 * @param min lowest acceptable value, or {@code NaN} for none
 * @param max highest acceptable value, or {@code NaN} for none
 */
public record Threshold(String score, Statistic statistic, double min, double max) {

  /** The statistic a threshold applies to. */
  public enum Statistic {
    /** Mean over rows. */
    MEAN,
    /** Fraction of rows passed. */
    PASS_RATE,
    /** Lower end of the 95% confidence interval of the mean. */
    CI_LOW,
    /** Number of rows where the score is missing because of an error. */
    ERRORS
  }

  /** Mean of {@code score} at least {@code min}. */
  public static Threshold meanAtLeast(String score, double min) {
    return new Threshold(score, Statistic.MEAN, min, Double.NaN);
  }

  /** Pass rate of {@code score} at least {@code min}. */
  public static Threshold passRateAtLeast(String score, double min) {
    return new Threshold(score, Statistic.PASS_RATE, min, Double.NaN);
  }

  /** The actual value of the statistic in a summary ({@code NaN} if absent). */
  public double actual(ScoreSummary s) {
    if (s == null) {
      return Double.NaN;
    }
    return switch (statistic) {
      case MEAN -> s.mean();
      case PASS_RATE -> s.passRate() == null ? Double.NaN : s.passRate();
      case CI_LOW -> s.ciLow();
      case ERRORS -> s.errors();
    };
  }

  /** Whether the summary meets this threshold (a missing score never does). */
  public boolean isMet(ScoreSummary s) {
    double v = actual(s);
    if (Double.isNaN(v)) {
      return false;
    }
    return (Double.isNaN(min) || v >= min - 1e-12) && (Double.isNaN(max) || v <= max + 1e-12);
  }

  /** E.g. {@code mean ≥ 0.800}. */
  public String describe() {
    String stat = statistic.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (!Double.isNaN(min) && !Double.isNaN(max)) {
      return String.format(Locale.ROOT, "%.3f ≤ %s ≤ %.3f", min, stat, max);
    }
    return Double.isNaN(max)
        ? String.format(Locale.ROOT, "%s ≥ %.3f", stat, min)
        : String.format(Locale.ROOT, "%s ≤ %.3f", stat, max);
  }
}
