package dev.weft.server.normalize;

import static dev.weft.server.normalize.Expected.msg;
import static dev.weft.server.normalize.Expected.toolCalls;
import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenInference rule table, on attribute sets as the Phoenix instrumentations emit them. */
class OpenInferenceConventionTest {

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
  void openAiInstrumentationChatWithToolCallAndImageFillsEveryField() {
    String inputValue =
        "{\"messages\": [{\"role\": \"user\", \"content\": \"Weather here?\"}],"
            + " \"model\": \"gpt-4o-mini\", \"temperature\": 0.2}";
    String outputValue = "{\"id\": \"chatcmpl-B1\", \"object\": \"chat.completion\"}";
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("openinference.span.kind", "LLM");
    attrs.put("llm.system", "openai");
    attrs.put("llm.provider", "openai");
    attrs.put("llm.model_name", "gpt-4o-mini-2024-07-18");
    attrs.put(
        "llm.invocation_parameters",
        "{\"model\": \"gpt-4o-mini\", \"temperature\": 0.2, \"tool_choice\": \"auto\"}");
    attrs.put("input.value", inputValue);
    attrs.put("input.mime_type", "application/json");
    attrs.put("output.value", outputValue);
    attrs.put("output.mime_type", "application/json");
    attrs.put("llm.input_messages.0.message.role", "system");
    attrs.put("llm.input_messages.0.message.content", "You are a weather bot.");
    attrs.put("llm.input_messages.1.message.role", "user");
    attrs.put("llm.input_messages.1.message.contents.0.message_content.type", "text");
    attrs.put("llm.input_messages.1.message.contents.0.message_content.text", "Weather here?");
    attrs.put("llm.input_messages.1.message.contents.1.message_content.type", "image");
    attrs.put(
        "llm.input_messages.1.message.contents.1.message_content.image.image.url",
        "https://example.com/paris.jpg");
    attrs.put("llm.output_messages.0.message.role", "assistant");
    attrs.put("llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_abc123");
    attrs.put("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "get_weather");
    attrs.put(
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments",
        "{\"location\": \"Paris\"}");
    attrs.put("llm.tools.0.tool.json_schema", "{\"type\": \"function\"}");
    attrs.put("llm.token_count.prompt", 82L);
    attrs.put("llm.token_count.completion", 17L);
    attrs.put("llm.token_count.total", 99L);
    attrs.put("llm.token_count.prompt_details.cache_read", 0L);
    attrs.put("llm.cost.total", 0.000023);
    attrs.put("session.id", "sess-42");
    attrs.put("user.id", "user-7");
    attrs.put("metadata", "{\"env\": \"prod\"}");
    attrs.put("tag.tags", List.of("prod"));

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "llm";
    e.provider = "openai";
    e.requestModel = "gpt-4o-mini-2024-07-18";
    e.inputMessages =
        List.of(
            msg("system", "You are a weather bot."),
            new ChatMessage(
                "user",
                "Weather here?",
                List.of(map("type", "image", "url", "https://example.com/paris.jpg")),
                List.of(),
                null,
                null,
                null));
    e.outputMessages =
        List.of(
            toolCalls(
                "assistant",
                null,
                new ToolCall("call_abc123", "get_weather", "{\"location\": \"Paris\"}")));
    e.input =
        map(
            "messages",
            List.of(map("role", "user", "content", "Weather here?")),
            "model",
            "gpt-4o-mini",
            "temperature",
            0.2);
    e.output = map("id", "chatcmpl-B1", "object", "chat.completion");
    e.inputTokens = 82L;
    e.outputTokens = 17L;
    e.totalTokens = 99L;
    e.cacheReadTokens = 0L;
    e.reportedCost = 0.000023;
    e.sessionId = "sess-42";
    e.requestParameters = map("model", "gpt-4o-mini", "temperature", 0.2, "tool_choice", "auto");
    e.attributes =
        withoutPrefixes(
            attrs, "input.value", "output.value", "llm.input_messages", "llm.output_messages");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void langChainChainSpanTakesJsonInputAndTextOutput() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "CHAIN",
            "input.value", "{\"question\": \"What is Weft?\"}",
            "input.mime_type", "application/json",
            "output.value", "Weft is a tracing server.",
            "output.mime_type", "text/plain",
            "metadata", "{\"ls_run_depth\": 1}");

    Expected e = new Expected();
    e.category = SpanCategory.CHAIN;
    e.operationName = "chain";
    e.input = map("question", "What is Weft?");
    e.output = "Weft is a tracing server.";
    e.attributes = withoutPrefixes(attrs, "input.value", "output.value");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void retrieverSpanTakesTheDocumentsAsOutput() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "RETRIEVER",
            "input.value", "What is Weft?",
            "retrieval.documents.0.document.id", "doc-1",
            "retrieval.documents.0.document.content", "Weft ingests OTLP spans.",
            "retrieval.documents.0.document.score", 0.82,
            "retrieval.documents.0.document.metadata", "{\"source\": \"README.md\"}",
            "retrieval.documents.1.document.content", "Prices live in a JSON table.",
            "retrieval.documents.1.document.metadata", "{\"source\": \"docs/pricing.md\"}");

    Expected e = new Expected();
    e.category = SpanCategory.RETRIEVER;
    e.operationName = "retriever";
    e.input = "What is Weft?";
    e.output =
        List.of(
            map(
                "id",
                "doc-1",
                "content",
                "Weft ingests OTLP spans.",
                "score",
                0.82,
                "metadata",
                map("source", "README.md")),
            map(
                "content",
                "Prices live in a JSON table.",
                "metadata",
                map("source", "docs/pricing.md")));
    e.attributes = map("openinference.span.kind", "RETRIEVER");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void toolSpanKeepsTheParameterSchemaAsAnAttribute() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "TOOL",
            "tool.name", "get_weather",
            "tool.description", "Current weather for a city",
            "tool.parameters", "{\"type\": \"object\", \"properties\": {\"location\": {}}}",
            "input.value", "{\"location\": \"Paris\"}",
            "input.mime_type", "application/json",
            "output.value", "rainy, 57°F");

    Expected e = new Expected();
    e.category = SpanCategory.TOOL;
    e.operationName = "tool";
    e.toolName = "get_weather";
    e.input = map("location", "Paris");
    e.output = "rainy, 57°F";
    e.attributes = withoutPrefixes(attrs, "input.value", "output.value");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void embeddingSpanNamesItsModelAndInvocationParameters() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "EMBEDDING",
            "embedding.model_name", "text-embedding-3-small",
            "embedding.invocation_parameters",
                "{\"model\": \"text-embedding-3-small\", \"encoding_format\": \"base64\"}",
            "embedding.embeddings.0.embedding.text", "hello",
            "llm.token_count.prompt", 1L,
            "llm.token_count.total", 1L,
            "input.value", "hello");

    Expected e = new Expected();
    e.category = SpanCategory.EMBEDDING;
    e.operationName = "embedding";
    e.requestModel = "text-embedding-3-small";
    e.input = "hello";
    e.inputTokens = 1L;
    e.totalTokens = 1L;
    e.requestParameters = map("model", "text-embedding-3-small", "encoding_format", "base64");
    e.attributes = withoutPrefixes(attrs, "input.value");
    assertCanonical(normalize(attrs), e);
  }

  @Test
  void completionsApiPromptsAndChoicesAreAnLlmCall() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "LLM",
            "llm.model_name", "gpt-3.5-turbo-instruct",
            "llm.prompts", List.of("Say this is a test"),
            "llm.choices.0.completion.text", "This is a test.",
            "llm.token_count.prompt", "5",
            "llm.token_count.completion", 5.0);

    CanonicalSpan c = normalize(attrs);

    assertThat(c.category()).isEqualTo(SpanCategory.LLM);
    assertThat(c.inputMessages()).containsExactly(msg("user", "Say this is a test"));
    assertThat(c.outputMessages()).containsExactly(msg("assistant", "This is a test."));
    assertThat(c.totalTokens()).isEqualTo(10L);
    assertThat(c.attributes())
        .containsOnlyKeys(
            "openinference.span.kind",
            "llm.model_name",
            "llm.token_count.prompt",
            "llm.token_count.completion");
  }

  @Test
  void rerankerSpanTakesInputAndOutputDocuments() {
    CanonicalSpan c =
        normalize(
            map(
                "openinference.span.kind", "RERANKER",
                "reranker.model_name", "cross-encoder/ms-marco-MiniLM-L-12-v2",
                "reranker.query", "weft pricing",
                "reranker.top_k", 1L,
                "reranker.input_documents.0.document.content", "a",
                "reranker.input_documents.1.document.content", "b",
                "reranker.output_documents.0.document.content", "b",
                "reranker.output_documents.0.document.score", 0.9));

    assertThat(c.category()).isEqualTo(SpanCategory.RETRIEVER);
    assertThat(c.requestModel()).isEqualTo("cross-encoder/ms-marco-MiniLM-L-12-v2");
    assertThat(c.input()).isEqualTo(List.of(map("content", "a"), map("content", "b")));
    assertThat(c.output()).isEqualTo(List.of(map("content", "b", "score", 0.9)));
    assertThat(c.attributes())
        .containsOnlyKeys(
            "openinference.span.kind", "reranker.model_name", "reranker.query", "reranker.top_k");
  }

  @Test
  void spanKindsMapToCategories() {
    assertThat(kind("AGENT")).isEqualTo(SpanCategory.AGENT);
    assertThat(kind("GUARDRAIL")).isEqualTo(SpanCategory.CHAIN);
    assertThat(kind("EVALUATOR")).isEqualTo(SpanCategory.CHAIN);
    assertThat(kind("llm")).isEqualTo(SpanCategory.LLM);
    assertThat(kind("UNKNOWN")).isEqualTo(SpanCategory.OTHER);
  }

  private SpanCategory kind(String kind) {
    return normalize(map("openinference.span.kind", kind)).category();
  }

  @Test
  void toolMessagesAndLegacyFunctionCallsAreRead() {
    CanonicalSpan c =
        normalize(
            map(
                "openinference.span.kind", "LLM",
                "llm.input_messages.0.message.role", "tool",
                "llm.input_messages.0.message.tool_call_id", "call_1",
                "llm.input_messages.0.message.name", "get_weather",
                "llm.input_messages.0.message.content", "rainy",
                "llm.output_messages.0.message.role", "assistant",
                "llm.output_messages.0.message.function_call_name", "add",
                "llm.output_messages.0.message.function_call_arguments_json", "{\"a\": 1}"));

    assertThat(c.inputMessages())
        .containsExactly(
            new ChatMessage("tool", "rainy", List.of(), List.of(), "call_1", "get_weather", null));
    assertThat(c.outputMessages())
        .containsExactly(toolCalls("assistant", null, new ToolCall(null, "add", "{\"a\": 1}")));
  }

  @Test
  void jsonInputThatDoesNotParseStaysInAttributes() {
    CanonicalSpan c =
        normalize(
            map(
                "openinference.span.kind", "CHAIN",
                "input.value", "{\"question\": ",
                "input.mime_type", "application/json",
                "llm.invocation_parameters", "{not json"));

    assertThat(c.input()).isNull();
    assertThat(c.requestParameters()).isEmpty();
    assertThat(c.attributes()).containsKeys("input.value", "llm.invocation_parameters");
  }

  @Test
  void anthropicLlmSpanCountsPromptCacheReadsAndWritesAndKeepsTheirAttributes() {
    Map<String, Object> attrs =
        map(
            "openinference.span.kind", "LLM",
            "llm.provider", "anthropic",
            "llm.model_name", "claude-3-5-haiku-20241022",
            "llm.token_count.prompt", 1_200L,
            "llm.token_count.prompt_details.cache_read", 1_000L,
            "llm.token_count.prompt_details.cache_write", 150L,
            "llm.token_count.completion", 40L,
            "llm.token_count.total", 1_240L);

    CanonicalSpan c = normalize(attrs);

    assertThat(c.inputTokens()).isEqualTo(1_200L);
    assertThat(c.cacheReadTokens()).isEqualTo(1_000L);
    assertThat(c.cacheWriteTokens()).isEqualTo(150L);
    assertThat(c.attributes())
        .containsEntry("llm.token_count.prompt_details.cache_read", 1_000L)
        .containsEntry("llm.token_count.prompt_details.cache_write", 150L);
  }
}
