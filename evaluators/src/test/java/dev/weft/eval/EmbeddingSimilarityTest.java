package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process all-MiniLM-L6-v2 model loads from the jar and ranks meaning, not wording. */
class EmbeddingSimilarityTest {

  private static double score(Scorer s, String reference, String output) throws Exception {
    return s.score(EvalRow.of(Map.of("expected", reference)), output).get(0).value();
  }

  @Test
  void paraphrasesScoreHigherThanUnrelatedTextAndIdenticalTextScoresOne() throws Exception {
    Scorer s = EmbeddingSimilarity.allMiniLm("expected");
    String ref = "The capital of France is Paris.";
    double same = score(s, ref, ref);
    double paraphrase = score(s, ref, "Paris is France's capital city.");
    double unrelated = score(s, ref, "My cat sleeps on the warm windowsill all afternoon.");
    assertThat(same).isCloseTo(1.0, within(1e-4));
    assertThat(paraphrase).isGreaterThan(0.7);
    assertThat(unrelated).isLessThan(0.3);
    assertThat(paraphrase).isGreaterThan(unrelated);
  }
}
