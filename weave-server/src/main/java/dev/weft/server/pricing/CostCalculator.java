package dev.weft.server.pricing;

import dev.weft.server.normalize.CanonicalSpan;

/** Works out what a model call cost in USD. Pure: no state, no I/O. */
public final class CostCalculator {

  private CostCalculator() {}

  /**
   * The cost of the span in USD.
   *
   * <ol>
   *   <li>the cost the instrumentation reported, if any;
   *   <li>else the price of the span's model (the response model, else the request model) times its
   *       input and output tokens, the input tokens served from or written to the provider's prompt
   *       cache at the cache prices ({@link ModelPrice#cost(Long, Long, Long, Long)});
   *   <li>else {@code null}: an unknown model, or no input or output token counts, is never
   *       silently priced at zero.
   * </ol>
   *
   * @param span the canonical span, may be {@code null}
   * @param table the prices to use, may be {@code null} (then only a reported cost is returned)
   * @return the cost in USD, or {@code null} when it cannot be known
   */
  public static Double cost(CanonicalSpan span, PriceTable table) {
    if (span == null) {
      return null;
    }
    if (span.reportedCost() != null) {
      return span.reportedCost();
    }
    Double cost =
        cost(
            table,
            span.responseModel(),
            span.inputTokens(),
            span.outputTokens(),
            span.cacheReadTokens(),
            span.cacheWriteTokens());
    return cost != null
        ? cost
        : cost(
            table,
            span.requestModel(),
            span.inputTokens(),
            span.outputTokens(),
            span.cacheReadTokens(),
            span.cacheWriteTokens());
  }

  /**
   * The cost in USD of a call to the model with these token counts at the table's price ({@link
   * ModelPrice#cost(Long, Long, Long, Long)}).
   *
   * @param table the prices to use, may be {@code null}
   * @param model the model name, may be {@code null}
   * @return the cost, or {@code null} when the table has no price for the model or neither the
   *     input nor the output tokens are known
   */
  public static Double cost(
      PriceTable table,
      String model,
      Long inputTokens,
      Long outputTokens,
      Long cacheReadTokens,
      Long cacheWriteTokens) {
    if (table == null || (inputTokens == null && outputTokens == null)) {
      return null;
    }
    return table
        .find(model)
        .map(p -> p.cost(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens))
        .orElse(null);
  }
}
