package dev.weft.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.server.pricing.CostBackfill.Page;
import dev.weft.server.pricing.CostBackfill.PricedSpan;
import dev.weft.server.pricing.CostBackfill.TraceCost;
import dev.weft.server.pricing.CostBackfill.UncostedSpan;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure part of the price backfill: which spans get which cost, and the traces' sums. */
class CostBackfillPricingTest {

  private static final OffsetDateTime T =
      OffsetDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);

  private static byte[] trace(int first) {
    byte[] id = new byte[16];
    id[0] = (byte) first;
    return id;
  }

  private static UncostedSpan span(byte[] trace, String model, Long in, Long out, Long read) {
    return new UncostedSpan(trace, new byte[8], T, model, in, out, read, null);
  }

  @Test
  void spansOfModelsWithAPriceAreCostedByTheIngestRuleAndTheOthersCountedByModel() {
    PriceTable table = PriceTable.of(Map.of("acme-ft-1", new ModelPrice(2, 8, 0.5, null)));
    byte[] t = trace(1);
    Page page =
        CostBackfill.price(
            List.of(
                span(t, "acme-ft-1", 1_000L, 500L, null),
                span(t, "acme-ft-1-2026-01-01", 1_000L, 0L, 800L),
                span(t, "other", 10L, 10L, null),
                span(t, "other", 10L, null, null),
                span(t, "third", null, 5L, null)),
            table);

    assertThat(page.priced()).hasSize(2);
    assertThat(page.priced().get(0).costUsd())
        .isCloseTo((1_000 * 2 + 500 * 8) / 1e6, within(1e-15));
    // Dated names match their model, and cached input tokens cost the cache price.
    assertThat(page.priced().get(1).costUsd())
        .isCloseTo((200 * 2 + 800 * 0.5) / 1e6, within(1e-15));
    assertThat(page.unpriced()).containsExactly(Map.entry("other", 2L), Map.entry("third", 1L));
  }

  @Test
  void traceCostsSumPerTraceInThePostgresOrderOfTheirIds() {
    byte[] high = trace(0xF0); // a negative byte: after 0x01 unsigned, before it signed
    byte[] low = trace(0x01);
    List<TraceCost> sums =
        CostBackfill.traceCosts(
            List.of(
                new PricedSpan(span(high, "m", 1L, 1L, null), 0.25),
                new PricedSpan(span(low, "m", 1L, 1L, null), 1.0),
                new PricedSpan(span(high.clone(), "m", 1L, 1L, null), 0.5)));

    assertThat(sums).extracting(TraceCost::traceId).containsExactly(low, high);
    assertThat(sums).extracting(TraceCost::costUsd).containsExactly(1.0, 0.75);
  }
}
