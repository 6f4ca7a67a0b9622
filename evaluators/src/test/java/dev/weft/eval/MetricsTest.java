package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void bleuMatchesTheSacrebleuReadmeExample() {
    // sacrebleu README ("Using SacreBLEU from Python"): corpus_bleu of these systems and two
    // reference streams prints "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 ...)".
    List<String> sys =
        List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
    List<List<String>> refs =
        List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of(
                "The dog had bit the man.",
                "No one was surprised.",
                "The man had bitten the dog."));
    assertThat(Metrics.corpusBleu(sys, refs)).isCloseTo(48.53, within(0.005));
  }

  @Test
  void sentenceBleuIsHundredForAnIdenticalSentenceAndSmoothedWithoutHigherOrderMatches() {
    assertThat(Metrics.sentenceBleu("The cat sat on the mat.", List.of("The cat sat on the mat.")))
        .isCloseTo(100.0, within(1e-9));
    // Only unigram matches: exp smoothing keeps it above zero but small.
    double b = Metrics.sentenceBleu("mat the on sat", List.of("the cat sat on the mat"));
    assertThat(b).isGreaterThan(0).isLessThan(20);
  }

  @Test
  void thirteenATokenizerSplitsPunctuationButNotDecimalNumbers() {
    assertThat(Metrics.tokenize13a("It costs 3.5 dollars, really."))
        .containsExactly("It", "costs", "3.5", "dollars", ",", "really", ".");
  }

  @Test
  void rougeLMatchesTheRougeScoreReadmeExample() {
    // google-research/rouge README: score(target='The quick brown fox jumps over the lazy dog',
    // prediction='The quick brown dog jumps on the log.') gives
    // rougeL Score(precision=0.625, recall=0.5555555555555556, fmeasure=0.5882352941176471).
    double[] prf =
        Metrics.rougeL(
            "The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog");
    assertThat(prf[0]).isCloseTo(0.625, within(1e-12));
    assertThat(prf[1]).isCloseTo(0.5555555555555556, within(1e-12));
    assertThat(prf[2]).isCloseTo(0.5882352941176471, within(1e-12));
  }

  @Test
  void levenshteinOfKittenAndSittingIsThree() {
    // The textbook example (Levenshtein distance, Wikipedia): kitten → sitting in 3 edits.
    assertThat(Metrics.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(Metrics.levenshteinSimilarity("kitten", "sitting"))
        .isCloseTo(1 - 3.0 / 7, within(1e-12));
    assertThat(Metrics.levenshteinSimilarity("", "")).isEqualTo(1.0);
  }

  @Test
  void tokenF1FollowsTheSquadScript() {
    // SQuAD v1.1 evaluate script: articles and punctuation are dropped before overlap, so these
    // normalise to the same tokens.
    assertThat(Metrics.tokenF1("The Eiffel Tower!", "eiffel tower")).isEqualTo(1.0);
    // prediction {denver, broncos, won}, reference {broncos}: P=1/3, R=1, F1=0.5.
    assertThat(Metrics.tokenF1("Denver Broncos won", "Broncos")).isCloseTo(0.5, within(1e-12));
    assertThat(Metrics.tokenF1("nothing", "else")).isZero();
  }
}
