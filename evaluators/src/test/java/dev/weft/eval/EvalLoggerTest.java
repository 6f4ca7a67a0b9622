package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalLoggerTest {

  @Test
  void logsPredictionsAndScoresThenSummarises() {
    EvalLogger logger = EvalLogger.create("own-loop").dataset("qa", "v1").model("m");
    for (int i = 0; i < 4; i++) {
      EvalRow row = EvalRow.of(Map.of("q", "q" + i, "expected", "a"));
      logger
          .logPrediction(row, i < 3 ? "a" : "b")
          .logScore("correct", i < 3)
          .logScore("length", 1.0)
          .score(Scorers.exactMatch());
    }
    EvaluationResult result = logger.finish();
    assertThat(result.rows()).hasSize(4);
    assertThat(result.summary("correct").passRate()).isEqualTo(0.75);
    assertThat(result.summary("exact_match").mean()).isEqualTo(0.75);
    assertThat(result.summary("length").mean()).isEqualTo(1.0);
    assertThat(result.info().scorers()).containsExactly("correct", "length", "exact_match");
    assertThat(logger.finish()).isSameAs(result);
    assertThatThrownBy(() -> logger.logPrediction(EvalRow.of(Map.of()), "x"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rowDigestIgnoresKeyOrder() {
    EvalRow a = EvalRow.of(Map.of("a", 1, "b", Map.of("y", 2, "x", 1)));
    java.util.LinkedHashMap<String, Object> inner = new java.util.LinkedHashMap<>();
    inner.put("x", 1);
    inner.put("y", 2);
    java.util.LinkedHashMap<String, Object> outer = new java.util.LinkedHashMap<>();
    outer.put("b", inner);
    outer.put("a", 1);
    assertThat(EvalRow.of(outer).digest()).isEqualTo(a.digest()).hasSize(64);
  }

  @Test
  void rowsFromTheDatasetsLibraryKeepTheirDigestAndMatchOurs() {
    dev.weft.datasets.Dataset qa = dev.weft.datasets.Samples.questionAnswering();
    java.util.List<EvalRow> rows = EvalRow.from(qa);
    assertThat(rows).hasSize(qa.size());
    EvalRow first = rows.get(0);
    assertThat(first.digest()).isEqualTo(qa.rows().get(0).digest());
    assertThat(EvalRow.digestOf(first.data())).isEqualTo(first.digest());
    assertThat(first.id()).isNotNull();
  }
}
