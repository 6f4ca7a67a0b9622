package dev.weft.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.weft.langchain4j.testing.FakeOpenAiServer;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Delayed;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Failure;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Text;
import dev.weft.langchain4j.testing.FakeOpenAiServer.ToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j OpenAI client against a local fake OpenAI server, with the spans it produces
 * checked attribute by attribute in OpenTelemetry's in-memory exporter.
 */
class WeftLangChain4jTest {

  static final ObjectMapper JSON = new ObjectMapper();

  FakeOpenAiServer server;
  InMemorySpanExporter exporter;
  SdkTracerProvider tracerProvider;
  OpenTelemetry otel;
  WeftLangChain4j weft;

  interface Assistant {
    @dev.langchain4j.service.SystemMessage("You are terse.")
    String chat(String question);
  }

  interface StreamingAssistant {
    TokenStream chat(String question);
  }

  static class Calculator {
    @Tool("Adds two integers")
    int add(int a, int b) {
      return a + b;
    }
  }

  @BeforeEach
  void setUp() {
    server = FakeOpenAiServer.start();
    exporter = InMemorySpanExporter.create();
    tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    weft = WeftLangChain4j.builder().openTelemetry(otel).build();
  }

  @AfterEach
  void tearDown() {
    server.close();
    tracerProvider.close();
  }

  ChatModel chatModel(WeftLangChain4j w) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(w.chatModelListener()))
        .build();
  }

  /** Anthropic's client against the fake server, 50 tokens at most. */
  ChatModel claudeModel(String name) {
    return dev.langchain4j.model.anthropic.AnthropicChatModel.builder()
        .baseUrl(server.baseUrl() + "/")
        .apiKey("test-key")
        .modelName(name)
        .maxTokens(50)
        .maxRetries(0)
        .listeners(List.of(weft.chatModelListener()))
        .build();
  }

  StreamingChatModel streamingModel() {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(weft.chatModelListener()))
        .build();
  }

  @Test
  void plainChatBecomesAClientSpanWithRequestParametersUsageAndMessages() throws Exception {
    server.responseModel("gpt-4o-mini-2024-07-18").enqueue(new Text("Paris.", 12, 2));
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o-mini")
            .temperature(0.2)
            .topP(0.9)
            .maxTokens(100)
            .stop(List.of("END"))
            .presencePenalty(0.1)
            .frequencyPenalty(0.3)
            .maxRetries(0)
            .listeners(List.of(weft.chatModelListener()))
            .build();

    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(
                    SystemMessage.from("Answer in one word."),
                    UserMessage.from("Capital of France?"))
                .build());

    assertThat(response.aiMessage().text()).isEqualTo("Paris.");
    SpanData span = single("chat gpt-4o-mini");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(str(span, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(str(span, "gen_ai.provider.name")).isEqualTo("openai");
    assertThat(str(span, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(dbl(span, "gen_ai.request.temperature")).isEqualTo(0.2);
    assertThat(dbl(span, "gen_ai.request.top_p")).isEqualTo(0.9);
    assertThat(dbl(span, "gen_ai.request.presence_penalty")).isEqualTo(0.1);
    assertThat(dbl(span, "gen_ai.request.frequency_penalty")).isEqualTo(0.3);
    assertThat(lng(span, "gen_ai.request.max_tokens")).isEqualTo(100);
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences")))
        .containsExactly("END");
    assertThat(str(span, "gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(str(span, "gen_ai.response.id")).isEqualTo("chatcmpl-1");
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(12);
    assertThat(lng(span, "gen_ai.usage.output_tokens")).isEqualTo(2);
    assertThat(json(span, "gen_ai.system_instructions"))
        .isEqualTo(JSON.readTree("[{\"type\":\"text\",\"content\":\"Answer in one word.\"}]"));
    assertThat(json(span, "gen_ai.input.messages"))
        .isEqualTo(
            JSON.readTree(
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Capital of France?\"}]}]"));
    assertThat(json(span, "gen_ai.output.messages"))
        .isEqualTo(
            JSON.readTree(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}],"
                    + "\"finish_reason\":\"stop\"}]"));
  }

  @Test
  void anthropicPromptCacheCountsAreRecordedWithTheInputTokensIncludingThem() throws Exception {
    server.enqueue(new FakeOpenAiServer.Cached(new Text("Bonjour.", 50, 2), 10_000, 1_500));
    claudeModel("claude-sonnet-4-5")
        .chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build());

    SpanData span = single("chat claude-sonnet-4-5");
    // Anthropic counts 50 uncached input tokens apart from the cached ones.
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(50 + 10_000 + 1_500);
    assertThat(lng(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(10_000);
    assertThat(lng(span, "gen_ai.usage.cache_creation.input_tokens")).isEqualTo(1_500);
    assertThat(lng(span, "gen_ai.usage.output_tokens")).isEqualTo(2);
  }

  @Test
  void openAiCachedPromptTokensAreRecordedWithinTheInputTokens() throws Exception {
    server.enqueue(new FakeOpenAiServer.Cached(new Text("Hi.", 2_000, 2), 1_536, 0));

    chatModel(weft).chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build());

    SpanData span = single("chat gpt-4o-mini");
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(2_000);
    assertThat(lng(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(1_536);
    assertThat(
            span.getAttributes()
                .get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")))
        .isNull();
  }

  @Test
  void callsWithoutCacheUseRecordNoCacheCounts() throws Exception {
    server.enqueue(new Text("Hi.", 12, 2));

    chatModel(weft).chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build());

    SpanData span = single("chat gpt-4o-mini");
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(12);
    assertThat(
            span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
        .isNull();
  }

  @Test
  void anotherProviderModuleIsRecordedTheSameWay() throws Exception {
    server.enqueue(new Text("Bonjour.", 9, 2));
    ChatModel claude = claudeModel("claude-3-5-haiku-20241022");

    claude.chat(
        ChatRequest.builder()
            .messages(SystemMessage.from("Speak French."), UserMessage.from("Hello"))
            .build());

    SpanData span = single("chat claude-3-5-haiku-20241022");
    assertThat(str(span, "gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(lng(span, "gen_ai.request.max_tokens")).isEqualTo(50);
    assertThat(str(span, "gen_ai.response.id")).isEqualTo("msg_1");
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(9);
    assertThat(lng(span, "gen_ai.usage.output_tokens")).isEqualTo(2);
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(json(span, "gen_ai.system_instructions").at("/0/content").asText())
        .isEqualTo("Speak French.");
    assertThat(json(span, "gen_ai.output.messages").at("/0/parts/0/content").asText())
        .isEqualTo("Bonjour.");
    JsonNode sent = server.requests().get(0);
    assertThat(sent.path("system").toString()).contains("Speak French.");
  }

  @Test
  void streamingChatEndsItsSpanWithTheAssembledAnswerAndUsage() throws Exception {
    server.enqueue(new Text("Streaming works fine", 5, 3));
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streamingModel()
        .chat(
            ChatRequest.builder().messages(UserMessage.from("Stream please")).build(),
            handler(done));

    assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Streaming works fine");
    SpanData span = single("chat gpt-4o-mini");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(5);
    assertThat(lng(span, "gen_ai.usage.output_tokens")).isEqualTo(3);
    assertThat(str(span, "gen_ai.response.id")).isEqualTo("chatcmpl-1");
    assertThat(json(span, "gen_ai.output.messages").at("/0/parts/0/content").asText())
        .isEqualTo("Streaming works fine");
    assertThat(json(span, "gen_ai.input.messages").at("/0/parts/0/content").asText())
        .isEqualTo("Stream please");
  }

  @Test
  void aiServiceWithToolsNestsBothChatTurnsAndTheToolUnderOneInvokeAgentSpan() throws Exception {
    server.enqueue(new ToolCall("call_7", "add", "{\"a\":2,\"b\":3}"), new Text("It is 5.", 30, 4));
    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class))
            .chatModel(chatModel(weft))
            .tools(new Calculator())
            .build();
    long errorsBefore = WeftLangChain4j.instrumentationErrors();

    assertThat(assistant.chat("What is 2+3?")).isEqualTo("It is 5.");

    SpanData agent = single("invoke_agent Assistant");
    assertThat(agent.getParentSpanContext().isValid()).isFalse();
    assertThat(str(agent, "gen_ai.operation.name")).isEqualTo("invoke_agent");
    assertThat(str(agent, "gen_ai.agent.name")).isEqualTo("Assistant");
    assertThat(str(agent, "langchain4j.ai_service.method")).isEqualTo("chat");
    assertThat(json(agent, "gen_ai.input.messages").at("/0/parts/0/content").asText())
        .isEqualTo("What is 2+3?");
    assertThat(json(agent, "gen_ai.system_instructions").at("/0/content").asText())
        .isEqualTo("You are terse.");
    assertThat(json(agent, "gen_ai.output.messages").at("/0/parts/0/content").asText())
        .isEqualTo("It is 5.");

    List<SpanData> chats = named("chat gpt-4o-mini");
    assertThat(chats).hasSize(2);
    chats.forEach(c -> assertThat(c.getParentSpanId()).isEqualTo(agent.getSpanId()));
    SpanData first = chats.get(0);
    assertThat(
            first
                .getAttributes()
                .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_call");
    JsonNode call = json(first, "gen_ai.output.messages").at("/0/parts/0");
    assertThat(call.path("type").asText()).isEqualTo("tool_call");
    assertThat(call.path("id").asText()).isEqualTo("call_7");
    assertThat(call.path("name").asText()).isEqualTo("add");
    assertThat(JSON.readTree(call.path("arguments").asText()))
        .isEqualTo(JSON.readTree("{\"a\":2,\"b\":3}"));

    SpanData tool = single("execute_tool add");
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(str(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
    assertThat(str(tool, "gen_ai.tool.name")).isEqualTo("add");
    assertThat(str(tool, "gen_ai.tool.call.id")).isEqualTo("call_7");
    assertThat(str(tool, "gen_ai.tool.call.arguments")).isEqualTo("{\"a\":2,\"b\":3}");
    assertThat(str(tool, "gen_ai.tool.call.result")).isEqualTo("5");
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(first.getEndEpochNanos());

    SpanData second = chats.get(1);
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(second.getStartEpochNanos());
    JsonNode input = json(second, "gen_ai.input.messages");
    assertThat(input.at("/1/parts/0/type").asText()).isEqualTo("tool_call");
    assertThat(input.at("/2/role").asText()).isEqualTo("tool");
    assertThat(input.at("/2/parts/0/type").asText()).isEqualTo("tool_call_response");
    assertThat(input.at("/2/parts/0/id").asText()).isEqualTo("call_7");
    assertThat(input.at("/2/parts/0/response").asText()).isEqualTo("5");
    assertThat(WeftLangChain4j.instrumentationErrors()).isEqualTo(errorsBefore);
  }

  @Test
  void streamingAiServiceWithToolsNestsSpansAcrossTheClientsThreads() throws Exception {
    StreamingAssistant assistant =
        weft.instrumentService(AiServices.builder(StreamingAssistant.class))
            .streamingChatModel(streamingModel())
            .tools(new Calculator())
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    assistant
        .chat("please add 4 and 5")
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();

    assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Result: 9");
    awaitSpans(4);
    SpanData agent = single("invoke_agent StreamingAssistant");
    List<SpanData> chats = named("chat gpt-4o-mini");
    assertThat(chats).hasSize(2);
    chats.forEach(c -> assertThat(c.getParentSpanId()).isEqualTo(agent.getSpanId()));
    SpanData tool = single("execute_tool add");
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(str(tool, "gen_ai.tool.call.result")).isEqualTo("9");
    assertThat(json(agent, "gen_ai.output.messages").at("/0/parts/0/content").asText())
        .isEqualTo("Result: 9");
  }

  @Test
  void aiServiceWithARetrieverRecordsQueryDocumentsScoresAndTheQueryEmbedding() throws Exception {
    EmbeddingModel embeddings =
        weft.instrument(
            (EmbeddingModel)
                OpenAiEmbeddingModel.builder()
                    .baseUrl(server.baseUrl())
                    .apiKey("test-key")
                    .modelName("text-embedding-3-small")
                    .maxRetries(0)
                    .build());
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    for (String doc :
        List.of("Weft stores traces in PostgreSQL", "Bananas are yellow fruit", "Cats sleep")) {
      TextSegment segment = TextSegment.from(doc);
      store.add(
          dev.langchain4j.data.embedding.Embedding.from(FakeOpenAiServer.vector(doc)), segment);
    }
    ContentRetriever retriever =
        weft.instrument(
            (ContentRetriever)
                EmbeddingStoreContentRetriever.builder()
                    .embeddingStore(store)
                    .embeddingModel(embeddings)
                    .maxResults(2)
                    .build());
    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class))
            .chatModel(chatModel(weft))
            .contentRetriever(retriever)
            .build();

    assertThat(assistant.chat("Where does Weft store traces?")).startsWith("Echo: ");

    SpanData agent = single("invoke_agent Assistant");
    SpanData retrieval = single("retrieval EmbeddingStoreContentRetriever");
    assertThat(retrieval.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(str(retrieval, "gen_ai.operation.name")).isEqualTo("retrieval");
    assertThat(str(retrieval, "gen_ai.retrieval.query.text"))
        .isEqualTo("Where does Weft store traces?");
    JsonNode docs = json(retrieval, "gen_ai.retrieval.documents");
    assertThat(docs).hasSize(2);
    assertThat(docs.findValuesAsText("content")).contains("Weft stores traces in PostgreSQL");
    assertThat(docs.at("/0/score").asDouble()).isBetween(0.0, 1.0);
    assertThat(docs.at("/0/score").asDouble())
        .isGreaterThanOrEqualTo(docs.at("/1/score").asDouble());
    assertThat(docs.at("/0/id").asText()).isNotBlank();

    SpanData embedding = single("embeddings text-embedding-3-small");
    assertThat(embedding.getParentSpanId()).isEqualTo(retrieval.getSpanId());
    assertThat(embedding.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(str(embedding, "gen_ai.operation.name")).isEqualTo("embeddings");
    assertThat(str(embedding, "gen_ai.provider.name")).isEqualTo("openai");
    assertThat(lng(embedding, "gen_ai.usage.input_tokens")).isEqualTo(5);
    assertThat(lng(embedding, "gen_ai.embeddings.dimension.count")).isEqualTo(4);

    SpanData chat = single("chat gpt-4o-mini");
    assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(json(chat, "gen_ai.input.messages").at("/0/parts/0/content").asText())
        .contains("Weft stores traces in PostgreSQL");
  }

  @Test
  void rateLimitAndServerErrorsMarkTheChatSpanFailedWithTheirErrorType() {
    server.enqueue(new Failure(429, "Rate limit reached"), new Failure(500, "boom"));
    ChatModel model = chatModel(weft);

    assertThatThrownBy(() -> model.chat("hi")).isNotNull();
    assertThatThrownBy(() -> model.chat("hi again")).isNotNull();

    List<SpanData> spans = named("chat gpt-4o-mini");
    assertThat(spans).hasSize(2);
    SpanData rateLimited = spans.get(0);
    assertThat(rateLimited.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(str(rateLimited, "error.type"))
        .isEqualTo("dev.langchain4j.exception.RateLimitException");
    assertThat(rateLimited.getStatus().getDescription()).contains("Rate limit reached");
    assertThat(rateLimited.getEvents())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(str(spans.get(1), "error.type"))
        .isEqualTo("dev.langchain4j.exception.InternalServerException");
    assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .isNull();
  }

  @Test
  void aFailedAiServiceCallFailsBothTheChatAndTheInvokeAgentSpans() {
    server.enqueue(new Failure(500, "down"));
    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class))
            .chatModel(chatModel(weft))
            .build();

    assertThatThrownBy(() -> assistant.chat("hello")).isNotNull();

    SpanData agent = single("invoke_agent Assistant");
    SpanData chat = single("chat gpt-4o-mini");
    assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(str(agent, "error.type"))
        .isEqualTo("dev.langchain4j.exception.InternalServerException");
  }

  @Test
  void aTimedOutChatCallEndsItsSpanAsAnError() {
    server.enqueue(new Delayed(3_000, new Text("too late", 1, 1)));
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .timeout(Duration.ofMillis(300))
            .listeners(List.of(weft.chatModelListener()))
            .build();

    assertThatThrownBy(() -> model.chat("hi")).isNotNull();

    SpanData span = single("chat gpt-4o-mini");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(str(span, "error.type")).isEqualTo("dev.langchain4j.exception.TimeoutException");
  }

  @Test
  void aStreamingErrorEndsTheSpanAsAnError() throws Exception {
    server.enqueue(new Failure(500, "stream broke"));
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streamingModel()
        .chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler(done));

    assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isNotNull();
    awaitSpans(1);
    SpanData span = single("chat gpt-4o-mini");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(str(span, "error.type")).isNotBlank();
  }

  @Test
  void concurrentAiServiceCallsWithToolsNeverCrossLink() throws Exception {
    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class))
            .chatModel(chatModel(weft))
            .tools(new Calculator())
            .build();
    int calls = 16;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      int n = i;
      answers.add(pool.submit(() -> assistant.chat("please add " + n + " and 100")));
    }
    for (int i = 0; i < calls; i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("Result: " + (i + 100));
    }
    pool.shutdown();

    List<SpanData> agents = named("invoke_agent Assistant");
    assertThat(agents).hasSize(calls);
    for (SpanData agent : agents) {
      String question = json(agent, "gen_ai.input.messages").at("/0/parts/0/content").asText();
      int n = Integer.parseInt(question.replaceAll("\\D+", " ").trim().split(" ")[0]);
      List<SpanData> children =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getParentSpanId().equals(agent.getSpanId()))
              .toList();
      assertThat(children)
          .extracting(SpanData::getName)
          .containsExactlyInAnyOrder("chat gpt-4o-mini", "execute_tool add", "chat gpt-4o-mini");
      for (SpanData child : children) {
        assertThat(child.getTraceId()).isEqualTo(agent.getTraceId());
        if (child.getName().startsWith("execute_tool")) {
          assertThat(str(child, "gen_ai.tool.call.result")).isEqualTo(String.valueOf(n + 100));
        } else {
          assertThat(str(child, "gen_ai.input.messages")).contains(question);
        }
      }
    }
  }

  @Test
  void contentCaptureOffKeepsModelsAndUsageButNoText() throws Exception {
    WeftLangChain4j noContent =
        WeftLangChain4j.builder().openTelemetry(otel).captureContent(false).build();
    server.enqueue(new Text("secret answer", 3, 2));

    chatModel(noContent).chat("secret question");

    SpanData span = single("chat gpt-4o-mini");
    assertThat(lng(span, "gen_ai.usage.input_tokens")).isEqualTo(3);
    assertThat(str(span, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(span.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .doesNotContain(
            "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions");
    assertThat(span.getAttributes().toString()).doesNotContain("secret");
  }

  @Test
  void maxContentLengthCutsLongTextsButKeepsTheJsonValid() throws Exception {
    WeftLangChain4j limited =
        WeftLangChain4j.builder().openTelemetry(otel).maxContentLength(10).build();
    server.enqueue(new Text("a very long answer indeed", 3, 5));

    chatModel(limited).chat("a \"quoted\" and very long question");

    SpanData span = single("chat gpt-4o-mini");
    assertThat(json(span, "gen_ai.input.messages").at("/0/parts/0/content").asText())
        .isEqualTo("a \"quoted\"...[truncated]");
    assertThat(json(span, "gen_ai.output.messages").at("/0/parts/0/content").asText())
        .isEqualTo("a very lon...[truncated]");
  }

  @Test
  void aFailingTracerIsCountedAndNeverBreaksTheCall() {
    OpenTelemetry broken =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return new TracerProvider() {
              @Override
              public Tracer get(String name) {
                throw new IllegalStateException("tracer exploded");
              }

              @Override
              public Tracer get(String name, String version) {
                throw new IllegalStateException("tracer exploded");
              }
            };
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    WeftLangChain4j failing = WeftLangChain4j.builder().openTelemetry(broken).build();
    long before = WeftLangChain4j.instrumentationErrors();
    server.enqueue(new Text("still fine", 1, 2));

    ChatResponse response =
        chatModel(failing).chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());

    assertThat(response.aiMessage().text()).isEqualTo("still fine");
    assertThat(WeftLangChain4j.instrumentationErrors()).isGreaterThan(before);
  }

  @Test
  void userSpansAroundACallBecomeItsParent() {
    server.enqueue(new Text("ok", 1, 1));
    ChatModel model = chatModel(weft);
    io.opentelemetry.api.trace.Span outer =
        otel.getTracer("app").spanBuilder("handle request").startSpan();
    try (var scope = outer.makeCurrent()) {
      model.chat("hi");
    } finally {
      outer.end();
    }
    assertThat(single("chat gpt-4o-mini").getParentSpanId())
        .isEqualTo(outer.getSpanContext().getSpanId());
  }

  // ------------------------------------------------------------------------------ helpers

  static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> done) {
    return new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {}

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        done.complete(completeResponse);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    };
  }

  /** Streaming callbacks may end spans just after the user's handler ran. */
  void awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporter.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  List<SpanData> named(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }

  SpanData single(String name) {
    List<SpanData> spans = named(name);
    assertThat(spans).as("spans named %s in %s", name, exporter.getFinishedSpanItems()).hasSize(1);
    return spans.get(0);
  }

  static String str(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  static Double dbl(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.doubleKey(key));
  }

  static Long lng(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  static JsonNode json(SpanData span, String key) {
    String value = str(span, key);
    assertThat(value).as("attribute %s of %s", key, span.getName()).isNotNull();
    try {
      return JSON.readTree(value);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + value, e);
    }
  }
}
