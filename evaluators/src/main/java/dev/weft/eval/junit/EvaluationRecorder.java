package dev.weft.eval.junit;

import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.EvaluationRunner;
import java.util.List;

/**
 * Injected into a test method by {@link WeftEvaluationExtension}: the evaluation run or recorded
 * through it is checked against the test's {@link EvalThreshold}s after the test body.
 */
public final class EvaluationRecorder {

  private EvaluationResult result;

  EvaluationRecorder() {}

  /** Runs the evaluation and records it. */
  public EvaluationResult run(EvaluationRunner runner, List<EvalRow> rows) {
    return record(runner.run(rows));
  }

  /** Records an evaluation produced elsewhere (e.g. by an {@code EvalLogger}). */
  public EvaluationResult record(EvaluationResult result) {
    this.result = result;
    return result;
  }

  EvaluationResult result() {
    return result;
  }
}
