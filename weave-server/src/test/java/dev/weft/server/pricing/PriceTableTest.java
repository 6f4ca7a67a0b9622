package dev.weft.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped price table and the one model-name matching rule. */
class PriceTableTest {

  private static final PriceTable SHIPPED = PriceTable.shipped();

  private static ModelPrice price(String model) {
    return SHIPPED.find(model).orElseThrow(() -> new AssertionError("no price for " + model));
  }

  // ------------------------------------------------------------------------------ shipped table

  @Test
  void shippedTableHasAtLeast120Models() {
    assertThat(SHIPPED.size()).isGreaterThanOrEqualTo(120);
  }

  @Test
  void shippedTableIsLoadedOnce() {
    assertThat(PriceTable.shipped()).isSameAs(SHIPPED);
  }

  @Test
  void shippedResourceIsDatedSourcedAndEveryEntryComplete() throws Exception {
    JsonNode root;
    try (InputStream in = PriceTable.class.getResourceAsStream(PriceTable.RESOURCE)) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(root.path("updated").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(root.path("source").asText()).isNotBlank();
    assertThat(root.path("models").size()).isEqualTo(SHIPPED.size());
    for (JsonNode entry : root.path("models")) {
      assertThat(entry.path("model").asText()).as(entry.toString()).isNotBlank();
      assertThat(entry.path("provider").asText()).as(entry.toString()).isNotBlank();
      assertThat(entry.path("inputPerMillion").isNumber()).as(entry.toString()).isTrue();
      assertThat(entry.path("outputPerMillion").isNumber()).as(entry.toString()).isTrue();
      assertThat(entry.path("inputPerMillion").asDouble()).as(entry.toString()).isPositive();
      // Every listed name finds its own entry's price.
      ModelPrice own =
          new ModelPrice(
              entry.path("inputPerMillion").asDouble(),
              entry.path("outputPerMillion").asDouble(),
              entry.has("cacheReadPerMillion")
                  ? entry.path("cacheReadPerMillion").asDouble()
                  : null,
              entry.has("cacheWritePerMillion")
                  ? entry.path("cacheWritePerMillion").asDouble()
                  : null);
      // A cache hit costs less than a fresh input token.
      if (own.cacheReadPerMillion() != null) {
        assertThat(own.cacheReadPerMillion())
            .as(entry.toString())
            .isLessThan(own.inputPerMillion());
      }
      assertThat(SHIPPED.find(entry.path("model").asText())).contains(own);
      entry.path("aliases").forEach(a -> assertThat(SHIPPED.find(a.asText())).contains(own));
    }
  }

  @Test
  void shippedTableCoversTheMostUsedFamilies() {
    for (String model :
        new String[] {
          "gpt-5",
          "gpt-5-mini",
          "gpt-4.1",
          "gpt-4.1-mini",
          "gpt-4o",
          "gpt-4o-mini",
          "o1",
          "o3",
          "o3-mini",
          "o4-mini",
          "gpt-3.5-turbo",
          "text-embedding-3-small",
          "claude-3-haiku",
          "claude-3-5-sonnet",
          "claude-3-7-sonnet",
          "claude-sonnet-4",
          "claude-opus-4-1",
          "claude-sonnet-4-5",
          "claude-haiku-4-5",
          "gemini-1.5-pro",
          "gemini-2.0-flash",
          "gemini-2.5-flash-lite",
          "gemini-2.5-pro",
          "gemini-embedding-001",
          "mistral-large",
          "command-r-plus",
          "llama-3.3-70b",
          "deepseek-chat",
          "grok-4",
          "nova-pro",
          "qwen-max"
        }) {
      assertThat(SHIPPED.find(model)).as(model).isPresent();
    }
  }

  @Test
  void listPricesOfWellKnownModels() {
    assertThat(price("gpt-4o")).isEqualTo(new ModelPrice(2.50, 10.00, 1.25, null));
    assertThat(price("gpt-4o-mini")).isEqualTo(new ModelPrice(0.15, 0.60, 0.075, null));
    assertThat(price("claude-3-5-sonnet")).isEqualTo(new ModelPrice(3.00, 15.00, 0.30, 3.75));
    assertThat(price("gemini-1.5-flash")).isEqualTo(new ModelPrice(0.075, 0.30));
    assertThat(price("text-embedding-3-small")).isEqualTo(new ModelPrice(0.02, 0.0));
  }

  @Test
  void malformedTableIsRejected() {
    assertThatThrownBy(() -> PriceTable.load(stream("{\"models\": 3}")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                PriceTable.load(
                    stream(
                        "{\"models\": [{\"model\": \"a\", \"inputPerMillion\": 1,"
                            + " \"outputPerMillion\": 1, \"aliases\": [\"A\"]}]}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                PriceTable.load(
                    stream("{\"models\": [{\"model\": \"a\", \"inputPerMillion\": \"1\"}]}")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                PriceTable.load(
                    stream(
                        "{\"models\": [{\"model\": \"a\", \"inputPerMillion\": 1,"
                            + " \"outputPerMillion\": 1, \"cacheReadPerMillion\": -0.5}]}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cacheReadPerMillion");
  }

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------ matching rule

  @ParameterizedTest(name = "{0} is priced as {1}")
  @CsvSource({
    // case-insensitive exact
    "GPT-4o, gpt-4o",
    "Claude-3-Haiku, claude-3-haiku",
    // provider / path prefixes
    "openai/gpt-4o, gpt-4o",
    "azure/gpt-4o-mini, gpt-4o-mini",
    "models/gemini-1.5-pro, gemini-1.5-pro",
    "projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash-001,"
        + " gemini-2.0-flash",
    "openrouter/anthropic/claude-3.5-sonnet, claude-3-5-sonnet",
    "anthropic.claude-3-5-sonnet-20240620-v1:0, claude-3-5-sonnet",
    "us.anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet",
    "eu.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4",
    "anthropic.claude-v2:1, claude-2.0",
    "meta.llama3-1-70b-instruct-v1:0, llama3-1-70b-instruct",
    "amazon.nova-pro-v1:0, nova-pro",
    "amazon.titan-embed-text-v2:0, titan-embed-text-v2",
    "cohere.command-r-plus-v1:0, command-r-plus",
    "mistral.mistral-large-2402-v1:0, mistral-large",
    // date and version suffixes
    "gpt-4o-2024-08-06, gpt-4o",
    "gpt-4o-mini-2024-07-18, gpt-4o-mini",
    "gpt-4.1-2025-04-14, gpt-4.1",
    "o3-mini-2025-01-31, o3-mini",
    "gpt-4-0613, gpt-4",
    "gpt-3.5-turbo-0125, gpt-3.5-turbo",
    "claude-3-5-sonnet-20241022, claude-3-5-sonnet",
    "claude-opus-4-1-20250805, claude-opus-4-1",
    "claude-opus-4-20250514, claude-opus-4",
    "claude-3-5-haiku-latest, claude-3-5-haiku",
    "claude-3-5-sonnet@20240620, claude-3-5-sonnet",
    "claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet",
    "gemini-1.5-pro-001, gemini-1.5-pro",
    "gemini-1.5-flash-8b-001, gemini-1.5-flash-8b",
    "gemini-2.5-pro-preview-05-06, gemini-2.5-pro",
    "gemini-2.5-flash-preview-09-2025, gemini-2.5-flash",
    "gemini-2.0-flash-exp, gemini-2.0-flash",
    "mistral-large-latest, mistral-large",
    "mistral-large-2411, mistral-large",
    "command-r-plus-08-2024, command-r-plus",
    "grok-2-1212, grok-2",
    "grok-3-beta, grok-3",
    // longest known prefix at a dash
    "gpt-4o-mini-transcribe, gpt-4o-mini",
    "gpt-4.1-nano-custom, gpt-4.1-nano",
    "o1-mini-high, o1-mini",
    "llama-3.3-70b-specdec, llama-3.3-70b",
    "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8, llama-4-maverick",
    "mixtral-8x7b-32768, open-mixtral-8x7b",
    "grok-4-fast-reasoning-latest, grok-4-fast",
    "Qwen/Qwen2.5-72B-Instruct-Turbo, qwen2.5-72b-instruct"
  })
  void modelNamesFindTheirPrice(String reported, String listed) {
    assertThat(SHIPPED.find(reported)).contains(price(listed));
  }

  @Test
  void datedSnapshotWithItsOwnPriceIsNotPricedAsTheFamily() {
    assertThat(price("gpt-4o-2024-05-13")).isEqualTo(new ModelPrice(5.00, 15.00));
    assertThat(price("gpt-4-1106-preview")).isEqualTo(price("gpt-4-turbo"));
    assertThat(price("command-r-plus-04-2024")).isNotEqualTo(price("command-r-plus"));
  }

  @Test
  void prefixMatchesOnlyAtADashBoundaryAndPrefersTheLongestName() {
    PriceTable table =
        PriceTable.of(
            Map.of(
                "gpt-4", new ModelPrice(30, 60),
                "gpt-4o", new ModelPrice(2.5, 10),
                "gpt-4o-mini", new ModelPrice(0.15, 0.6)));

    assertThat(table.find("gpt-4o-mini-audio")).contains(new ModelPrice(0.15, 0.6));
    assertThat(table.find("gpt-4o-audio")).contains(new ModelPrice(2.5, 10));
    assertThat(table.find("gpt-4-32k")).contains(new ModelPrice(30, 60));
    assertThat(table.find("gpt-4.5")).isEmpty();
    assertThat(table.find("gpt-4x")).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "my-company-finetune",
        "ft:gpt-4o-mini-2024-07-18:acme:support:9x1",
        "gpt",
        "claude",
        "-",
        "/",
        "@",
        "..."
      })
  void unknownOrBlankNamesFindNothing(String model) {
    assertThat(SHIPPED.find(model)).isEmpty();
  }

  @Test
  void absurdlyLongNameFindsNothing() {
    assertThat(SHIPPED.find("gpt-4o-" + "x".repeat(10_000))).isEmpty();
  }

  // ------------------------------------------------------------------------------ of / overrides

  @Test
  void ofMatchesCaseInsensitivelyAndCopiesTheMap() {
    Map<String, ModelPrice> source = new HashMap<>();
    source.put("My-Model", new ModelPrice(1, 2));
    PriceTable table = PriceTable.of(source);
    source.put("other", new ModelPrice(3, 4));

    assertThat(table.find("my-model-2025-01-01")).contains(new ModelPrice(1, 2));
    assertThat(table.find("other")).isEmpty();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void overridesWinUnderTheSameMatchingRule() {
    ModelPrice negotiated = new ModelPrice(1.0, 4.0);
    PriceTable table = SHIPPED.withOverrides(Map.of("GPT-4o", negotiated));

    assertThat(table.find("gpt-4o")).contains(negotiated);
    assertThat(table.find("openai/gpt-4o-2024-08-06")).contains(negotiated);
    assertThat(table.find("gpt-4o-mini-2024-07-18")).contains(price("gpt-4o-mini"));
    assertThat(SHIPPED.find("gpt-4o")).contains(new ModelPrice(2.50, 10.00, 1.25, null));
    assertThat(table.size()).isEqualTo(SHIPPED.size());
  }

  @Test
  void overrideOfAListedModelAlsoAppliesToItsAliases() {
    ModelPrice cheaper = new ModelPrice(2.0, 10.0);
    PriceTable table = SHIPPED.withOverrides(Map.of("claude-3-5-sonnet", cheaper));

    assertThat(table.find("claude-3.5-sonnet")).contains(cheaper);
    assertThat(table.find("anthropic.claude-3-5-sonnet-20241022-v2:0")).contains(cheaper);
  }

  @Test
  void overrideCanAddAModel() {
    ModelPrice own = new ModelPrice(0.5, 0.5);
    PriceTable table = SHIPPED.withOverrides(Map.of("acme-llm", own));

    assertThat(table.find("acme-llm-v2")).contains(own);
    assertThat(table.size()).isEqualTo(SHIPPED.size() + 1);
    assertThat(SHIPPED.find("acme-llm")).isEqualTo(Optional.empty());
  }

  @Test
  void nullEntriesAreRejected() {
    Map<String, ModelPrice> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThatThrownBy(() -> PriceTable.of(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SHIPPED.withOverrides(null)).isInstanceOf(NullPointerException.class);
  }
}
