package dev.weft.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Pure statistics over score values: mean, standard deviation, pass rate and a percentile bootstrap
 * confidence interval of the mean.
 */
public final class Aggregation {

  /** Resamples drawn for a bootstrap interval. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** Seed used when none is given, so the same results give the same interval. */
  public static final long DEFAULT_SEED = 20240601L;

  private Aggregation() {}

  /**
   * Summarises one score.
   *
   * @param name score name
   * @param values the values (rows × trials)
   * @param passed per value whether it passed, {@code null} entries for plain numbers; may be null
   * @param errors how many rows had no value because of an error
   * @param seed bootstrap seed
   */
  public static ScoreSummary summarize(
      String name, double[] values, Boolean[] passed, int errors, long seed) {
    int n = values.length;
    double mean = mean(values);
    double sd = 0;
    if (n > 1) {
      double ss = 0;
      for (double v : values) {
        ss += (v - mean) * (v - mean);
      }
      sd = Math.sqrt(ss / (n - 1));
    }
    Double passRate = null;
    if (passed != null) {
      int judged = 0;
      int ok = 0;
      for (Boolean p : passed) {
        if (p != null) {
          judged++;
          if (p) {
            ok++;
          }
        }
      }
      passRate = judged == 0 ? null : (double) ok / judged;
    }
    double[] ci = bootstrapMeanCi(values, DEFAULT_RESAMPLES, 0.95, seed);
    return new ScoreSummary(name, n, mean, sd, passRate, ci[0], ci[1], errors);
  }

  /** The mean, or {@code NaN} for no values. */
  public static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * Percentile bootstrap interval of the mean: resample with replacement, take the mean of each
   * resample, and return the {@code (1-level)/2} and {@code (1+level)/2} quantiles.
   *
   * @return {@code [low, high]}; both equal the mean for fewer than two values
   */
  public static double[] bootstrapMeanCi(double[] values, int resamples, double level, long seed) {
    int n = values.length;
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    if (n == 1) {
      return new double[] {values[0], values[0]};
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += values[random.nextInt(n)];
      }
      means[b] = sum / n;
    }
    Arrays.sort(means);
    return new double[] {quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2)};
  }

  /** Linear-interpolated quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
