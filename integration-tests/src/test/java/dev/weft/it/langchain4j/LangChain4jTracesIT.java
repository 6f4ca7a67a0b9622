package dev.weft.it.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
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
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.weft.it.WeftServer;
import dev.weft.langchain4j.WeftLangChain4j;
import dev.weft.langchain4j.testing.FakeOpenAiServer;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Delayed;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Failure;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Text;
import dev.weft.langchain4j.testing.FakeOpenAiServer.ToolCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j integration end to end: the real OpenAI client against a fake model server, spans
 * exported over OTLP/HTTP by the stock SDK to the packaged Weft server, and the normalised traces
 * read back through its REST API.
 */
class LangChain4jTracesIT {

  interface Assistant {
    @dev.langchain4j.service.SystemMessage("You are terse.")
    String chat(String question);
  }

  static class Calculator {
    @Tool("Adds two integers")
    int add(int a, int b) {
      return a + b;
    }
  }

  WeftServer.Project project;
  FakeOpenAiServer models;
  SdkTracerProvider tracerProvider;
  OpenTelemetrySdk otel;
  WeftLangChain4j weft;

  @BeforeEach
  void setUp() {
    project = WeftServer.get().newProject("lc4j");
    models = FakeOpenAiServer.start();
    tracerProvider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "lc4j-it")))
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint(WeftServer.get().httpUrl() + "/v1/traces")
                            .addHeader("Authorization", "Bearer " + project.key())
                            .build())
                    .build())
            .build();
    otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    weft = WeftLangChain4j.builder().openTelemetry(otel).build();
  }

  @AfterEach
  void tearDown() {
    models.close();
    tracerProvider.close();
  }

  ChatModel chatModel(Duration timeout) {
    return OpenAiChatModel.builder()
        .baseUrl(models.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .temperature(0.3)
        .maxRetries(0)
        .timeout(timeout)
        .listeners(List.of(weft.chatModelListener()))
        .build();
  }

  @Test
  void aPlainChatCallIsStoredWithModelTokensCostAndMessages() {
    models.enqueue(new Text("Paris.", 1000, 200));
    chatModel(Duration.ofSeconds(10))
        .chat(
            ChatRequest.builder()
                .messages(SystemMessage.from("One word."), UserMessage.from("Capital of France?"))
                .build());

    JsonNode trace = onlyTrace();
    JsonNode chat = trace.at("/roots/0");
    assertThat(chat.path("name").asText()).isEqualTo("chat gpt-4o-mini");
    assertThat(chat.path("kind").asText()).isEqualTo("chat");
    assertThat(chat.path("spanKind").asText()).isEqualTo("client");
    assertThat(chat.path("operation").asText()).isEqualTo("chat");
    assertThat(chat.path("provider").asText()).isEqualTo("openai");
    assertThat(chat.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(chat.at("/usage/inputTokens").asLong()).isEqualTo(1000);
    assertThat(chat.at("/usage/outputTokens").asLong()).isEqualTo(200);
    // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens
    assertThat(chat.path("costUsd").asDouble()).isCloseTo(0.00027, within());
    assertThat(trace.at("/summary/costUsd").asDouble()).isCloseTo(0.00027, within());
    JsonNode input = chat.at("/input/messages");
    assertThat(input).hasSize(2);
    assertThat(input.at("/0/role").asText()).isEqualTo("system");
    assertThat(input.at("/0/content").asText()).isEqualTo("One word.");
    assertThat(input.at("/1/role").asText()).isEqualTo("user");
    assertThat(input.at("/1/content").asText()).isEqualTo("Capital of France?");
    assertThat(chat.at("/output/messages/0/role").asText()).isEqualTo("assistant");
    assertThat(chat.at("/output/messages/0/content").asText()).isEqualTo("Paris.");
    assertThat(chat.at("/output/messages/0/finishReason").asText()).isEqualTo("stop");
  }

  @Test
  void aStreamedChatCallIsStoredLikeASynchronousOne() throws Exception {
    models.enqueue(new Text("Streamed answer here", 40, 4));
    StreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(models.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o-mini")
            .listeners(List.of(weft.chatModelListener()))
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        ChatRequest.builder().messages(UserMessage.from("Stream it")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    done.get(10, TimeUnit.SECONDS);

    JsonNode chat = onlyTrace().at("/roots/0");
    assertThat(chat.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(chat.at("/usage/totalTokens").asLong()).isEqualTo(44);
    assertThat(chat.path("costUsd").asDouble()).isPositive();
    assertThat(chat.at("/input/messages/0/content").asText()).isEqualTo("Stream it");
    assertThat(chat.at("/output/messages/0/content").asText()).isEqualTo("Streamed answer here");
  }

  @Test
  void anAiServiceWithAToolIsOneTraceWithTwoChatsAndTheToolUnderTheAgent() {
    models.enqueue(new ToolCall("call_1", "add", "{\"a\":2,\"b\":3}"), new Text("It is 5.", 60, 5));
    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class))
            .chatModel(chatModel(Duration.ofSeconds(10)))
            .tools(new Calculator())
            .build();
    Span request = otel.getTracer("app").spanBuilder("POST /ask").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      assertThat(assistant.chat("What is 2+3?")).isEqualTo("It is 5.");
    } finally {
      request.end();
    }

    JsonNode trace = onlyTrace();
    assertThat(trace.at("/summary/spanCount").asInt()).isEqualTo(5);
    assertThat(trace.at("/summary/inputTokens").asLong()).isEqualTo(80);
    assertThat(trace.at("/summary/outputTokens").asLong()).isEqualTo(15);
    assertThat(trace.at("/summary/costUsd").asDouble()).isPositive();
    JsonNode root = trace.at("/roots/0");
    assertThat(root.path("name").asText()).isEqualTo("POST /ask");
    JsonNode agent = root.at("/children/0");
    assertThat(agent.path("name").asText()).isEqualTo("invoke_agent Assistant");
    assertThat(agent.path("kind").asText()).isEqualTo("agent");
    assertThat(agent.at("/input/messages").findValuesAsText("content")).contains("What is 2+3?");
    assertThat(agent.at("/output/messages/0/content").asText()).isEqualTo("It is 5.");
    List<String> children = new ArrayList<>();
    agent.path("children").forEach(c -> children.add(c.path("name").asText()));
    assertThat(children)
        .containsExactly("chat gpt-4o-mini", "execute_tool add", "chat gpt-4o-mini");

    JsonNode firstChat = agent.at("/children/0");
    assertThat(firstChat.at("/output/messages/0/toolCalls/0/name").asText()).isEqualTo("add");
    assertThat(firstChat.at("/output/messages/0/toolCalls/0/id").asText()).isEqualTo("call_1");
    JsonNode tool = agent.at("/children/1");
    assertThat(tool.path("kind").asText()).isEqualTo("tool");
    assertThat(tool.at("/input/value").toString()).contains("\"a\"");
    assertThat(tool.at("/output/value").asText()).isEqualTo("5");
    JsonNode secondChat = agent.at("/children/2");
    JsonNode toolResult =
        find(secondChat.at("/input/messages"), m -> "tool".equals(m.path("role").asText()));
    assertThat(toolResult.path("toolCallId").asText()).isEqualTo("call_1");
    assertThat(toolResult.path("content").asText()).isEqualTo("5");
    assertThat(secondChat.at("/usage/inputTokens").asLong()).isEqualTo(60);
  }

  @Test
  void anAiServiceWithARetrieverStoresTheQueryAndTheRetrievedDocuments() {
    EmbeddingModel embeddings =
        weft.instrument(
            (EmbeddingModel)
                OpenAiEmbeddingModel.builder()
                    .baseUrl(models.baseUrl())
                    .apiKey("test-key")
                    .modelName("text-embedding-3-small")
                    .maxRetries(0)
                    .build());
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    for (String doc : List.of("Weft stores traces in PostgreSQL", "Bananas are yellow")) {
      store.add(Embedding.from(FakeOpenAiServer.vector(doc)), TextSegment.from(doc));
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
            .chatModel(chatModel(Duration.ofSeconds(10)))
            .contentRetriever(retriever)
            .build();

    assistant.chat("Where does Weft store traces?");

    JsonNode agent = onlyTrace().at("/roots/0");
    assertThat(agent.path("kind").asText()).isEqualTo("agent");
    JsonNode retrieval =
        find(agent.path("children"), c -> c.path("kind").asText().equals("retriever"));
    assertThat(retrieval.path("name").asText())
        .isEqualTo("retrieval EmbeddingStoreContentRetriever");
    assertThat(retrieval.at("/input/value").asText()).isEqualTo("Where does Weft store traces?");
    assertThat(retrieval.at("/output/value").findValuesAsText("content"))
        .contains("Weft stores traces in PostgreSQL");
    assertThat(retrieval.at("/output/value/0/score").isNumber()).isTrue();
    JsonNode embedding = retrieval.at("/children/0");
    assertThat(embedding.path("kind").asText()).isEqualTo("embedding");
    assertThat(embedding.path("model").asText()).isEqualTo("text-embedding-3-small");
    JsonNode chat = find(agent.path("children"), c -> c.path("kind").asText().equals("chat"));
    assertThat(chat.at("/input/messages/1/content").asText())
        .contains("Weft stores traces in PostgreSQL");
  }

  @Test
  void rateLimitedAndTimedOutCallsAreStoredAsErrorsWithTheirType() {
    models.enqueue(new Failure(429, "Rate limit reached"));
    assertThatThrownBy(() -> chatModel(Duration.ofSeconds(10)).chat("hi")).isNotNull();
    models.enqueue(new Delayed(2_000, new Text("late", 1, 1)));
    assertThatThrownBy(() -> chatModel(Duration.ofMillis(300)).chat("hi")).isNotNull();

    List<JsonNode> spans = new ArrayList<>();
    for (JsonNode item : traces(2)) {
      spans.add(project.get("/traces/" + item.path("traceId").asText()).at("/roots/0"));
    }
    assertThat(spans)
        .extracting(s -> s.path("errorType").asText())
        .containsExactlyInAnyOrder(
            "dev.langchain4j.exception.RateLimitException",
            "dev.langchain4j.exception.TimeoutException");
    assertThat(spans).allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("error"));
    assertThat(spans)
        .allSatisfy(s -> assertThat(s.path("model").asText()).isEqualTo("gpt-4o-mini"));
  }

  // ------------------------------------------------------------------------------ helpers

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  JsonNode onlyTrace() {
    JsonNode items = traces(1);
    return project.get("/traces/" + items.get(0).path("traceId").asText());
  }

  /** Flushes the exporter (the server answers after commit) and lists the project's traces. */
  JsonNode traces(int expected) {
    assertThat(tracerProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    JsonNode items = project.get("/traces").path("items");
    assertThat(items).hasSize(expected);
    return items;
  }

  static JsonNode find(JsonNode list, Predicate<JsonNode> test) {
    for (JsonNode n : list) {
      if (test.test(n)) {
        return n;
      }
    }
    throw new AssertionError("nothing matching in " + list);
  }
}
