package dev.weft.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A JSONL or CSV input that cannot be read as rows; the message names the line (1-based) and what
 * is wrong with it.
 */
public final class DatasetFormatException extends RuntimeException {

  private final long line;
  private final boolean limitExceeded;

  /**
   * Creates the exception.
   *
   * @param line 1-based line of the bad row
   * @param problem what is wrong, without the line number
   */
  public DatasetFormatException(long line, String problem) {
    this(line, problem, false);
  }

  /**
   * Creates the exception.
   *
   * @param line 1-based line of the bad row
   * @param problem what is wrong, without the line number
   * @param limitExceeded the input is well formed but has more rows than allowed
   */
  public DatasetFormatException(long line, String problem, boolean limitExceeded) {
    super("line " + line + ": " + problem);
    this.line = line;
    this.limitExceeded = limitExceeded;
  }

  /** Whether the input has more rows than the reader was allowed to take. */
  public boolean limitExceeded() {
    return limitExceeded;
  }

  /** The 1-based line of the bad row. */
  public long line() {
    return line;
  }

  static String shortMessage(Exception e) {
    if (e instanceof JsonProcessingException j) {
      String m = j.getOriginalMessage();
      return m == null ? "malformed JSON" : m.replaceAll("\\s+", " ").trim();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
