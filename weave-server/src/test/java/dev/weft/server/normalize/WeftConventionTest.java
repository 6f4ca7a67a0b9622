package dev.weft.server.normalize;

import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weft's own {@code weft.*} rule table, on span and resource attributes. */
class WeftConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Test
  void weftSpanAttributesFillEveryWeftFieldAndStayInAttributes() {
    Map<String, Object> attrs =
        map(
            "weft.project", "support-bot",
            "weft.run.id", "run-2024-11-05-a",
            "weft.session.id", "sess-9",
            "weft.prompt.name", "answer_question",
            "weft.prompt.version", 7L,
            "weft.span.kind", "retriever",
            "weft.cost", "0.0042");

    Expected e = new Expected();
    e.category = SpanCategory.RETRIEVER;
    e.project = "support-bot";
    e.runId = "run-2024-11-05-a";
    e.sessionId = "sess-9";
    e.promptName = "answer_question";
    e.promptVersion = "7";
    e.reportedCost = 0.0042;
    e.attributes = attrs;
    assertThat(normalizer.normalize(Spans.span().attrs(attrs).build()))
        .usingRecursiveComparison()
        .isEqualTo(e.build());
  }

  @Test
  void resourceWeftKeysApplyToTheSpan() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .resource("service.name", "support-bot")
                .resource("weft.project", "support-bot")
                .resource("weft.run.id", "nightly-eval-41")
                .build());

    assertThat(c.project()).isEqualTo("support-bot");
    assertThat(c.runId()).isEqualTo("nightly-eval-41");
    assertThat(c.attributes()).isEmpty();
  }

  @Test
  void spanAttributeWinsOverResourceAttribute() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .attr("weft.project", "from-span")
                .resource("weft.project", "from-resource")
                .resource("weft.session.id", "resource-session")
                .build());

    assertThat(c.project()).isEqualTo("from-span");
    assertThat(c.sessionId()).isEqualTo("resource-session");
  }

  @Test
  void everySpanKindMapsToItsCategory() {
    Map<String, SpanCategory> kinds =
        Map.of(
            "llm", SpanCategory.LLM,
            "chat", SpanCategory.CHAT,
            "embedding", SpanCategory.EMBEDDING,
            "tool", SpanCategory.TOOL,
            "retriever", SpanCategory.RETRIEVER,
            "agent", SpanCategory.AGENT,
            "chain", SpanCategory.CHAIN,
            "CHAIN", SpanCategory.CHAIN,
            "unheard-of", SpanCategory.OTHER);
    kinds.forEach(
        (kind, category) ->
            assertThat(
                    normalizer
                        .normalize(Spans.span().attr("weft.span.kind", kind).build())
                        .category())
                .as(kind)
                .isEqualTo(category));
  }

  @Test
  void costThatIsNotANonNegativeNumberIsIgnored() {
    assertThat(cost("abc")).isNull();
    assertThat(cost(-1.0)).isNull();
    assertThat(cost(Double.NaN)).isNull();
    assertThat(cost(map("usd", 1.0))).isNull();
    assertThat(cost(2L)).isEqualTo(2.0);
  }

  private Double cost(Object value) {
    return normalizer.normalize(Spans.span().attr("weft.cost", value).build()).reportedCost();
  }
}
