package dev.weft.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.runs.RunViews.PointView;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTest {

  static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-27T10:00:00Z");

  static List<PointView> series(int n, java.util.function.LongToDoubleFunction f) {
    List<PointView> out = new ArrayList<>(n);
    for (long s = 0; s < n; s++) {
      out.add(new PointView(s, f.applyAsDouble(s), T0.plusSeconds(s)));
    }
    return out;
  }

  @Test
  void seriesWithinTheLimitComeBackUnchanged() {
    List<PointView> points = series(100, s -> s * 2.0);
    assertThat(Downsampler.minMax(points, 100, PointView::step)).isEqualTo(points);
  }

  @Test
  void neverReturnsMoreThanMaxPoints() {
    Random random = new Random(7);
    for (int max : new int[] {2, 3, 10, 101, 1000}) {
      List<PointView> points = series(50_000, s -> random.nextGaussian());
      assertThat(Downsampler.minMax(points, max, PointView::step)).hasSizeLessThanOrEqualTo(max);
    }
  }

  @Test
  void keepsGlobalAndPerBucketExtremes() {
    List<PointView> points =
        series(100_000, s -> s == 31_337 ? -500 : s == 77_777 ? 900 : Math.sin(s / 100.0));
    List<PointView> kept = Downsampler.minMax(points, 200, PointView::step);
    assertThat(kept).extracting(PointView::step).contains(31_337L, 77_777L);
    assertThat(kept).extracting(PointView::value).contains(-500.0, 900.0);
    // Every bucket of 1000 steps keeps its own min and max.
    for (int b = 0; b < 100; b++) {
      List<PointView> bucket = points.subList(b * 1000, (b + 1) * 1000);
      double min = bucket.stream().mapToDouble(PointView::value).min().orElseThrow();
      double max = bucket.stream().mapToDouble(PointView::value).max().orElseThrow();
      long lo = b * 1000L;
      long hi = lo + 1000;
      assertThat(kept.stream().filter(p -> p.step() >= lo && p.step() < hi))
          .extracting(PointView::value)
          .contains(min, max);
    }
  }

  @Test
  void pointsStayInStepOrder() {
    Random random = new Random(3);
    List<PointView> kept =
        Downsampler.minMax(series(10_000, s -> random.nextDouble()), 300, PointView::step);
    for (int i = 1; i < kept.size(); i++) {
      assertThat(kept.get(i).step()).isGreaterThan(kept.get(i - 1).step());
    }
  }

  @Test
  void tiesKeepTheEarliestStepAndAFlatBucketGivesOnePoint() {
    List<PointView> kept = Downsampler.minMax(series(1000, s -> 1.0), 10, PointView::step);
    assertThat(kept).hasSize(5);
    assertThat(kept).extracting(PointView::step).containsExactly(0L, 200L, 400L, 600L, 800L);
  }

  @Test
  void bucketsMatchPostgresWidthBucket() {
    // least(width_bucket(x, 0, 99, 10), 10) - 1
    assertThat(Downsampler.bucket(0, 0, 99, 10)).isZero();
    assertThat(Downsampler.bucket(9.8, 0, 99, 10)).isZero();
    assertThat(Downsampler.bucket(9.9, 0, 99, 10)).isEqualTo(1);
    assertThat(Downsampler.bucket(99, 0, 99, 10)).isEqualTo(9);
    assertThat(Downsampler.bucket(5, 5, 5, 10)).isZero();
  }

  @Test
  void timeAxisBucketsOnTime() {
    List<PointView> points = new ArrayList<>();
    // Steps dense at the start in time, sparse later: buckets follow time, not step.
    for (long s = 0; s < 1000; s++) {
      points.add(new PointView(s, s, T0.plusSeconds(s < 900 ? s : 900 + (s - 900) * 100)));
    }
    List<PointView> kept = Downsampler.minMax(points, 20, p -> p.time().toEpochSecond());
    assertThat(kept).hasSizeLessThanOrEqualTo(20);
    assertThat(kept).extracting(PointView::step).contains(0L, 999L);
  }
}
