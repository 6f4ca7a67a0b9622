package dev.weft.eval;

import java.util.Objects;

/**
 * One named score of one row: a number, or a boolean (stored as 1 or 0 with {@code passed} set).
 *
 * @param name the score's name (the key thresholds and comparisons use)
 * @param value the number; 1 or 0 for booleans
 * @param passed whether the row passed, or {@code null} for a plain number
 * @param reason why (a judge's reasoning, the failed expectation), or {@code null}
 */
public record Score(String name, double value, Boolean passed, String reason) {

  /** Checks the name and that the value is a finite number. */
  public Score {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a score needs a name");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("score " + name + " is not a finite number: " + value);
    }
  }

  /** A numeric score. */
  public static Score of(String name, double value) {
    return new Score(name, value, null, null);
  }

  /** A boolean score. */
  public static Score of(String name, boolean passed) {
    return new Score(name, passed ? 1 : 0, passed, null);
  }

  /** A numeric score that also passes or fails against a threshold. */
  public static Score of(String name, double value, double passAt) {
    return new Score(name, value, value >= passAt, null);
  }

  /** A copy with a reason. */
  public Score withReason(String why) {
    return new Score(name, value, passed, why);
  }

  /** Whether this score is a boolean one. */
  public boolean isBoolean() {
    return passed != null && (value == 0 || value == 1);
  }
}
