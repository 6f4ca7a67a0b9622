package dev.weft.server.normalize;

import static dev.weft.server.normalize.Expected.finished;
import static dev.weft.server.normalize.Expected.msg;
import static dev.weft.server.normalize.Expected.toolCalls;
import static dev.weft.server.normalize.Expected.toolResult;
import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OTel GenAI rule table, on attribute sets as real instrumentations emit them. */
class OtelGenAiConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  private static void assertCanonical(CanonicalSpan actual, Expected expected) {
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected.build());
  }

  private static Map<String, Object> without(Map<String, Object> attrs, String... keys) {
    Map<String, Object> out = new LinkedHashMap<>(attrs);
    for (String k : keys) {
      out.remove(k);
    }
    return out;
  }

  @Test
  void pythonOpenAiV2ChatWithJsonStringMessagesFillsEveryField() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "chat",
            "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-4o-mini",
            "gen_ai.request.temperature", 0.2,
            "gen_ai.request.max_tokens", 256L,
            "gen_ai.request.seed", 42L,
            "gen_ai.request.stop_sequences", List.of("\n\n"),
            "gen_ai.openai.request.service_tier", "auto",
            "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
            "gen_ai.response.id", "chatcmpl-AbC123",
            "gen_ai.response.finish_reasons", List.of("stop"),
            "gen_ai.usage.input_tokens", 24L,
            "gen_ai.usage.output_tokens", 9L,
            "gen_ai.openai.response.service_tier", "default",
            "gen_ai.openai.response.system_fingerprint", "fp_44709d6fcb",
            "server.address", "api.openai.com",
            "server.port", 443L,
            "gen_ai.input.messages",
                """
                [{"role":"system","parts":[{"type":"text","content":"You are terse."}]},\
                {"role":"user","parts":[{"type":"text","content":"Capital of France?"}]}]""",
            "gen_ai.output.messages",
                """
                [{"role":"assistant","parts":[{"type":"text","content":"Paris."}],\
                "finish_reason":"stop"}]""");
    DecodedSpan span = Spans.span().name("chat gpt-4o-mini").attrs(attrs).build();

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "openai";
    e.requestModel = "gpt-4o-mini";
    e.responseModel = "gpt-4o-mini-2024-07-18";
    e.inputMessages = List.of(msg("system", "You are terse."), msg("user", "Capital of France?"));
    e.outputMessages = List.of(finished("assistant", "Paris.", "stop"));
    e.inputTokens = 24L;
    e.outputTokens = 9L;
    e.totalTokens = 33L;
    e.requestParameters =
        map(
            "temperature",
            0.2,
            "max_tokens",
            256L,
            "seed",
            42L,
            "stop_sequences",
            List.of("\n\n"),
            "service_tier",
            "auto");
    e.responseId = "chatcmpl-AbC123";
    e.finishReasons = List.of("stop");
    e.attributes = without(attrs, "gen_ai.input.messages", "gen_ai.output.messages");
    assertCanonical(normalizer.normalize(span), e);
  }

  @Test
  void structuredMessagesWithSystemInstructionsToolCallsAndNonTextParts() {
    Map<String, Object> blob =
        map("type", "blob", "modality", "image", "mime_type", "image/png", "content", "iVBORw0KG");
    Map<String, Object> reasoning = map("type", "reasoning", "content", "User wants weather.");
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name",
            "chat",
            "gen_ai.provider.name",
            "anthropic",
            "gen_ai.request.model",
            "claude-sonnet-4-5",
            "gen_ai.request.max_tokens",
            1024L,
            "gen_ai.request.top_k",
            40.0,
            "gen_ai.system_instructions",
            List.of(map("type", "text", "content", "You are a weather bot.")),
            "gen_ai.input.messages",
            List.of(
                map(
                    "role",
                    "user",
                    "parts",
                    List.of(map("type", "text", "content", "Weather here?"), blob))),
            "gen_ai.output.messages",
            List.of(
                map(
                    "role",
                    "assistant",
                    "parts",
                    List.of(
                        reasoning,
                        map(
                            "type",
                            "tool_call",
                            "id",
                            "toolu_01A",
                            "name",
                            "get_weather",
                            "arguments",
                            map("location", "Paris"))),
                    "finish_reason",
                    "tool_call")),
            "gen_ai.usage.input_tokens",
            "812",
            "gen_ai.usage.output_tokens",
            57.0);
    CanonicalSpan actual = normalizer.normalize(Spans.span().attrs(attrs).build());

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "anthropic";
    e.requestModel = "claude-sonnet-4-5";
    e.inputMessages =
        List.of(
            msg("system", "You are a weather bot."),
            new ChatMessage("user", "Weather here?", List.of(blob), List.of(), null, null, null));
    e.outputMessages =
        List.of(
            new ChatMessage(
                "assistant",
                null,
                List.of(reasoning),
                List.of(new ToolCall("toolu_01A", "get_weather", "{\"location\":\"Paris\"}")),
                null,
                null,
                "tool_call"));
    e.inputTokens = 812L;
    e.outputTokens = 57L;
    e.totalTokens = 869L;
    e.requestParameters = map("max_tokens", 1024L, "top_k", 40.0);
    e.finishReasons = List.of("tool_call");
    e.attributes =
        without(
            attrs, "gen_ai.system_instructions", "gen_ai.input.messages", "gen_ai.output.messages");
    assertCanonical(actual, e);
  }

  @Test
  void olderEventBasedMessagesBecomeMessagesAndTheirEventsAreRemoved() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "chat",
            "gen_ai.system", "openai",
            "gen_ai.request.model", "gpt-4o",
            "gen_ai.response.model", "gpt-4o-2024-08-06",
            "gen_ai.response.id", "chatcmpl-9xyz",
            "gen_ai.usage.prompt_tokens", 95L,
            "gen_ai.usage.completion_tokens", 14L);
    List<Map<String, Object>> toolCallList =
        List.of(
            map(
                "id",
                "call_VSPygqKTWdrhaFErNvMV18Yl",
                "type",
                "function",
                "function",
                map("name", "get_weather", "arguments", "{\"location\":\"Paris\"}")));
    DecodedEvent exception =
        Spans.event(
            "exception",
            map(
                "exception.type", "TimeoutError",
                "exception.message", "retrying",
                "exception.stacktrace", "Traceback..."));
    DecodedSpan span =
        Spans.span()
            .attrs(attrs)
            .event("gen_ai.system.message", map("gen_ai.system", "openai", "content", "Be brief."))
            .event("gen_ai.user.message", map("gen_ai.system", "openai", "content", "Paris?"))
            .event(
                "gen_ai.assistant.message",
                map("gen_ai.system", "openai", "tool_calls", toolCallList))
            .event(
                "gen_ai.tool.message",
                map(
                    "gen_ai.system",
                    "openai",
                    "id",
                    "call_VSPygqKTWdrhaFErNvMV18Yl",
                    "content",
                    "rainy, 57°F"))
            .event(exception.name(), exception.attributes())
            .event(
                "gen_ai.choice",
                map(
                    "gen_ai.system",
                    "openai",
                    "index",
                    0L,
                    "finish_reason",
                    "stop",
                    "message",
                    map("role", "assistant", "content", "Rainy, 57°F.")))
            .build();

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "openai";
    e.requestModel = "gpt-4o";
    e.responseModel = "gpt-4o-2024-08-06";
    e.responseId = "chatcmpl-9xyz";
    e.inputMessages =
        List.of(
            msg("system", "Be brief."),
            msg("user", "Paris?"),
            toolCalls(
                "assistant",
                null,
                new ToolCall(
                    "call_VSPygqKTWdrhaFErNvMV18Yl", "get_weather", "{\"location\":\"Paris\"}")),
            toolResult("call_VSPygqKTWdrhaFErNvMV18Yl", "rainy, 57°F"));
    e.outputMessages = List.of(finished("assistant", "Rainy, 57°F.", "stop"));
    e.inputTokens = 95L;
    e.outputTokens = 14L;
    e.totalTokens = 109L;
    e.finishReasons = List.of("stop");
    e.errorType = "TimeoutError";
    e.errorMessage = "retrying";
    e.attributes = attrs;
    e.events = List.of(exception);
    assertCanonical(normalizer.normalize(span), e);
  }

  @Test
  void choiceEventsAreOrderedByIndexAndAzureJsonEventContentIsRead() {
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.operation.name", "chat")
            .attr("gen_ai.system", "az.ai.inference")
            .attr("gen_ai.request.model", "gpt-4o")
            .event(
                "gen_ai.user.message",
                map("gen_ai.event.content", "{\"role\":\"user\",\"content\":\"Two jokes\"}"))
            .event(
                "gen_ai.choice",
                map(
                    "gen_ai.event.content",
                    "{\"index\":1,\"finish_reason\":\"length\",\"message\":{\"content\":\"B\"}}"))
            .event(
                "gen_ai.choice",
                map(
                    "gen_ai.event.content",
                    "{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"A\"}}"))
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.inputMessages()).containsExactly(msg("user", "Two jokes"));
    assertThat(c.outputMessages())
        .containsExactly(finished("assistant", "A", "stop"), finished("assistant", "B", "length"));
    assertThat(c.finishReasons()).containsExactly("stop", "length");
    assertThat(c.events()).isEmpty();
  }

  @Test
  void springAiChatWithPromptAndCompletionContentEvents() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name",
            "chat",
            "gen_ai.system",
            "openai",
            "gen_ai.request.model",
            "gpt-4o",
            "gen_ai.request.temperature",
            0.7,
            "gen_ai.request.tool_names",
            List.of("currentWeather"),
            "gen_ai.response.finish_reasons",
            List.of("STOP"),
            "gen_ai.response.id",
            "chatcmpl-Spring1",
            "gen_ai.response.model",
            "gpt-4o-2024-08-06",
            "gen_ai.usage.input_tokens",
            18L,
            "gen_ai.usage.output_tokens",
            23L,
            "gen_ai.usage.total_tokens",
            41L,
            "spring.ai.kind",
            "chat_model");
    DecodedSpan span =
        Spans.span()
            .name("chat gpt-4o")
            .attrs(attrs)
            .event(
                "gen_ai.content.prompt",
                map("gen_ai.prompt", List.of("You are a comedian.", "Tell me a joke.")))
            .event(
                "gen_ai.content.completion",
                map("gen_ai.completion", List.of("Why did the JVM go to therapy?")))
            .build();

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "openai";
    e.requestModel = "gpt-4o";
    e.responseModel = "gpt-4o-2024-08-06";
    e.responseId = "chatcmpl-Spring1";
    e.inputMessages = List.of(msg("user", "You are a comedian."), msg("user", "Tell me a joke."));
    e.outputMessages = List.of(msg("assistant", "Why did the JVM go to therapy?"));
    e.inputTokens = 18L;
    e.outputTokens = 23L;
    e.totalTokens = 41L;
    e.finishReasons = List.of("STOP");
    e.requestParameters = map("temperature", 0.7, "tool_names", List.of("currentWeather"));
    e.attributes = attrs;
    assertCanonical(normalizer.normalize(span), e);
  }

  @Test
  void quarkusLangChain4jChatWithPlainTextPromptAndCompletionAttributes() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "chat",
            "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-4o-mini",
            "gen_ai.request.temperature", 0.0,
            "gen_ai.request.top_p", 0.0,
            "gen_ai.content.prompt", "You are a poet\nWrite a haiku about Java",
            "gen_ai.response.id", "chatcmpl-LC4J",
            "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
            "gen_ai.response.finish_reasons", "STOP",
            "gen_ai.usage.completion_tokens", 17L,
            "gen_ai.usage.prompt_tokens", 21L,
            "gen_ai.completion", "Steaming cup of code");
    DecodedSpan span = Spans.span().name("completion gpt-4o-mini").attrs(attrs).build();

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "openai";
    e.requestModel = "gpt-4o-mini";
    e.responseModel = "gpt-4o-mini-2024-07-18";
    e.responseId = "chatcmpl-LC4J";
    e.inputMessages = List.of(msg("user", "You are a poet\nWrite a haiku about Java"));
    e.outputMessages = List.of(msg("assistant", "Steaming cup of code"));
    e.inputTokens = 21L;
    e.outputTokens = 17L;
    e.totalTokens = 38L;
    e.finishReasons = List.of("STOP");
    e.requestParameters = map("temperature", 0.0, "top_p", 0.0);
    e.attributes = without(attrs, "gen_ai.content.prompt", "gen_ai.completion");
    assertCanonical(normalizer.normalize(span), e);
  }

  @Test
  void embeddingsSpanIsAnEmbeddingWithInputTokensAsTotal() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "embeddings",
            "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "text-embedding-3-small",
            "gen_ai.request.encoding_formats", List.of("float"),
            "gen_ai.response.model", "text-embedding-3-small",
            "gen_ai.usage.input_tokens", 8L,
            "gen_ai.embeddings.dimension.count", 1536L);

    Expected e = new Expected();
    e.category = SpanCategory.EMBEDDING;
    e.operationName = "embeddings";
    e.provider = "openai";
    e.requestModel = "text-embedding-3-small";
    e.responseModel = "text-embedding-3-small";
    e.inputTokens = 8L;
    e.totalTokens = 8L;
    e.requestParameters = map("encoding_formats", List.of("float"));
    e.attributes = attrs;
    assertCanonical(normalizer.normalize(Spans.span().attrs(attrs).build()), e);
  }

  @Test
  void executeToolSpanTakesArgumentsAsInputAndResultAsOutput() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "execute_tool",
            "gen_ai.tool.name", "get_weather",
            "gen_ai.tool.call.id", "call_mszuSIzqtI65i1wAUOE8w5H4",
            "gen_ai.tool.type", "function",
            "gen_ai.tool.description", "Current weather for a city",
            "gen_ai.tool.call.arguments", "{\"location\":\"Paris\",\"unit\":\"F\"}",
            "gen_ai.tool.call.result", "rainy, 57°F");

    Expected e = new Expected();
    e.category = SpanCategory.TOOL;
    e.operationName = "execute_tool";
    e.toolName = "get_weather";
    e.toolCallId = "call_mszuSIzqtI65i1wAUOE8w5H4";
    e.input = map("location", "Paris", "unit", "F");
    e.output = "rainy, 57°F";
    e.attributes = without(attrs, "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    assertCanonical(normalizer.normalize(Spans.span().attrs(attrs).build()), e);
  }

  @Test
  void invokeAgentSpanIsAnAgentInItsConversation() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "invoke_agent",
            "gen_ai.provider.name", "openai",
            "gen_ai.agent.name", "Math Tutor",
            "gen_ai.agent.id", "asst_5j66UpCpwteGg4YSxUnt7lPY",
            "gen_ai.conversation.id", "conv_5j66UpCpwteGg4YSxUnt7lPY",
            "gen_ai.request.model", "gpt-4.1");

    Expected e = new Expected();
    e.category = SpanCategory.AGENT;
    e.operationName = "invoke_agent";
    e.provider = "openai";
    e.requestModel = "gpt-4.1";
    e.sessionId = "conv_5j66UpCpwteGg4YSxUnt7lPY";
    e.attributes = attrs;
    assertCanonical(normalizer.normalize(Spans.span().attrs(attrs).build()), e);
  }

  @Test
  void retrievalSpanTakesQueryAsInputAndDocumentsAsOutput() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name", "retrieval",
            "gen_ai.data_source.id", "kb-001",
            "gen_ai.retrieval.top_k", 2L,
            "gen_ai.retrieval.query.text", "expense policy for meals",
            "gen_ai.retrieval.documents", "[{\"id\":\"doc-7\",\"score\":0.91}]");

    Expected e = new Expected();
    e.category = SpanCategory.RETRIEVER;
    e.operationName = "retrieval";
    e.input = "expense policy for meals";
    e.output = List.of(map("id", "doc-7", "score", 0.91));
    e.attributes = without(attrs, "gen_ai.retrieval.query.text", "gen_ai.retrieval.documents");
    assertCanonical(normalizer.normalize(Spans.span().attrs(attrs).build()), e);
  }

  @Test
  void operationNamesMapToCategories() {
    assertThat(category("text_completion")).isEqualTo(SpanCategory.LLM);
    assertThat(category("generate_content")).isEqualTo(SpanCategory.CHAT);
    assertThat(category("create_agent")).isEqualTo(SpanCategory.AGENT);
    assertThat(category("embedding")).isEqualTo(SpanCategory.EMBEDDING);
    assertThat(category("some_future_operation")).isEqualTo(SpanCategory.OTHER);
  }

  private SpanCategory category(String operation) {
    return normalizer
        .normalize(Spans.span().attr("gen_ai.operation.name", operation).build())
        .category();
  }

  @Test
  void modelAttributesWithoutOperationMeanChat() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .attr("gen_ai.system", "openai")
                .attr("gen_ai.request.model", "gpt-4")
                .build());

    assertThat(c.category()).isEqualTo(SpanCategory.CHAT);
    assertThat(c.operationName()).isNull();
  }

  @Test
  void errorTypeAttributeWinsOverExceptionTypeAndMessageComesFromTheException() {
    DecodedEvent exception =
        Spans.event(
            "exception",
            map(
                "exception.type", "openai.RateLimitError",
                "exception.message", "Rate limit reached for gpt-4o",
                "exception.stacktrace", "Traceback (most recent call last): ..."));
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.operation.name", "chat")
            .attr("error.type", "429")
            .event(exception.name(), exception.attributes())
            .status(2, "Rate limit reached")
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.errorType()).isEqualTo("429");
    assertThat(c.errorMessage()).isEqualTo("Rate limit reached for gpt-4o");
    assertThat(c.events()).containsExactly(exception);
  }

  @Test
  void brokenJsonContentStaysInAttributes() {
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.operation.name", "execute_tool")
            .attr("gen_ai.tool.call.arguments", "{\"location\": ")
            .attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[")
            .attr("gen_ai.output.messages", 42L)
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.input()).isNull();
    assertThat(c.inputMessages()).isNull();
    assertThat(c.outputMessages()).isNull();
    assertThat(c.attributes())
        .containsOnlyKeys(
            "gen_ai.operation.name",
            "gen_ai.tool.call.arguments",
            "gen_ai.input.messages",
            "gen_ai.output.messages");
  }

  @Test
  void severalToolResponsesInOneMessageBecomeOneToolMessageEach() {
    String input =
        """
        [{"role":"tool","parts":[\
        {"type":"tool_call_response","id":"call_1","response":"rainy"},\
        {"type":"tool_call_response","id":"call_2","result":{"temp":14}}]}]""";

    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .attr("gen_ai.operation.name", "chat")
                .attr("gen_ai.input.messages", input)
                .build());

    assertThat(c.inputMessages())
        .containsExactly(toolResult("call_1", "rainy"), toolResult("call_2", "{\"temp\":14}"));
  }

  @Test
  void anthropicChatWithPromptCacheReadsAndWritesCountsBoth() {
    Map<String, Object> attrs =
        map(
            "gen_ai.operation.name",
            "chat",
            "gen_ai.provider.name",
            "anthropic",
            "gen_ai.request.model",
            "claude-sonnet-4-5",
            "gen_ai.response.model",
            "claude-sonnet-4-5-20250929",
            "gen_ai.usage.input_tokens",
            12_480L,
            "gen_ai.usage.cache_read.input_tokens",
            10_240L,
            "gen_ai.usage.cache_creation.input_tokens",
            2_048L,
            "gen_ai.usage.output_tokens",
            310L);

    Expected e = new Expected();
    e.category = SpanCategory.CHAT;
    e.operationName = "chat";
    e.provider = "anthropic";
    e.requestModel = "claude-sonnet-4-5";
    e.responseModel = "claude-sonnet-4-5-20250929";
    e.inputTokens = 12_480L;
    e.outputTokens = 310L;
    e.totalTokens = 12_790L;
    e.cacheReadTokens = 10_240L;
    e.cacheWriteTokens = 2_048L;
    e.attributes = attrs;
    assertCanonical(normalizer.normalize(Spans.span().attrs(attrs).build()), e);
  }
}
