package dev.weft.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.langchain4j.rag.query.Query;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Degenerate or out-of-order callbacks (as a buggy or future LangChain4j could deliver them) and
 * missing arguments: never an exception into the caller, never a leaked span or context.
 */
class ListenerRobustnessTest {

  InMemorySpanExporter exporter;
  WeftLangChain4j weft;

  @BeforeEach
  void setUp() {
    exporter = InMemorySpanExporter.create();
    weft =
        WeftLangChain4j.builder()
            .openTelemetry(
                OpenTelemetrySdk.builder()
                    .setTracerProvider(
                        SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                            .build())
                    .build())
            .build();
  }

  @Test
  void responsesAndErrorsWithoutARequestAreIgnored() {
    ChatModelListener listener = weft.chatModelListener();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
    long errors = WeftLangChain4j.instrumentationErrors();

    listener.onResponse(
        new ChatModelResponseContext(
            ChatResponse.builder().aiMessage(AiMessage.from("x")).build(),
            request,
            null,
            new ConcurrentHashMap<>()));
    listener.onError(
        new ChatModelErrorContext(
            new RuntimeException("x"), request, null, new ConcurrentHashMap<>()));

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    assertThat(WeftLangChain4j.instrumentationErrors()).isEqualTo(errors);
  }

  @Test
  void aRequestWithoutModelOrProviderAndAResponseWithoutMetadataStillMakeASpan() {
    ChatModelListener listener = weft.chatModelListener();
    Map<Object, Object> attributes = new ConcurrentHashMap<>();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();

    listener.onRequest(new ChatModelRequestContext(request, null, attributes));
    listener.onResponse(
        new ChatModelResponseContext(
            ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(),
            request,
            null,
            attributes));
    listener.onResponse(
        new ChatModelResponseContext(
            ChatResponse.builder().aiMessage(AiMessage.from("again")).build(),
            request,
            null,
            attributes)); // a duplicate callback ends nothing twice

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getName()).isEqualTo("chat");
    assertThat(attributes).isEmpty();
  }

  @Test
  void aRetrievalWithoutMetadataIsRecordedAndRestoresTheContext() {
    var listener = weft.contentRetrieverListener("docs");
    Map<Object, Object> attributes = new ConcurrentHashMap<>();
    Context before = Context.current();
    dev.langchain4j.rag.content.retriever.ContentRetriever retriever = query -> List.of();

    listener.onRequest(
        ContentRetrieverRequestContext.builder()
            .query(Query.from("q"))
            .contentRetriever(retriever)
            .attributes(attributes)
            .build());
    assertThat(Context.current()).isNotSameAs(before);
    listener.onError(
        ContentRetrieverErrorContext.builder()
            .error(new IllegalStateException("index offline"))
            .query(Query.from("q"))
            .contentRetriever(retriever)
            .attributes(attributes)
            .build());

    assertThat(Context.current()).isSameAs(before);
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("retrieval docs");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    listener.onResponse(
        ContentRetrieverResponseContext.builder()
            .contents(List.of())
            .query(Query.from("q"))
            .contentRetriever(retriever)
            .attributes(attributes)
            .build());
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void publicEntryPointsRejectMissingArgumentsByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> WeftLangChain4j.builder().openTelemetry(null))
        .withMessage("openTelemetry");
    assertThatNullPointerException()
        .isThrownBy(() -> weft.instrument((dev.langchain4j.model.embedding.EmbeddingModel) null))
        .withMessage("model");
    assertThatNullPointerException()
        .isThrownBy(() -> weft.instrumentService(null))
        .withMessage("builder");
  }
}
