package dev.weft.eval;

/**
 * What a model may return instead of a bare value, so the runner records usage and cost.
 *
 * @param value the output that scorers see
 * @param inputTokens prompt tokens, or {@code null}
 * @param outputTokens completion tokens, or {@code null}
 * @param costUsd cost in USD, or {@code null}
 */
public record ModelOutput(Object value, Long inputTokens, Long outputTokens, Double costUsd) {

  /** An output with no usage information. */
  public static ModelOutput of(Object value) {
    return new ModelOutput(value, null, null, null);
  }

  /** An output with token usage. */
  public static ModelOutput of(Object value, long inputTokens, long outputTokens) {
    return new ModelOutput(value, inputTokens, outputTokens, null);
  }

  /** A copy with a cost. */
  public ModelOutput withCost(double usd) {
    return new ModelOutput(value, inputTokens, outputTokens, usd);
  }
}
