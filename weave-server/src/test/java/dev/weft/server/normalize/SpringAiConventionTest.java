package dev.weft.server.normalize;

import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring AI's framework spans ({@code spring.ai.kind}), on attribute sets as Spring AI's Micrometer
 * observations export them through OpenTelemetry.
 */
class SpringAiConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  private CanonicalSpan normalize(String name, Map<String, Object> attrs) {
    return normalizer.normalize(Spans.span().name(name).attrs(attrs).build());
  }

  private static void assertCanonical(CanonicalSpan actual, Expected expected) {
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected.build());
  }

  private static Map<String, Object> without(Map<String, Object> attrs, String... keys) {
    Map<String, Object> out = new LinkedHashMap<>(attrs);
    for (String key : keys) {
      out.remove(key);
    }
    return out;
  }

  @Test
  void toolCallIsAToolSpanWithItsNameArgumentsAndResultAndNoProvider() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "framework",
            "gen_ai.system", "spring_ai",
            "spring.ai.kind", "tool_call",
            "spring.ai.tool.definition.name", "currentWeather",
            "spring.ai.tool.definition.description", "Current weather in a city",
            "spring.ai.tool.definition.schema",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}",
            "spring.ai.tool.call.arguments", "{\"city\":\"Paris\"}",
            "spring.ai.tool.call.result", "{\"celsius\":22,\"sky\":\"sunny\"}");

    Expected e = new Expected();
    e.category = SpanCategory.TOOL;
    e.operationName = "framework";
    e.toolName = "currentWeather";
    e.input = map("city", "Paris");
    e.output = map("celsius", 22L, "sky", "sunny");
    e.attributes = without(attrs, "spring.ai.tool.call.arguments", "spring.ai.tool.call.result");
    assertCanonical(normalize("tool_call currentWeather", attrs), e);
  }

  @Test
  void toolCallWithoutContentStillNamesItsTool() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "framework",
            "gen_ai.system", "spring_ai",
            "spring.ai.kind", "tool_call",
            "spring.ai.tool.definition.name", "bookTable");

    CanonicalSpan c = normalize("tool_call bookTable", attrs);

    assertThat(c.category()).isEqualTo(SpanCategory.TOOL);
    assertThat(c.toolName()).isEqualTo("bookTable");
    assertThat(c.provider()).isNull();
    assertThat(c.input()).isNull();
    assertThat(c.attributes()).isEqualTo(attrs);
  }

  @Test
  void chatClientIsAChainWhoseConversationIdIsTheSession() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "framework",
            "gen_ai.system", "spring_ai",
            "spring.ai.kind", "chat_client",
            "spring.ai.chat.client.stream", false,
            "spring.ai.chat.client.advisors",
                List.of("MessageChatMemoryAdvisor", "SimpleLoggerAdvisor"),
            "spring.ai.chat.client.conversation.id", "support-4711",
            "spring.ai.chat.client.tool.names", List.of("currentWeather", "bookTable"));

    Expected e = new Expected();
    e.category = SpanCategory.CHAIN;
    e.operationName = "framework";
    e.sessionId = "support-4711";
    e.attributes = attrs;
    assertCanonical(normalize("spring_ai chat_client", attrs), e);
  }

  @Test
  void advisorIsAChainWithoutProvider() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "framework",
            "gen_ai.system", "spring_ai",
            "spring.ai.kind", "advisor",
            "spring.ai.advisor.name", "MessageChatMemoryAdvisor",
            "spring.ai.advisor.order", -2147482648L);

    Expected e = new Expected();
    e.category = SpanCategory.CHAIN;
    e.operationName = "framework";
    e.attributes = attrs;
    assertCanonical(normalize("MessageChatMemoryAdvisor", attrs), e);
  }

  @Test
  void vectorStoreQueryIsARetrieverWithQueryAndDocuments() {
    List<Object> documents =
        List.of("Refunds are issued within 14 days.", "Store credit never expires.");
    Map<String, Object> attrs =
        map(
            "spring.ai.kind", "vector_store",
            "db.system", "pg_vector",
            "db.operation.name", "query",
            "db.collection.name", "vector_store",
            "db.vector.query.content", "How do refunds work?",
            "db.vector.query.top_k", 4L,
            "db.vector.query.similarity_threshold", 0.5,
            "db.vector.query.response.documents", documents);

    Expected e = new Expected();
    e.category = SpanCategory.RETRIEVER;
    e.input = "How do refunds work?";
    e.output = documents;
    e.attributes = without(attrs, "db.vector.query.content", "db.vector.query.response.documents");
    assertCanonical(normalize("pg_vector query", attrs), e);
  }

  @Test
  void vectorStoreWritesAreNotRetrievals() {
    Map<String, Object> attrs =
        map(
            "spring.ai.kind", "vector_store",
            "db.system", "pg_vector",
            "db.operation.name", "add",
            "db.collection.name", "vector_store");

    CanonicalSpan c = normalize("pg_vector add", attrs);

    assertThat(c.category()).isEqualTo(SpanCategory.OTHER);
    assertThat(c.attributes()).isEqualTo(attrs);
  }

  @Test
  void chatModelSpansKeepTheirProvider() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "chat",
            "gen_ai.system", "openai",
            "gen_ai.request.model", "gpt-4o",
            "spring.ai.kind", "chat_model");

    CanonicalSpan c = normalize("chat gpt-4o", attrs);

    assertThat(c.category()).isEqualTo(SpanCategory.CHAT);
    assertThat(c.provider()).isEqualTo("openai");
  }

  @Test
  void withoutSpringAiKindTheGenAiNamesDecide() {
    // Not a Spring AI span: gen_ai.system is taken as the provider, whatever its value.
    CanonicalSpan c =
        normalize(
            "framework step",
            map("gen_ai.operation.name", "framework", "gen_ai.system", "spring_ai"));

    assertThat(c.category()).isEqualTo(SpanCategory.CHAIN);
    assertThat(c.provider()).isEqualTo("spring_ai");
  }

  @Test
  void unreadableValuesAreLeftInTheAttributes() {
    Map<String, Object> attrs =
        map(
            "spring.ai.kind",
            42L,
            "gen_ai.system",
            "spring_ai",
            "spring.ai.tool.call.arguments",
            "{\"city\":",
            "spring.ai.tool.definition.name",
            List.of("not", "text"));

    CanonicalSpan c = normalize("odd", attrs);

    assertThat(c.toolName()).isNull();
    assertThat(c.input()).isNull();
    assertThat(c.attributes()).isEqualTo(attrs);
  }
}
