package dev.weft.examples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.langchain4j.quarkus.LlmProducers;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example runs and produces the spans the documentation promises. */
class QuickstartAppTest {

  @Test
  void theExampleProducesChatStreamingAgentAndToolSpans() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    try (FakeModelServer models = FakeModelServer.start()) {
      QuickstartApp.run(
          OpenTelemetrySdk.builder().setTracerProvider(tracing).build(), models.baseUrl());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporter.getFinishedSpanItems().size() < 6 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder(
            "chat gpt-4o-mini",
            "chat gpt-4o-mini",
            "invoke_agent Assistant",
            "chat gpt-4o-mini",
            "execute_tool add",
            "chat gpt-4o-mini");
    SpanData agent =
        spans.stream().filter(s -> s.getName().startsWith("invoke_agent")).findFirst().get();
    assertThat(spans.stream().filter(s -> s.getParentSpanId().equals(agent.getSpanId())))
        .hasSize(3);
    tracing.close();
  }

  @Test
  void theQuarkusProducersWireAnInstrumentedAssistant() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    LlmProducers producers = new LlmProducers();
    try (FakeModelServer models = FakeModelServer.start()) {
      var weft = producers.weft(OpenTelemetrySdk.builder().setTracerProvider(tracing).build());
      var assistant =
          producers.assistant(weft, producers.chatModel(weft, models.baseUrl(), "not-needed"));
      assertThat(assistant.chat("Please add 1 and 2")).isEqualTo("The answer is 3.");
    }
    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .contains("invoke_agent Assistant", "execute_tool add");
    tracing.close();
  }
}
