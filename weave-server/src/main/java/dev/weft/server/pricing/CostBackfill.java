package dev.weft.server.pricing;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Costs for stored spans that have none: the pure part of the price backfill ({@link
 * CostBackfillService}). A span is stored without a cost when its model had no price when it
 * arrived; once the project has one, the same rule that prices arriving spans ({@link
 * CostCalculator}) prices it.
 */
public final class CostBackfill {

  private CostBackfill() {}

  /**
   * A stored span without a cost, with what pricing needs.
   *
   * @param traceId 16 bytes
   * @param spanId 8 bytes
   * @param startTime the span's start (with the ids, its primary key)
   * @param model the span's model (the response model, else the request model)
   * @param inputTokens input tokens, or null
   * @param outputTokens output tokens, or null
   * @param cacheReadTokens input tokens read from the prompt cache, or null
   * @param cacheWriteTokens input tokens written to the prompt cache, or null
   */
  public record UncostedSpan(
      byte[] traceId,
      byte[] spanId,
      OffsetDateTime startTime,
      String model,
      Long inputTokens,
      Long outputTokens,
      Long cacheReadTokens,
      Long cacheWriteTokens) {}

  /**
   * A span and the cost it gets.
   *
   * @param span the span
   * @param costUsd its cost in USD
   */
  public record PricedSpan(UncostedSpan span, double costUsd) {}

  /**
   * What a page of uncosted spans becomes.
   *
   * @param priced the spans whose model has a price now, with their cost
   * @param unpriced models still without a price, with how many of the page's spans name each
   */
  public record Page(List<PricedSpan> priced, Map<String, Long> unpriced) {}

  /**
   * The cost that a trace's summary gains.
   *
   * @param traceId the trace
   * @param costUsd the sum of its newly priced spans' costs
   */
  public record TraceCost(byte[] traceId, double costUsd) {}

  /** Prices the spans whose model the table knows; counts the others by model. */
  public static Page price(List<UncostedSpan> spans, PriceTable table) {
    List<PricedSpan> priced = new ArrayList<>(spans.size());
    Map<String, Long> unpriced = new TreeMap<>();
    for (UncostedSpan s : spans) {
      Double cost =
          CostCalculator.cost(
              table,
              s.model(),
              s.inputTokens(),
              s.outputTokens(),
              s.cacheReadTokens(),
              s.cacheWriteTokens());
      if (cost == null) {
        unpriced.merge(s.model(), 1L, Long::sum);
      } else {
        priced.add(new PricedSpan(s, cost));
      }
    }
    return new Page(priced, unpriced);
  }

  /**
   * The cost each trace gains from its priced spans, one entry per trace, ordered by trace id as
   * PostgreSQL orders {@code bytea} (unsigned bytes) — the order in which the span writer locks
   * trace rows, so the two never wait for each other in a cycle.
   */
  public static List<TraceCost> traceCosts(List<PricedSpan> priced) {
    Map<byte[], Double> sums = new TreeMap<>(Arrays::compareUnsigned);
    for (PricedSpan p : priced) {
      sums.merge(p.span().traceId(), p.costUsd(), Double::sum);
    }
    List<TraceCost> out = new ArrayList<>(sums.size());
    sums.forEach((trace, cost) -> out.add(new TraceCost(trace, cost)));
    return out;
  }
}
