package dev.weft.server.pricing;

/**
 * What a model costs, in US dollars per million tokens.
 *
 * @param inputPerMillion price of one million input (prompt) tokens
 * @param outputPerMillion price of one million output (completion) tokens
 * @param cacheReadPerMillion price of one million input tokens served from the provider's prompt
 *     cache, or {@code null} when none is known (they are then priced as input tokens)
 * @param cacheWritePerMillion price of one million input tokens written to the provider's prompt
 *     cache, or {@code null} when none is known (priced as input tokens)
 */
public record ModelPrice(
    double inputPerMillion,
    double outputPerMillion,
    Double cacheReadPerMillion,
    Double cacheWritePerMillion) {

  /** A price without cache prices: cached input tokens cost what other input tokens cost. */
  public ModelPrice(double inputPerMillion, double outputPerMillion) {
    this(inputPerMillion, outputPerMillion, null, null);
  }

  /** The cost in USD of a call with the given token counts ({@code null} counts as zero). */
  public double cost(Long inputTokens, Long outputTokens) {
    return cost(inputTokens, outputTokens, null, null);
  }

  /**
   * The cost in USD of a call that read or wrote the provider's prompt cache ({@code null} counts
   * as zero).
   *
   * <p>The input tokens include the cached ones, as the OpenTelemetry GenAI conventions and
   * OpenInference have it: the rest of them are priced as input, the cached ones at the cache
   * prices. When the cached tokens outnumber the input tokens, the instrumentation counted them
   * apart (as Anthropic's API reports usage), and every input token is priced as input.
   */
  public double cost(Long inputTokens, Long outputTokens, Long cacheRead, Long cacheWrite) {
    long in = count(inputTokens);
    long read = count(cacheRead);
    long write = count(cacheWrite);
    long uncached = read + write <= in ? in - read - write : in;
    double usd =
        uncached * inputPerMillion
            + count(outputTokens) * outputPerMillion
            + read * (cacheReadPerMillion == null ? inputPerMillion : cacheReadPerMillion)
            + write * (cacheWritePerMillion == null ? inputPerMillion : cacheWritePerMillion);
    return usd / 1_000_000d;
  }

  private static long count(Long tokens) {
    return tokens == null ? 0 : Math.max(0, tokens);
  }
}
