package dev.weft.server.pricing;

import dev.weft.server.pricing.CostBackfill.Page;
import dev.weft.server.pricing.CostBackfill.PricedSpan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives stored spans that have no cost the price their model has now. Costs are worked out when
 * spans arrive; a span whose model had no price then (a new model, a fine-tuned one) is stored
 * without a cost, and setting a price ({@code PUT /prices}) does not change stored spans. The
 * backfill prices them, and adds their costs to their traces, with the project's prices as they are
 * now. Costs already stored are never changed: a reported cost, or one worked out from an earlier
 * price, stays.
 */
@ApplicationScoped
public class CostBackfillService {

  /** Spans read and written per transaction: short enough not to hold trace rows for long. */
  static final int PAGE_SPANS = 1_000;

  @Inject PriceService prices;
  @Inject SpanCostRepository spans;

  /**
   * What a backfill did.
   *
   * @param from start of the range of span start times
   * @param to end of the range (exclusive)
   * @param pricedSpans spans that got a cost
   * @param costUsd the costs they got, summed
   * @param priced the models those spans name, with their counts and costs, by name
   * @param unpriced models still without a price, with how many spans in the range name them, by
   *     name: set a price for them ({@code PUT /prices}) and run the backfill again
   */
  public record Result(
      OffsetDateTime from,
      OffsetDateTime to,
      long pricedSpans,
      double costUsd,
      List<PricedModel> priced,
      List<UnpricedModel> unpriced) {}

  /**
   * A model whose spans got costs.
   *
   * @param model the model
   * @param spans spans priced
   * @param costUsd their costs, summed
   */
  public record PricedModel(String model, long spans, double costUsd) {}

  /**
   * A model that still has no price.
   *
   * @param model the model
   * @param spans spans in the range that name it and have token counts
   */
  public record UnpricedModel(String model, long spans) {}

  /** Sums over the pages of one backfill (pages are handled one after the other). */
  private static final class Tally {
    final Map<String, PricedModel> priced = new TreeMap<>();
    final Map<String, Long> unpriced = new TreeMap<>();

    void add(List<PricedSpan> set, Map<String, Long> stillUnpriced) {
      for (PricedSpan p : set) {
        priced.merge(
            p.span().model(),
            new PricedModel(p.span().model(), 1, p.costUsd()),
            (a, b) -> new PricedModel(a.model(), a.spans() + 1, a.costUsd() + b.costUsd()));
      }
      stillUnpriced.forEach((model, n) -> unpriced.merge(model, n, Long::sum));
    }

    Result result(OffsetDateTime from, OffsetDateTime to) {
      long count = 0;
      double cost = 0;
      for (PricedModel m : priced.values()) {
        count += m.spans();
        cost += m.costUsd();
      }
      return new Result(
          from,
          to,
          count,
          cost,
          List.copyOf(priced.values()),
          unpriced.entrySet().stream()
              .map(e -> new UnpricedModel(e.getKey(), e.getValue()))
              .toList());
    }
  }

  /**
   * Prices the project's uncosted spans that start in {@code [from, to)}. Each page of spans is its
   * own transaction, so an interrupted backfill keeps what it did, and running it again carries on
   * (spans priced already are not read again).
   */
  public Uni<Result> backfill(long projectId, OffsetDateTime from, OffsetDateTime to) {
    Tally tally = new Tally();
    return prices
        .currentTable(projectId)
        .flatMap(
            table ->
                spans.forEachUncosted(
                    projectId,
                    from,
                    to,
                    PAGE_SPANS,
                    page -> {
                      Page priced = CostBackfill.price(page, table);
                      return spans
                          .setCosts(projectId, priced.priced())
                          .invoke(set -> tally.add(set, priced.unpriced()))
                          .replaceWithVoid();
                    }))
        .map(ignored -> tally.result(from, to));
  }
}
