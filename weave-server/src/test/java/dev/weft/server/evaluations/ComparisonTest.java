package dev.weft.server.evaluations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.server.evaluations.Comparison.ScoredRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static List<ScoredRow> rows(double[] values) {
    List<ScoredRow> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new ScoredRow("d" + i, "r" + i, Map.of("acc", values[i]), false));
    }
    return out;
  }

  @Test
  void signTestMatchesTheBinomialDistribution() {
    // 9 of 10 changed rows in one direction: 2 · P(X ≤ 1), X ~ Bin(10, 1/2) = 2 · 11/1024.
    assertThat(Comparison.signTest(9, 1)).isCloseTo(22.0 / 1024, within(1e-12));
    assertThat(Comparison.signTest(5, 5)).isEqualTo(1.0);
    assertThat(Comparison.signTest(0, 0)).isEqualTo(1.0);
    // Large n does not underflow to 0 or produce NaN.
    assertThat(Comparison.signTest(5000, 4900)).isBetween(0.0, 1.0);
  }

  @Test
  void aConsistentImprovementIsSignificantAndListed() {
    double[] base = new double[40];
    double[] cand = new double[40];
    for (int i = 0; i < 40; i++) {
      base[i] = i % 2 == 0 ? 0 : 1;
      cand[i] = i % 4 == 0 ? 0 : 1; // 10 rows go 0 → 1, none the other way
    }
    Comparison.Result r = Comparison.compare("a", rows(base), "b", rows(cand), 5);
    ScoreComparison acc = r.scores().get(0);
    assertThat(acc.pairs()).isEqualTo(40);
    assertThat(acc.meanDelta()).isCloseTo(0.25, within(1e-12));
    assertThat(acc.improved()).isEqualTo(10);
    assertThat(acc.regressed()).isZero();
    assertThat(acc.significant()).isTrue();
    assertThat(acc.ciLow()).isGreaterThan(0);
    assertThat(acc.signTestP()).isLessThan(0.01);
    assertThat(acc.improvements()).hasSize(5);
    assertThat(acc.regressions()).isEmpty();
  }

  @Test
  void noiseIsNotSignificant() {
    double[] base = {1, 0, 1, 0, 1, 0, 1, 0};
    double[] cand = {0, 1, 1, 0, 1, 0, 0, 1};
    ScoreComparison acc = Comparison.compare("a", rows(base), "b", rows(cand), 10).scores().get(0);
    assertThat(acc.meanDelta()).isZero();
    assertThat(acc.significant()).isFalse();
    assertThat(acc.regressions()).hasSize(2);
    assertThat(acc.improvements()).hasSize(2);
  }

  @Test
  void pairsByDigestAveragesTrialsAndCountsUnpairedRowsAndNewErrors() {
    List<ScoredRow> base =
        List.of(
            new ScoredRow("x", "1", Map.of("acc", 1.0), false),
            new ScoredRow("y", "2", Map.of("acc", 0.0), false),
            new ScoredRow("only-base", "3", Map.of("acc", 1.0), false));
    List<ScoredRow> cand =
        List.of(
            new ScoredRow("x", "1", Map.of("acc", 1.0), false),
            new ScoredRow("x", "1", Map.of("acc", 0.0), false),
            new ScoredRow("y", "2", Map.of(), true),
            new ScoredRow("only-cand", "4", Map.of("acc", 1.0), false));
    Comparison.Result r = Comparison.compare("a", base, "b", cand, 10);
    assertThat(r.pairedRows()).isEqualTo(2);
    assertThat(r.onlyInBase()).isEqualTo(1);
    assertThat(r.onlyInCandidate()).isEqualTo(1);
    assertThat(r.newErrors()).isEqualTo(1);
    ScoreComparison acc = r.scores().get(0);
    assertThat(acc.pairs()).isEqualTo(1); // y has no score in the candidate
    assertThat(acc.candidateMean()).isEqualTo(0.5);
  }
}
