package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AggregationTest {

  @Test
  void meanStddevAndPassRate() {
    ScoreSummary s =
        Aggregation.summarize(
            "x", new double[] {1, 0, 1, 1}, new Boolean[] {true, false, true, true}, 2, 1L);
    assertThat(s.mean()).isEqualTo(0.75);
    assertThat(s.stddev()).isCloseTo(0.5, within(1e-12)); // sample sd of 1,0,1,1
    assertThat(s.passRate()).isEqualTo(0.75);
    assertThat(s.errors()).isEqualTo(2);
    assertThat(s.ciLow()).isLessThanOrEqualTo(0.75);
    assertThat(s.ciHigh()).isGreaterThanOrEqualTo(0.75);
  }

  @Test
  void bootstrapIntervalIsReproducibleWithASeedAndCoversTheMean() {
    double[] v = new double[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 37 % 100) / 100.0;
    }
    double[] a = Aggregation.bootstrapMeanCi(v, 2000, 0.95, 7);
    double[] b = Aggregation.bootstrapMeanCi(v, 2000, 0.95, 7);
    assertThat(a).containsExactly(b);
    double mean = Aggregation.mean(v);
    assertThat(a[0]).isLessThan(mean);
    assertThat(a[1]).isGreaterThan(mean);
    // Normal approximation: mean ± 1.96·sd/√n ≈ ± 0.04 for values spread over [0, 1).
    assertThat(a[1] - a[0]).isBetween(0.06, 0.10);
  }

  @Test
  void constantValuesGiveAZeroWidthIntervalAndNoPassRateForPlainNumbers() {
    ScoreSummary s =
        Aggregation.summarize("x", new double[] {0.3, 0.3, 0.3}, new Boolean[3], 0, 1L);
    assertThat(s.ciLow()).isCloseTo(0.3, within(1e-12));
    assertThat(s.ciHigh()).isCloseTo(0.3, within(1e-12));
    assertThat(s.passRate()).isNull();
  }
}
