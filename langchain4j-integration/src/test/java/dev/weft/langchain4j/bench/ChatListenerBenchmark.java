package dev.weft.langchain4j.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.weft.langchain4j.WeftLangChain4j;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency the chat listener adds to one chat call: {@code onRequest} plus {@code onResponse} for a
 * typical exchange of about 2 KB (system prompt, earlier turn with a tool call and its result, a
 * user question, an answer), exported through a real SDK. A simple (synchronous) span processor
 * with an exporter that drops the spans makes the calling thread pay for building and ending each
 * span in full, with no queue that could drop spans under this tight loop: an upper bound of what
 * the listener adds on top of the model's latency.
 *
 * <p>Run: {@code mvn -B -q -pl langchain4j-integration -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatListenerBenchmark {

  @Param({"true", "false"})
  boolean captureContent;

  SdkTracerProvider tracerProvider;
  ChatModelListener listener;
  ChatRequest request;
  ChatResponse response;

  @Setup
  public void setUp() {
    tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new DiscardingExporter()))
            .build();
    listener =
        WeftLangChain4j.builder()
            .openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build())
            .captureContent(captureContent)
            .build()
            .chatModelListener();
    String system =
        "You are the support assistant of an online bookshop. Answer briefly and politely, cite the"
            + " order number when you use one, never invent shipping dates, and hand over to a"
            + " human when the customer asks for a refund above 100 euros. ";
    String question =
        "Hello, I ordered three books last Tuesday (order 48213) and the tracking page still says"
            + " \"label created\". One of them is a birthday present for Saturday. Can you tell me"
            + " whether it will arrive in time, and if not, whether I can pick it up in the shop"
            + " in the city centre instead? I am also wondering whether the second volume of the"
            + " series is back in stock, since it was listed as unavailable when I ordered."
            + " If it is, could you add it to the same parcel, or would that delay everything?"
            + " Finally, my billing address changed last month: the invoice should go to"
            + " Rosenweg 12, 8004 Zurich, not to the old address in Basel. Thank you! ";
    ToolExecutionRequest call =
        ToolExecutionRequest.builder()
            .id("call_1")
            .name("orderStatus")
            .arguments("{\"orderId\":\"48213\"}")
            .build();
    request =
        ChatRequest.builder()
            .messages(
                SystemMessage.from(system),
                UserMessage.from(question),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(
                    call,
                    "{\"status\":\"label_created\",\"carrier\":\"DHL\",\"eta\":\"2026-11-29\","
                        + "\"items\":[\"The Long Way\",\"Winter Tales\",\"Maps of Home\"]}"))
            .parameters(
                ChatRequestParameters.builder()
                    .modelName("gpt-4o-mini")
                    .temperature(0.2)
                    .maxOutputTokens(400)
                    .build())
            .build();
    response =
        ChatResponse.builder()
            .aiMessage(
                AiMessage.from(
                    "Your order 48213 has a shipping label and DHL expects to deliver it on"
                        + " Saturday 29 November, so it should arrive in time for the birthday."
                        + " If you prefer, you can pick it up in our city-centre shop from"
                        + " Friday afternoon: just reply and I will switch the delivery. The"
                        + " second volume is back in stock and can be added to the same order"
                        + " without delaying the parcel, because it ships from the same"
                        + " warehouse. I have noted the new billing address (Rosenweg 12, 8004"
                        + " Zurich) for the invoice; the old address in Basel will no longer be"
                        + " used. Is there anything else I can help you with today?"))
            .id("chatcmpl-1")
            .modelName("gpt-4o-mini-2024-07-18")
            .tokenUsage(new TokenUsage(480, 90))
            .finishReason(FinishReason.STOP)
            .build();
  }

  @TearDown
  public void tearDown() {
    tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** One chat call's worth of listener work. */
  @Benchmark
  public Object listenerPerChatCall() {
    Map<Object, Object> attributes = new ConcurrentHashMap<>();
    listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OPEN_AI, attributes));
    listener.onResponse(
        new ChatModelResponseContext(response, request, ModelProvider.OPEN_AI, attributes));
    return attributes;
  }

  /** Baseline: what LangChain4j does for a listener-less call (the attribute map). */
  @Benchmark
  public Object baseline() {
    return new ConcurrentHashMap<>();
  }

  /** Accepts spans and drops them, so the benchmark measures the listener, not I/O. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
