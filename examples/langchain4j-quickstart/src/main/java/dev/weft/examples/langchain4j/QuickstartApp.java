package dev.weft.examples.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.weft.langchain4j.WeftLangChain4j;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small LangChain4j application traced into Weft: a plain chat call, a streamed one, and an AI
 * service that calls a tool. The model is a local fake OpenAI server, so it runs anywhere.
 *
 * <p>Environment: {@code WEFT_URL} (default {@code http://localhost:8080}) and {@code WEFT_API_KEY}
 * (an ingest key of your project). Then open the Weft UI, or {@code GET
 * /api/v1/projects/{project}/traces}.
 */
public final class QuickstartApp {

  /** The AI service of the example. */
  public interface Assistant {
    @SystemMessage("You are a terse calculator assistant.")
    String chat(String question);
  }

  /** A tool the model can call. */
  public static final class Calculator {
    @Tool("Adds two integers")
    public int add(int a, int b) {
      return a + b;
    }
  }

  private QuickstartApp() {}

  /** Runs the example against a fake model server, exporting to Weft over OTLP/HTTP. */
  public static void main(String[] args) throws Exception {
    String weftUrl = System.getenv().getOrDefault("WEFT_URL", "http://localhost:8080");
    String apiKey = System.getenv().getOrDefault("WEFT_API_KEY", "");
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), "lc4j-quickstart")))
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint(weftUrl + "/v1/traces")
                            .addHeader("Authorization", "Bearer " + apiKey)
                            .build())
                    .build())
            .build();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder().setTracerProvider(tracing).buildAndRegisterGlobal();
    try (FakeModelServer models = FakeModelServer.start()) {
      run(otel, models.baseUrl());
    } finally {
      otel.shutdown().join(30, TimeUnit.SECONDS);
    }
    System.out.println("Traces sent to " + weftUrl);
  }

  /** The application itself: three traced LangChain4j interactions. */
  public static void run(OpenTelemetry otel, String modelBaseUrl) throws Exception {
    // Plain Java: one instance; WeftLangChain4j.listener() / instrument(...) use
    // GlobalOpenTelemetry.
    WeftLangChain4j weft = WeftLangChain4j.builder().openTelemetry(otel).build();

    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(modelBaseUrl)
            .apiKey("not-needed")
            .modelName("gpt-4o-mini")
            .listeners(List.of(weft.chatModelListener())) // line 1: chat spans
            .build();
    System.out.println(model.chat("Hello, who are you?"));

    StreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(modelBaseUrl)
            .apiKey("not-needed")
            .modelName("gpt-4o-mini")
            .listeners(List.of(weft.chatModelListener()))
            .build();
    CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
    streaming.chat(
        "Stream me a short answer",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            System.out.print(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            System.out.println();
            streamed.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            streamed.completeExceptionally(error);
          }
        });
    streamed.get(30, TimeUnit.SECONDS);

    Assistant assistant =
        weft.instrumentService(AiServices.builder(Assistant.class)) // line 2: agent + tool spans
            .chatModel(model)
            .tools(new Calculator())
            .build();
    System.out.println(assistant.chat("Please add 20 and 22"));
  }
}
