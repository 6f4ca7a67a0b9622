package dev.weft.server.pricing;

/**
 * What a model costs, in US dollars per million tokens.
 *
 * @param inputPerMillion price of one million input (prompt) tokens
 * @param outputPerMillion price of one million output (completion) tokens
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

  /** The cost in USD of a call with the given token counts ({@code null} counts as zero). */
  public double cost(Long inputTokens, Long outputTokens) {
    long in = inputTokens == null ? 0 : inputTokens;
    long out = outputTokens == null ? 0 : outputTokens;
    return (in * inputPerMillion + out * outputPerMillion) / 1_000_000d;
  }
}
