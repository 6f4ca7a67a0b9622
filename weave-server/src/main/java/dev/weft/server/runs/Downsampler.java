package dev.weft.server.runs;

import dev.weft.server.runs.RunViews.PointView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Min/max bucket downsampling: the x range is cut into {@code maxPoints / 2} equal buckets and each
 * bucket keeps its lowest and its highest point, so spikes and dips stay visible however far a
 * chart is zoomed out, and the answer never has more than {@code maxPoints} points. Ties keep the
 * earliest step. {@link RunRepository} computes the same buckets in SQL so a million points never
 * leave the database; this pure version defines the rule and is what the tests check.
 */
public final class Downsampler {

  private Downsampler() {}

  /** The number of buckets used for a limit of {@code maxPoints} points. */
  public static int buckets(int maxPoints) {
    return Math.max(1, maxPoints / 2);
  }

  /**
   * The bucket of x: {@code floor((x - lo) / (hi - lo) * buckets)}, the last bucket closed. Same as
   * PostgreSQL's {@code least(width_bucket(x, lo, hi, buckets), buckets) - 1}.
   */
  public static int bucket(double x, double lo, double hi, int buckets) {
    if (hi <= lo) {
      return 0;
    }
    int b = (int) Math.floor((x - lo) / (hi - lo) * buckets);
    return Math.min(Math.max(b, 0), buckets - 1);
  }

  /**
   * Downsamples points sorted by x.
   *
   * @param points points sorted by x (and step)
   * @param maxPoints at most this many points come back (at least 2)
   * @param x the x axis
   */
  public static List<PointView> minMax(
      List<PointView> points, int maxPoints, ToDoubleFunction<PointView> x) {
    if (points.size() <= maxPoints) {
      return points;
    }
    int buckets = buckets(maxPoints);
    double lo = x.applyAsDouble(points.get(0));
    double hi = x.applyAsDouble(points.get(points.size() - 1));
    PointView[] min = new PointView[buckets];
    PointView[] max = new PointView[buckets];
    for (PointView p : points) {
      int b = bucket(x.applyAsDouble(p), lo, hi, buckets);
      if (min[b] == null || lower(p, min[b])) {
        min[b] = p;
      }
      if (max[b] == null || higher(p, max[b])) {
        max[b] = p;
      }
    }
    List<PointView> out = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      if (min[b] == null) {
        continue;
      }
      PointView first = min[b].step() <= max[b].step() ? min[b] : max[b];
      PointView second = first == min[b] ? max[b] : min[b];
      out.add(first);
      if (second != first) {
        out.add(second);
      }
    }
    return out;
  }

  private static boolean lower(PointView p, PointView than) {
    return p.value() < than.value() || (p.value() == than.value() && p.step() < than.step());
  }

  private static boolean higher(PointView p, PointView than) {
    return p.value() > than.value() || (p.value() == than.value() && p.step() < than.step());
  }
}
