package dev.weft.eval;

import java.util.List;
import java.util.Map;

/**
 * What happened to one row in one trial.
 *
 * @param index the row's position in the dataset
 * @param trial trial number, from 0
 * @param rowId the row's id, or {@code null}
 * @param rowDigest the row's content digest (pairs rows across evaluations)
 * @param input the row's fields
 * @param output the model's output ({@code null} when the model failed)
 * @param scores the scores given
 * @param latencyMs the model call's wall time of the last attempt, in milliseconds
 * @param inputTokens prompt tokens, or {@code null}
 * @param outputTokens completion tokens, or {@code null}
 * @param costUsd cost, or {@code null}
 * @param error why the model failed after all retries, or {@code null}
 * @param scorerErrors scorer name → why that scorer failed
 * @param attempts model calls made (1 without retries)
 * @param traceId the row span's trace id (hex), or {@code null} without tracing
 */
public record RowResult(
    int index,
    int trial,
    String rowId,
    String rowDigest,
    Map<String, Object> input,
    Object output,
    List<Score> scores,
    double latencyMs,
    Long inputTokens,
    Long outputTokens,
    Double costUsd,
    String error,
    Map<String, String> scorerErrors,
    int attempts,
    String traceId) {

  /** The score with this name, or {@code null}. */
  public Score score(String name) {
    for (Score s : scores) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Whether the model or any scorer failed on this row. */
  public boolean failed() {
    return error != null || !scorerErrors.isEmpty();
  }
}
