package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorersTest {

  private static final EvalRow ROW =
      EvalRow.of("r1", Map.of("question", "capital of France?", "expected", "Paris"));

  private static Score one(Scorer scorer, Object output) throws Exception {
    List<Score> scores = scorer.score(ROW, output);
    assertThat(scores).hasSize(1);
    return scores.get(0);
  }

  @Test
  void exactMatchPassesOnlyOnEqualTextAndExplainsAMiss() throws Exception {
    assertThat(one(Scorers.exactMatch(), "Paris").passed()).isTrue();
    Score miss = one(Scorers.exactMatch(), "paris ");
    assertThat(miss.passed()).isFalse();
    assertThat(miss.reason()).contains("Paris");
    assertThat(one(Scorers.exactMatch("expected", true), " paris ").passed()).isTrue();
  }

  @Test
  void missingReferenceFieldIsAnErrorNotAZero() {
    EvalRow noRef = EvalRow.of(Map.of("question", "q"));
    assertThatThrownBy(() -> Scorers.exactMatch().score(noRef, "x"))
        .hasMessageContaining("no reference field 'expected'");
  }

  @Test
  void containsFamily() throws Exception {
    assertThat(one(Scorers.contains("Par"), "Paris").passed()).isTrue();
    assertThat(one(Scorers.containsAll(List.of("a", "b")), "a only").reason()).contains("[b]");
    assertThat(one(Scorers.containsAny(List.of("x", "only")), "a only").passed()).isTrue();
    assertThat(one(Scorers.containsAny(List.of("q", "z")), "a only").passed()).isFalse();
  }

  @Test
  void regexFindsAnywhere() throws Exception {
    assertThat(one(Scorers.regex("\\d{4}-\\d{2}"), "on 2024-05-01").passed()).isTrue();
    assertThat(one(Scorers.regex("^\\d+$"), "12a").passed()).isFalse();
  }

  @Test
  void validJsonRejectsTrailingTextAndSyntaxErrors() throws Exception {
    assertThat(one(Scorers.validJson(), "{\"a\": [1, 2]}").passed()).isTrue();
    assertThat(one(Scorers.validJson(), "{\"a\": 1} extra").passed()).isFalse();
    Score bad = one(Scorers.validJson(), "{\"a\": }");
    assertThat(bad.passed()).isFalse();
    assertThat(bad.reason()).isNotBlank();
  }

  @Test
  void numericToleranceAbsoluteAndRelative() throws Exception {
    EvalRow row = EvalRow.of(Map.of("expected", 100));
    assertThat(Scorers.numericTolerance("expected", 0.5, 0).score(row, "100.4").get(0).passed())
        .isTrue();
    assertThat(Scorers.numericTolerance("expected", 0, 0.01).score(row, "101").get(0).passed())
        .isTrue();
    Score far = Scorers.numericTolerance("expected", 0, 0.01).score(row, "102").get(0);
    assertThat(far.passed()).isFalse();
    assertThat(Scorers.numericTolerance("expected", 1, 0).score(row, "abc").get(0).reason())
        .contains("not a number");
  }

  @Test
  void similarityScorersUseTheReferenceAndBestOfSeveral() throws Exception {
    assertThat(one(Scorers.levenshtein(), "Paris").value()).isEqualTo(1.0);
    assertThat(one(Scorers.tokenF1(), "It is Paris").value()).isBetween(0.0, 1.0);
    EvalRow multi = EvalRow.of(Map.of("expected", List.of("Lyon", "the city of Paris")));
    assertThat(Scorers.rougeL().score(multi, "the city of Paris").get(0).value()).isEqualTo(1.0);
    assertThat(Scorers.bleu().score(multi, "the city of Paris").get(0).value())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }
}
