package dev.weft.server.normalize;

import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quarkus LangChain4j's AI service spans, recognised by the name Quarkus gives them. */
class QuarkusLangChain4jConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  private CanonicalSpan normalize(String name, Map<String, Object> attrs) {
    return normalizer.normalize(Spans.span().name(name).attrs(attrs).build());
  }

  @Test
  void anAiServiceMethodSpanIsAnAgentSpan() {
    CanonicalSpan c = normalize("langchain4j.aiservices.CustomerSupportAgent.chat", Map.of());

    assertThat(c.category()).isEqualTo(SpanCategory.AGENT);
    assertThat(c.attributes()).isEmpty();
  }

  @Test
  void itsToolSpansFollowTheGenAiAttributes() {
    CanonicalSpan c =
        normalize(
            "langchain4j.tools.bookTable",
            map(
                "gen_ai.operation.name", "execute_tool",
                "gen_ai.tool.call.id", "call_1",
                "gen_ai.tool.name", "bookTable",
                "gen_ai.tool.type", "function",
                "gen_ai.tool.call.arguments", "{\"guests\":2}"));

    assertThat(c.category()).isEqualTo(SpanCategory.TOOL);
    assertThat(c.input()).isEqualTo(map("guests", 2L));
  }

  @Test
  void aKindTheAttributesSayWins() {
    CanonicalSpan c =
        normalize(
            "langchain4j.aiservices.Summarizer.summarize", map("openinference.span.kind", "CHAIN"));

    assertThat(c.category()).isEqualTo(SpanCategory.CHAIN);
  }

  @Test
  void otherNamesAreNotAiServices() {
    assertThat(normalize("langchain4j.aiservices.", Map.of()).category())
        .isEqualTo(SpanCategory.OTHER);
    assertThat(normalize("LANGCHAIN4J.AISERVICES.X.y", Map.of()).category())
        .isEqualTo(SpanCategory.OTHER);
    assertThat(normalize("GET /langchain4j.aiservices.X.y", Map.of()).category())
        .isEqualTo(SpanCategory.OTHER);
  }
}
