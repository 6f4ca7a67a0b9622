package dev.weft.server.evaluations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pure row-by-row comparison of two evaluations: rows pair by digest (scores averaged over trials
 * and duplicate rows), and each score shared by both (in name order) gets a paired bootstrap
 * interval of the mean difference and a sign test.
 */
public final class Comparison {

  static final int RESAMPLES = 2000;
  static final long SEED = 20240601L;
  private static final double EPS = 1e-9;

  private Comparison() {}

  /**
   * The scores of one evaluation's rows.
   *
   * @param rowDigest digest
   * @param rowId id
   * @param scores score name → value
   * @param failed whether the model failed on this row
   */
  public record ScoredRow(
      String rowDigest, String rowId, Map<String, Double> scores, boolean failed) {}

  /**
   * The comparison.
   *
   * @param baseId base evaluation
   * @param candidateId candidate evaluation
   * @param pairedRows rows present in both
   * @param onlyInBase rows only in the base
   * @param onlyInCandidate rows only in the candidate
   * @param newErrors rows where the candidate's model failed and the base's did not
   * @param fixedErrors rows where the base's model failed and the candidate's did not
   * @param scores per shared score
   */
  public record Result(
      String baseId,
      String candidateId,
      int pairedRows,
      int onlyInBase,
      int onlyInCandidate,
      int newErrors,
      int fixedErrors,
      List<ScoreComparison> scores) {}

  /** Compares; {@code limit} caps the listed regressions and improvements per score. */
  public static Result compare(
      String baseId,
      List<ScoredRow> base,
      String candidateId,
      List<ScoredRow> candidate,
      int limit) {
    Map<String, Averaged> b = average(base);
    Map<String, Averaged> c = average(candidate);
    Set<String> paired = new LinkedHashSet<>(b.keySet());
    paired.retainAll(c.keySet());
    int newErrors = 0;
    int fixedErrors = 0;
    // Sorted so the answer does not depend on jsonb's key order.
    Set<String> names = new java.util.TreeSet<>();
    for (String d : paired) {
      Averaged x = b.get(d);
      Averaged y = c.get(d);
      if (y.failed && !x.failed) {
        newErrors++;
      }
      if (x.failed && !y.failed) {
        fixedErrors++;
      }
      for (String n : x.sums.keySet()) {
        if (y.sums.containsKey(n)) {
          names.add(n);
        }
      }
    }
    List<ScoreComparison> out = new ArrayList<>();
    for (String name : names) {
      List<RowChange> changes = new ArrayList<>();
      for (String d : paired) {
        Averaged x = b.get(d);
        Averaged y = c.get(d);
        if (x.sums.containsKey(name) && y.sums.containsKey(name)) {
          double bv = x.mean(name);
          double cv = y.mean(name);
          changes.add(new RowChange(d, y.rowId != null ? y.rowId : x.rowId, bv, cv, cv - bv));
        }
      }
      out.add(score(name, changes, limit));
    }
    return new Result(
        baseId,
        candidateId,
        paired.size(),
        b.size() - paired.size(),
        c.size() - paired.size(),
        newErrors,
        fixedErrors,
        out);
  }

  static ScoreComparison score(String name, List<RowChange> changes, int limit) {
    int n = changes.size();
    double[] deltas = new double[n];
    double baseSum = 0;
    double candSum = 0;
    int up = 0;
    int down = 0;
    for (int i = 0; i < n; i++) {
      RowChange ch = changes.get(i);
      deltas[i] = ch.delta();
      baseSum += ch.base();
      candSum += ch.candidate();
      if (ch.delta() > EPS) {
        up++;
      } else if (ch.delta() < -EPS) {
        down++;
      }
    }
    double meanDelta = n == 0 ? 0 : (candSum - baseSum) / n;
    double[] ci = bootstrap(deltas);
    boolean significant = n > 1 && (ci[0] > EPS || ci[1] < -EPS);
    List<RowChange> regressions =
        changes.stream()
            .filter(ch -> ch.delta() < -EPS)
            .sorted(Comparator.comparingDouble(RowChange::delta))
            .limit(limit)
            .toList();
    List<RowChange> improvements =
        changes.stream()
            .filter(ch -> ch.delta() > EPS)
            .sorted(Comparator.comparingDouble(RowChange::delta).reversed())
            .limit(limit)
            .toList();
    return new ScoreComparison(
        name,
        n,
        n == 0 ? Double.NaN : baseSum / n,
        n == 0 ? Double.NaN : candSum / n,
        meanDelta,
        ci[0],
        ci[1],
        up,
        down,
        n - up - down,
        signTest(up, down),
        significant,
        regressions,
        improvements);
  }

  /** Percentile bootstrap of the mean of paired differences. */
  static double[] bootstrap(double[] deltas) {
    int n = deltas.length;
    if (n == 0) {
      return new double[] {0, 0};
    }
    SplittableRandom random = new SplittableRandom(SEED);
    double[] means = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += deltas[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    return new double[] {quantile(means, 0.025), quantile(means, 0.975)};
  }

  /**
   * Two-sided exact sign test: the probability, if improvements and regressions were equally
   * likely, of a split at least this lopsided. Ties are left out.
   */
  static double signTest(int up, int down) {
    int n = up + down;
    if (n == 0) {
      return 1.0;
    }
    int k = Math.min(up, down);
    // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow.
    double logHalfN = n * Math.log(0.5);
    double tail = 0;
    double logC = 0; // log C(n, 0)
    for (int i = 0; i <= k; i++) {
      if (i > 0) {
        logC += Math.log(n - i + 1) - Math.log(i);
      }
      tail += Math.exp(logC + logHalfN);
    }
    return Math.min(1.0, 2 * tail);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static Map<String, Averaged> average(List<ScoredRow> rows) {
    Map<String, Averaged> out = new LinkedHashMap<>();
    for (ScoredRow r : rows) {
      Averaged a = out.computeIfAbsent(r.rowDigest(), k -> new Averaged(r.rowId()));
      a.failed |= r.failed();
      r.scores()
          .forEach(
              (k, v) -> {
                if (v != null) {
                  a.sums.merge(k, v, Double::sum);
                  a.counts.merge(k, 1, Integer::sum);
                }
              });
    }
    return out;
  }

  private static final class Averaged {
    final String rowId;
    final Map<String, Double> sums = new LinkedHashMap<>();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    boolean failed;

    Averaged(String rowId) {
      this.rowId = rowId;
    }

    double mean(String name) {
      return sums.get(name) / counts.get(name);
    }
  }
}
