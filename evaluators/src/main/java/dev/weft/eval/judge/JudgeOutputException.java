package dev.weft.eval.judge;

/**
 * The judge model answered something that is not a verdict in the asked format. The runner records
 * it as a scorer error on the row — never as a zero score.
 */
public final class JudgeOutputException extends Exception {

  private final String rawOutput;

  JudgeOutputException(String message, String rawOutput) {
    super(message + "; judge said: " + abbreviate(rawOutput));
    this.rawOutput = rawOutput;
  }

  /** What the judge answered. */
  public String rawOutput() {
    return rawOutput;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "(nothing)";
    }
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
