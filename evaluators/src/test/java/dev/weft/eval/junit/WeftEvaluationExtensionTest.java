package dev.weft.eval.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationRunner;
import dev.weft.eval.Scorers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class WeftEvaluationExtensionTest {

  /** The evaluations under test; run only through the EngineTestKit below. */
  @ExtendWith(WeftEvaluationExtension.class)
  static class Suite {

    static List<EvalRow> rows() {
      List<EvalRow> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(EvalRow.of("r" + i, Map.of("expected", "{\"n\": " + i + "}")));
      }
      return rows;
    }

    /** Right on 9 rows of 10, always valid JSON. */
    static EvaluationRunner runner() {
      return EvaluationRunner.builder()
          .name("suite")
          .model("m", row -> row.id().equals("r9") ? "{\"n\": -1}" : row.text("expected"))
          .scorers(Scorers.exactMatch(), Scorers.validJson())
          .build();
    }

    @Test
    @EvalThreshold(score = "exact_match", mean = 0.8)
    @EvalThreshold(score = "valid_json", passRate = 1.0)
    void meetsItsThresholds(EvaluationRecorder eval) {
      eval.run(runner(), rows());
    }

    @Test
    @EvalThreshold(score = "exact_match", mean = 0.95)
    @EvalThreshold(score = "valid_json", passRate = 1.0)
    void fallsShortOfCorrectness(EvaluationRecorder eval) {
      eval.run(runner(), rows());
    }

    @Test
    @EvalThreshold(score = "faithfulness", mean = 0.5)
    void thresholdOnAMissingScoreFails(EvaluationRecorder eval) {
      eval.run(runner(), rows());
    }

    @Test
    @EvalThreshold(score = "exact_match", mean = 0.5)
    void recordingNothingFails() {}
  }

  private static org.junit.platform.testkit.engine.Events run(String method) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.conditions.deactivate", "*")
        .selectors(selectMethod(Suite.class, method, EvaluationRecorder.class.getName()))
        .execute()
        .testEvents();
  }

  @Test
  void passesWhenEveryThresholdIsMetAndWritesReports() throws Exception {
    run("meetsItsThresholds")
        .assertThatEvents()
        .haveExactly(1, event(test(), finishedSuccessfully()));
    Path md = Path.of("target/weft-evals/Suite.meetsItsThresholds.md");
    assertThat(Files.readString(md)).contains("| exact_match | 10 | 0.900 |").contains("ok");
    assertThat(Files.readAllLines(Path.of("target/weft-evals/Suite.meetsItsThresholds.jsonl")))
        .hasSize(10);
  }

  @Test
  void failsWithATableNamingWhatFellShort() {
    run("fallsShortOfCorrectness")
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.contains("fell short of 1 threshold")
                                && m.contains("exact_match")
                                && m.contains("mean ≥ 0.950")
                                && m.contains("0.900")
                                && m.contains("FAILED")))));
  }

  @Test
  void aThresholdOnAScoreNobodyGaveFails() {
    run("thresholdOnAMissingScoreFails")
        .assertThatEvents()
        .haveExactly(1, event(test(), finishedWithFailure(message(m -> m.contains("no score")))));
  }

  @Test
  void thresholdsWithoutARecordedEvaluationFail() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(Suite.class, "recordingNothingFails"))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(test(), finishedWithFailure(message(m -> m.contains("recorded no evaluation")))));
  }
}
