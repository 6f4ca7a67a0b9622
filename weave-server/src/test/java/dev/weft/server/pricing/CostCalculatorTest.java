package dev.weft.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.SpanCategory;
import dev.weft.server.normalize.SpanNormalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a span cost: reported, priced from the table, or unknown. */
class CostCalculatorTest {

  private static final PriceTable TABLE =
      PriceTable.of(
          Map.of(
              "gpt-4o", new ModelPrice(2.50, 10.00),
              "gpt-4o-mini", new ModelPrice(0.15, 0.60)));

  private static CanonicalSpan span(
      String requestModel, String responseModel, Long in, Long out, Double reported) {
    return new CanonicalSpan(
        SpanCategory.CHAT,
        "chat",
        "openai",
        requestModel,
        responseModel,
        null,
        null,
        null,
        null,
        in,
        out,
        in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out),
        null,
        null,
        reported,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        List.of());
  }

  @Test
  void priceTimesTokens() {
    Double cost = CostCalculator.cost(span("gpt-4o", null, 1_000L, 500L, null), TABLE);

    // 1000 * 2.50 / 1M + 500 * 10.00 / 1M
    assertThat(cost).isCloseTo(0.0075, within(1e-12));
  }

  @Test
  void reportedCostWinsOverTheTable() {
    assertThat(CostCalculator.cost(span("gpt-4o", null, 1_000L, 500L, 0.42), TABLE))
        .isEqualTo(0.42);
    assertThat(CostCalculator.cost(span("unknown-model", null, null, null, 0.0), TABLE))
        .isEqualTo(0.0);
    assertThat(CostCalculator.cost(span(null, null, null, null, 1.5), null)).isEqualTo(1.5);
  }

  @Test
  void unknownModelCostsNullNotZero() {
    assertThat(CostCalculator.cost(span("acme-llm", "acme-llm-2", 100L, 100L, null), TABLE))
        .isNull();
    assertThat(CostCalculator.cost(span(null, null, 100L, 100L, null), TABLE)).isNull();
  }

  @Test
  void noTokenCountsCostsNullNotZero() {
    assertThat(CostCalculator.cost(span("gpt-4o", null, null, null, null), TABLE)).isNull();
  }

  @Test
  void missingSideCountsAsZeroTokens() {
    assertThat(CostCalculator.cost(span("gpt-4o", null, 2_000_000L, null, null), TABLE))
        .isCloseTo(5.0, within(1e-9));
    assertThat(CostCalculator.cost(span("gpt-4o", null, null, 1_000_000L, null), TABLE))
        .isCloseTo(10.0, within(1e-9));
  }

  @Test
  void responseModelIsPricedBeforeRequestModel() {
    assertThat(
            CostCalculator.cost(
                span("gpt-4o", "gpt-4o-mini-2024-07-18", 1_000_000L, 1_000_000L, null), TABLE))
        .isCloseTo(0.75, within(1e-9));
  }

  @Test
  void requestModelIsPricedWhenTheResponseModelIsUnknown() {
    assertThat(
            CostCalculator.cost(span("gpt-4o", "my-azure-deployment", 1_000_000L, 0L, null), TABLE))
        .isCloseTo(2.5, within(1e-9));
  }

  @Test
  void overridesWin() {
    PriceTable table = TABLE.withOverrides(Map.of("gpt-4o", new ModelPrice(1.0, 1.0)));

    assertThat(
            CostCalculator.cost(
                span("gpt-4o-2024-08-06", null, 1_000_000L, 1_000_000L, null), table))
        .isCloseTo(2.0, within(1e-9));
  }

  @Test
  void nullSpanOrTableGivesNull() {
    assertThat(CostCalculator.cost(null, TABLE)).isNull();
    assertThat(CostCalculator.cost(span("gpt-4o", null, 1L, 1L, null), null)).isNull();
  }

  @Test
  void normalizedOtelSpanIsPricedWithTheShippedTable() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.operation.name", "chat");
    attrs.put("gen_ai.request.model", "gpt-4o-mini");
    attrs.put("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
    attrs.put("gen_ai.usage.input_tokens", 1_000_000L);
    attrs.put("gen_ai.usage.output_tokens", 1_000_000L);
    assertThat(CostCalculator.cost(normalized(attrs), PriceTable.shipped()))
        .isCloseTo(0.15 + 0.60, within(1e-9));
  }

  @Test
  void cachedInputTokensArePricedAtTheCachePricesAndTheRestAsInput() {
    ModelPrice claude = new ModelPrice(3.0, 15.0, 0.3, 3.75);

    // 12,000 input tokens of which 10,000 read from the cache and 1,000 written to it.
    double cost = claude.cost(12_000L, 500L, 10_000L, 1_000L);

    assertThat(cost)
        .isCloseTo(
            (1_000 * 3.0 + 500 * 15.0 + 10_000 * 0.3 + 1_000 * 3.75) / 1_000_000, within(1e-12));
  }

  @Test
  void cachedTokensWithoutCachePricesCostWhatInputCosts() {
    ModelPrice plain = new ModelPrice(2.0, 8.0);

    assertThat(plain.cost(10_000L, 100L, 9_000L, 500L))
        .isCloseTo(plain.cost(10_000L, 100L), within(1e-12));
  }

  @Test
  void cachedTokensCountedApartFromTheInputTokensAreNotTakenOffThem() {
    ModelPrice claude = new ModelPrice(3.0, 15.0, 0.3, 3.75);

    // Anthropic's API reports input_tokens without the cached ones: 50 < 10,000 + 1,000.
    assertThat(claude.cost(50L, 500L, 10_000L, 1_000L))
        .isCloseTo(
            (50 * 3.0 + 500 * 15.0 + 10_000 * 0.3 + 1_000 * 3.75) / 1_000_000, within(1e-12));
  }

  @Test
  void negativeCountsCountAsZero() {
    ModelPrice claude = new ModelPrice(3.0, 15.0, 0.3, 3.75);

    assertThat(claude.cost(1_000L, -5L, -10L, null)).isCloseTo(0.003, within(1e-12));
  }

  @Test
  void normalizedSpanWithCacheReadsIsPricedWithTheShippedCachePrice() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.operation.name", "chat");
    attrs.put("gen_ai.request.model", "gpt-4.1");
    attrs.put("gen_ai.usage.input_tokens", 1_000_000L);
    attrs.put("gen_ai.usage.cache_read.input_tokens", 800_000L);
    attrs.put("gen_ai.usage.output_tokens", 0L);
    // gpt-4.1: $2.00 input, $0.50 cached input per million.
    assertThat(CostCalculator.cost(normalized(attrs), PriceTable.shipped()))
        .isCloseTo(0.2 * 2.0 + 0.8 * 0.5, within(1e-9));
  }

  /** A client span with these attributes, normalised as on ingest. */
  private static CanonicalSpan normalized(Map<String, Object> attrs) {
    DecodedSpan decoded =
        new DecodedSpan(
            new byte[16],
            new byte[8],
            null,
            "",
            "chat",
            3,
            0,
            1,
            attrs,
            List.of(),
            List.of(),
            0,
            "",
            DecodedResource.EMPTY,
            DecodedScope.EMPTY);
    return new SpanNormalizer().normalize(decoded);
  }
}
