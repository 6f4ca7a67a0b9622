package dev.weft.eval;

import java.util.List;

/**
 * Scores one model output against its dataset row. Implementations are pure where they can be and
 * thread-safe: the runner calls them from many threads.
 *
 * <p>A scorer that cannot score (a judge's answer that does not parse, a missing reference field)
 * throws: the runner records the error on the row instead of a misleading zero.
 */
@FunctionalInterface
public interface Scorer {

  /**
   * Scores one output.
   *
   * @param row the dataset row (input, reference, context ...)
   * @param output what the model returned (a {@link ModelOutput}'s value, already unwrapped)
   * @return one or more named scores
   * @throws Exception when no score can be given
   */
  List<Score> score(EvalRow row, Object output) throws Exception;

  /** A name for reports; scorers built by {@link Scorers} name themselves. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** A scorer with a name (for lambdas). */
  static Scorer named(String name, Scorer scorer) {
    return new Scorer() {
      @Override
      public List<Score> score(EvalRow row, Object output) throws Exception {
        return scorer.score(row, output);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
