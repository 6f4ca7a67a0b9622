package dev.weft.server.pricing;

import dev.weft.server.normalize.CanonicalSpan;
import java.util.Optional;

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
    if (table == null || (span.inputTokens() == null && span.outputTokens() == null)) {
      return null;
    }
    Optional<ModelPrice> price = table.find(span.responseModel());
    if (price.isEmpty()) {
      price = table.find(span.requestModel());
    }
    return price
        .map(
            p ->
                p.cost(
                    span.inputTokens(),
                    span.outputTokens(),
                    span.cacheReadTokens(),
                    span.cacheWriteTokens()))
        .orElse(null);
  }
}
