package dev.weft.server.normalize;

import static dev.weft.server.normalize.Expected.msg;
import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenLLMetry (Traceloop) rule table, on attribute sets as its instrumentations emit them. */
class OpenLlmetryConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  private CanonicalSpan normalize(Map<String, Object> attrs) {
    return normalizer.normalize(Spans.span().attrs(attrs).build());
  }

  private static void assertCanonical(CanonicalSpan actual, Expected expected) {
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected.build());
  }

  private static Map<String, Object> withoutPrefixes(
      Map<String, Object> attrs, String... prefixes) {
    Map<String, Object> out = new LinkedHashMap<>();
    attrs.forEach(
        (k, v) -> {
          for (String p : prefixes) {
            if (k.equals(p) || k.startsWith(p + ".")) {
              return;
            }
          }
          out.put(k, v);
        });
    return out;
  }

  @Test
  void openAiChatRequestingAToolCallFillsEveryField() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("llm.request.type", "chat");
    attrs.put("gen_ai.system", "openai");
    attrs.put("gen_ai.request.model", "gpt-4o");
    attrs.put("gen_ai.request.temperature", 0.7);
    attrs.put("llm.headers", "None");
    attrs.put("llm.is_streaming", false);
    attrs.put("gen_ai.openai.api_base", "https://api.openai.com/v1/");
    attrs.put("llm.request.functions.0.name", "get_weather");
    attrs.put("llm.request.functions.0.description", "Current weather for a city");
    attrs.put("llm.request.functions.0.parameters", "{\"type\": \"object\"}");
    attrs.put("gen_ai.prompt.0.role", "system");
    attrs.put("gen_ai.prompt.0.content", "You are a weather bot.");
    attrs.put("gen_ai.prompt.1.role", "user");
    attrs.put("gen_ai.prompt.1.content", "Weather in Paris?");
    attrs.put("gen_ai.response.model", "gpt-4o-2024-08-06");
    attrs.put("gen_ai.response.id", "chatcmpl-TL1");
    attrs.put("llm.usage.total_tokens", 96L);
    attrs.put("gen_ai.usage.completion_tokens", 16L);
    attrs.put("gen_ai.usage.prompt_tokens", 80L);
    attrs.put("gen_ai.completion.0.finish_reason", "tool_calls");
    attrs.put("gen_ai.completion.0.role", "assistant");
    attrs.put("gen_ai.completion.0.tool_calls.0.id", "call_w1");
    attrs.put("gen_ai.completion.0.tool_calls.0.name", "get_weather");
    attrs.put("gen_ai.completion.0.tool_calls.0.arguments", "{\"location\":\"Paris\"}");
    attrs.put("traceloop.association.properties.session_id", "s-1");
    attrs.put("traceloop.association.properties.user_id", "u-1");
    attrs.put("traceloop.workflow.name", "weather_chat");

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "openai";
    e.requestModel = "gpt-4o";
    e.responseModel = "gpt-4o-2024-08-06";
    e.responseId = "chatcmpl-TL1";
    e.inputMessages =
        List.of(msg("system", "You are a weather bot."), msg("user", "Weather in Paris?"));
    e.outputMessages =
        List.of(
            new ChatMessage(
                "assistant",
                null,
                List.of(),
                List.of(new ToolCall("call_w1", "get_weather", "{\"location\":\"Paris\"}")),
                null,
                null,
                "tool_calls"));
    e.inputTokens = 80L;
    e.outputTokens = 16L;
    e.totalTokens = 96L;
    e.sessionId = "s-1";
    e.finishReasons = List.of("tool_calls");
    e.requestParameters = map("temperature", 0.7, "stream", false);
    e.attributes = withoutPrefixes(attrs, "gen_ai.prompt", "gen_ai.completion");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void workflowSpanTakesEntityInputAndOutputAsJson() {
    Map<String, Object> attrs =
        map(
            "traceloop.span.kind", "workflow",
            "traceloop.entity.name", "joke_workflow",
            "traceloop.workflow.name", "joke_workflow",
            "traceloop.entity.input", "{\"args\": [], \"kwargs\": {\"topic\": \"cats\"}}",
            "traceloop.entity.output", "\"Why did the cat sit on the keyboard?\"",
            "traceloop.association.properties.thread_id", "t-9");

    Expected e = new Expected();
    e.category = SpanCategory.CHAIN;
    e.operationName = "workflow";
    e.input = map("args", List.of(), "kwargs", map("topic", "cats"));
    e.output = "Why did the cat sit on the keyboard?";
    e.sessionId = "t-9";
    e.attributes = withoutPrefixes(attrs, "traceloop.entity.input", "traceloop.entity.output");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void toolSpanIsNamedByItsEntity() {
    Map<String, Object> attrs =
        map(
            "traceloop.span.kind", "tool",
            "traceloop.entity.name", "get_weather",
            "traceloop.entity.input", "{\"args\": [\"Paris\"], \"kwargs\": {}}",
            "traceloop.entity.output", "{\"temp\": 14}",
            "traceloop.association.properties.conversation_id", "c-3");

    Expected e = new Expected();
    e.category = SpanCategory.TOOL;
    e.operationName = "tool";
    e.toolName = "get_weather";
    e.input = map("args", List.of("Paris"), "kwargs", map());
    e.output = map("temp", 14L);
    e.sessionId = "c-3";
    e.attributes = withoutPrefixes(attrs, "traceloop.entity.input", "traceloop.entity.output");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void agentAndTaskSpansMapToCategories() {
    assertThat(normalize(map("traceloop.span.kind", "agent")).category())
        .isEqualTo(SpanCategory.AGENT);
    assertThat(normalize(map("traceloop.span.kind", "task")).category())
        .isEqualTo(SpanCategory.CHAIN);
    assertThat(normalize(map("llm.request.type", "rerank")).category())
        .isEqualTo(SpanCategory.RETRIEVER);
  }

  @Test
  void embeddingRequestIsAnEmbeddingWithItsInputAsMessage() {
    Map<String, Object> attrs =
        map(
            "llm.request.type", "embedding",
            "gen_ai.system", "openai",
            "gen_ai.request.model", "text-embedding-ada-002",
            "gen_ai.prompt.0.content", "hello world",
            "gen_ai.response.model", "text-embedding-ada-002-v2",
            "gen_ai.usage.prompt_tokens", 2L,
            "llm.usage.total_tokens", 2L);

    Expected e = new Expected();
    e.category = SpanCategory.EMBEDDING;
    e.operationName = "embedding";
    e.provider = "openai";
    e.requestModel = "text-embedding-ada-002";
    e.responseModel = "text-embedding-ada-002-v2";
    e.inputMessages = List.of(msg("user", "hello world"));
    e.inputTokens = 2L;
    e.totalTokens = 2L;
    e.attributes = withoutPrefixes(attrs, "gen_ai.prompt");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void legacyCompletionPromptIsAUserMessage() {
    CanonicalSpan c =
        normalize(
            map(
                "llm.request.type", "completion",
                "gen_ai.request.model", "gpt-3.5-turbo-instruct",
                "gen_ai.prompt.0.user", "Say this is a test",
                "gen_ai.completion.0.content", "This is a test.",
                "gen_ai.completion.0.finish_reason", "length"));

    assertThat(c.category()).isEqualTo(SpanCategory.LLM);
    assertThat(c.inputMessages()).containsExactly(msg("user", "Say this is a test"));
    assertThat(c.outputMessages())
        .containsExactly(Expected.finished("assistant", "This is a test.", "length"));
    assertThat(c.finishReasons()).containsExactly("length");
  }

  @Test
  void listContentWrittenAsJsonSplitsIntoTextAndParts() {
    String content =
        "[{\"type\": \"text\", \"text\": \"Describe this\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"https://x/cat.png\"}}]";

    CanonicalSpan c =
        normalize(
            map(
                "llm.request.type", "chat",
                "gen_ai.prompt.0.role", "user",
                "gen_ai.prompt.0.content", content));

    assertThat(c.inputMessages())
        .containsExactly(
            new ChatMessage(
                "user",
                "Describe this",
                List.of(map("type", "image_url", "image_url", map("url", "https://x/cat.png"))),
                List.of(),
                null,
                null,
                null));
  }

  @Test
  void entityValueThatIsNotJsonStaysInAttributes() {
    CanonicalSpan c =
        normalize(
            map(
                "traceloop.span.kind", "task",
                "traceloop.entity.input", "plain words, not JSON",
                "traceloop.entity.output", "{\"broken\": "));

    assertThat(c.input()).isNull();
    assertThat(c.output()).isNull();
    assertThat(c.attributes()).containsKeys("traceloop.entity.input", "traceloop.entity.output");
  }

  @Test
  void promptRegistryKeyAndVersionNameThePrompt() {
    CanonicalSpan c =
        normalize(
            map(
                "llm.request.type", "chat",
                "traceloop.prompt.key", "joke_generator",
                "traceloop.prompt.version", 3L));

    assertThat(c.promptName()).isEqualTo("joke_generator");
    assertThat(c.promptVersion()).isEqualTo("3");
  }

  @Test
  void anthropicChatCountsPromptCacheReadsAndWritesAndKeepsTheirAttributes() {
    Map<String, Object> attrs =
        map(
            "llm.request.type", "chat",
            "gen_ai.system", "Anthropic",
            "gen_ai.request.model", "claude-3-5-haiku-20241022",
            "gen_ai.usage.prompt_tokens", 1_200L,
            "gen_ai.usage.cache_read_input_tokens", 1_000L,
            "gen_ai.usage.cache_creation_input_tokens", 150L,
            "gen_ai.usage.completion_tokens", 40L);

    CanonicalSpan c = normalize(attrs);

    assertThat(c.inputTokens()).isEqualTo(1_200L);
    assertThat(c.cacheReadTokens()).isEqualTo(1_000L);
    assertThat(c.cacheWriteTokens()).isEqualTo(150L);
    assertThat(c.attributes())
        .containsEntry("gen_ai.usage.cache_read_input_tokens", 1_000L)
        .containsEntry("gen_ai.usage.cache_creation_input_tokens", 150L);
  }
}
