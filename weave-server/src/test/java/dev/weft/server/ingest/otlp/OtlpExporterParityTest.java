package dev.weft.server.ingest.otlp;

import static dev.weft.server.ingest.otlp.Views.bytes;
import static dev.weft.server.ingest.otlp.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both decoders against the exact bytes the OpenTelemetry Java exporter sends ({@link
 * TraceRequestMarshaler} writes both the protobuf and the OTLP/JSON body of the real exporter).
 */
class OtlpExporterParityTest {

  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String ROOT_ID = "eee19b7ec3c1b174";
  static final String CHAT_ID = "eee19b7ec3c1b173";
  static final String TOOL_ID = "0102030405060708";
  static final String LINKED_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String LINKED_SPAN_ID = "b7ad6b7169203331";
  static final long T0 = 1_760_000_000_123_456_789L;

  /** A long, non-ASCII prompt, the size LLM spans typically carry. */
  static final String PROMPT =
      "[{\"role\":\"system\",\"content\":\"Réponds en français 🙂\"},"
          + "{\"role\":\"user\",\"content\":\""
          + "Summarise the attached quarterly report. ".repeat(100)
          + "\"}]";

  static final Resource AGENT_RESOURCE =
      Resource.create(
          Attributes.builder()
              .put("service.name", "support-agent")
              .put("weft.project", "support")
              .put("telemetry.sdk.language", "java")
              .build());

  static final Resource BATCH_RESOURCE =
      Resource.create(Attributes.builder().put("service.name", "nightly-batch").build());

  static final InstrumentationScopeInfo GENAI_SCOPE =
      InstrumentationScopeInfo.builder("io.opentelemetry.openai").setVersion("2.11.0").build();

  static final InstrumentationScopeInfo APP_SCOPE = InstrumentationScopeInfo.create("app");

  static List<SpanData> llmSpans() {
    Attributes chatAttributes =
        Attributes.builder()
            .put("gen_ai.operation.name", "chat")
            .put("gen_ai.system", "openai")
            .put("gen_ai.request.model", "gpt-4o")
            .put("gen_ai.response.model", "gpt-4o-2024-08-06")
            .put("gen_ai.usage.input_tokens", 1_200L)
            .put("gen_ai.usage.output_tokens", 87L)
            .put("gen_ai.request.temperature", 0.2)
            .put("gen_ai.request.stream", true)
            .put(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"))
            .put(AttributeKey.longArrayKey("retry.delays_ms"), List.of(100L, 250L))
            .put(AttributeKey.doubleArrayKey("scores"), List.of(0.5, 1.25))
            .put(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
            .put("gen_ai.prompt", PROMPT)
            .put("weft.negative", -42L)
            .build();
    SpanData root =
        TestSpanData.builder()
            .setSpanContext(context(TRACE_ID, ROOT_ID))
            .setName("invoke_agent support")
            .setKind(SpanKind.SERVER)
            .setStartEpochNanos(T0)
            .setEndEpochNanos(T0 + 2_000_000_000L)
            .setHasEnded(true)
            .setAttributes(Attributes.builder().put("session.id", "s-1").build())
            .setTotalAttributeCount(1)
            .setStatus(StatusData.ok())
            .setResource(AGENT_RESOURCE)
            .setInstrumentationScopeInfo(APP_SCOPE)
            .build();
    SpanData chat =
        TestSpanData.builder()
            .setSpanContext(
                SpanContext.create(
                    TRACE_ID,
                    CHAT_ID,
                    TraceFlags.getSampled(),
                    TraceState.builder().put("vendor", "v1").build()))
            .setParentSpanContext(context(TRACE_ID, ROOT_ID))
            .setName("chat gpt-4o")
            .setKind(SpanKind.CLIENT)
            .setStartEpochNanos(T0 + 1_000)
            .setEndEpochNanos(T0 + 1_500_000_000L)
            .setHasEnded(true)
            .setAttributes(chatAttributes)
            .setTotalAttributeCount(chatAttributes.size())
            .setEvents(
                List.of(
                    EventData.create(
                        T0 + 2_000,
                        "gen_ai.content.prompt",
                        Attributes.of(AttributeKey.stringKey("gen_ai.prompt"), "Hello")),
                    EventData.create(
                        T0 + 3_000,
                        "exception",
                        Attributes.builder()
                            .put("exception.type", "java.net.SocketTimeoutException")
                            .put("exception.message", "Read timed out")
                            .build())))
            .setTotalRecordedEvents(2)
            .setLinks(
                List.of(
                    LinkData.create(
                        context(LINKED_TRACE_ID, LINKED_SPAN_ID),
                        Attributes.of(AttributeKey.stringKey("link.reason"), "retry-of"))))
            .setTotalRecordedLinks(1)
            .setStatus(StatusData.create(StatusCode.ERROR, "upstream timed out"))
            .setResource(AGENT_RESOURCE)
            .setInstrumentationScopeInfo(GENAI_SCOPE)
            .build();
    SpanData tool =
        TestSpanData.builder()
            .setSpanContext(context(TRACE_ID, TOOL_ID))
            .setParentSpanContext(context(TRACE_ID, ROOT_ID))
            .setName("execute_tool lookup_order")
            .setKind(SpanKind.INTERNAL)
            .setStartEpochNanos(T0 + 1_600_000_000L)
            .setEndEpochNanos(T0 + 1_600_000_000L)
            .setHasEnded(true)
            .setAttributes(Attributes.builder().put("gen_ai.tool.name", "lookup_order").build())
            .setTotalAttributeCount(1)
            .setStatus(StatusData.unset())
            .setResource(AGENT_RESOURCE)
            .setInstrumentationScopeInfo(APP_SCOPE)
            .build();
    SpanData batch =
        TestSpanData.builder()
            .setSpanContext(context(LINKED_TRACE_ID, LINKED_SPAN_ID))
            .setName("embeddings text-embedding-3-small")
            .setKind(SpanKind.PRODUCER)
            .setStartEpochNanos(T0)
            .setEndEpochNanos(T0 + 10)
            .setHasEnded(true)
            .setTotalAttributeCount(0)
            .setStatus(StatusData.unset())
            .setResource(BATCH_RESOURCE)
            .setInstrumentationScopeInfo(GENAI_SCOPE)
            .build();
    return List.of(root, chat, tool, batch);
  }

  static SpanContext context(String traceId, String spanId) {
    return SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  static byte[] protobuf(Collection<SpanData> spans) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    return out.toByteArray();
  }

  static byte[] json(Collection<SpanData> spans) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeJsonTo(out);
    return out.toByteArray();
  }

  static DecodedSpan named(DecodedRequest request, String name) {
    return request.spans().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void protobufAndJsonFromTheRealExporterDecodeToTheSameSpans() throws IOException {
    List<SpanData> spans = llmSpans();
    DecodedRequest fromProtobuf = OtlpProtobufDecoder.decode(protobuf(spans));
    DecodedRequest fromJson = OtlpJsonDecoder.decode(json(spans));

    assertThat(fromProtobuf.spans()).hasSize(4);
    assertThat(view(fromJson)).isEqualTo(view(fromProtobuf));
    assertThat(fromProtobuf.rejectedSpans()).isZero();
    assertThat(fromProtobuf.rejectionMessage()).isEmpty();
  }

  @Test
  void exporterSpansKeepIdsTimesKindsAndStatusInBothEncodings() throws IOException {
    for (DecodedRequest request :
        List.of(
            OtlpProtobufDecoder.decode(protobuf(llmSpans())),
            OtlpJsonDecoder.decode(json(llmSpans())))) {
      DecodedSpan chat = named(request, "chat gpt-4o");
      assertThat(chat.traceId()).isEqualTo(bytes(TRACE_ID));
      assertThat(chat.spanId()).isEqualTo(bytes(CHAT_ID));
      assertThat(chat.parentSpanId()).isEqualTo(bytes(ROOT_ID));
      assertThat(chat.traceState()).isEqualTo("vendor=v1");
      assertThat(chat.kind()).isEqualTo(3);
      assertThat(chat.startTimeUnixNano()).isEqualTo(T0 + 1_000);
      assertThat(chat.endTimeUnixNano()).isEqualTo(T0 + 1_500_000_000L);
      assertThat(chat.statusCode()).isEqualTo(2);
      assertThat(chat.statusMessage()).isEqualTo("upstream timed out");

      DecodedSpan root = named(request, "invoke_agent support");
      assertThat(root.parentSpanId()).isNull();
      assertThat(root.kind()).isEqualTo(2);
      assertThat(root.statusCode()).isEqualTo(1);
      assertThat(root.traceState()).isEmpty();

      DecodedSpan tool = named(request, "execute_tool lookup_order");
      assertThat(tool.kind()).isEqualTo(1);
      assertThat(tool.statusCode()).isZero();
      assertThat(tool.endTimeUnixNano()).isEqualTo(tool.startTimeUnixNano());
      assertThat(named(request, "embeddings text-embedding-3-small").kind()).isEqualTo(4);
    }
  }

  @Test
  void exporterAttributesDecodeToPlainJavaTypesInWireOrder() throws IOException {
    byte[] body = protobuf(llmSpans());
    List<String> wireKeys =
        ExportTraceServiceRequest.parseFrom(body).getResourceSpansList().stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .flatMap(s -> s.getSpansList().stream())
            .filter(s -> s.getName().equals("chat gpt-4o"))
            .findFirst()
            .orElseThrow()
            .getAttributesList()
            .stream()
            .map(KeyValue::getKey)
            .toList();

    for (DecodedRequest request :
        List.of(OtlpProtobufDecoder.decode(body), OtlpJsonDecoder.decode(json(llmSpans())))) {
      Map<String, Object> attributes = named(request, "chat gpt-4o").attributes();
      assertThat(List.copyOf(attributes.keySet())).isEqualTo(wireKeys);
      assertThat(attributes)
          .containsEntry("gen_ai.system", "openai")
          .containsEntry("gen_ai.request.model", "gpt-4o")
          .containsEntry("gen_ai.usage.input_tokens", 1_200L)
          .containsEntry("gen_ai.usage.output_tokens", 87L)
          .containsEntry("weft.negative", -42L)
          .containsEntry("gen_ai.request.temperature", 0.2)
          .containsEntry("gen_ai.request.stream", true)
          .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
          .containsEntry("retry.delays_ms", List.of(100L, 250L))
          .containsEntry("scores", List.of(0.5, 1.25))
          .containsEntry("flags", List.of(true, false))
          .containsEntry("gen_ai.prompt", PROMPT);
      assertThat(attributes.get("gen_ai.usage.input_tokens")).isInstanceOf(Long.class);
      assertThat(attributes.get("gen_ai.request.temperature")).isInstanceOf(Double.class);
      assertThat(attributes.get("gen_ai.request.stream")).isInstanceOf(Boolean.class);
    }
  }

  @Test
  void exporterEventsAndLinksDecodeWithTheirAttributes() throws IOException {
    for (DecodedRequest request :
        List.of(
            OtlpProtobufDecoder.decode(protobuf(llmSpans())),
            OtlpJsonDecoder.decode(json(llmSpans())))) {
      DecodedSpan chat = named(request, "chat gpt-4o");
      assertThat(chat.events())
          .containsExactly(
              new DecodedEvent(
                  "gen_ai.content.prompt", T0 + 2_000, Map.of("gen_ai.prompt", "Hello")),
              new DecodedEvent(
                  "exception",
                  T0 + 3_000,
                  Map.of(
                      "exception.message", "Read timed out",
                      "exception.type", "java.net.SocketTimeoutException")));
      assertThat(chat.links()).hasSize(1);
      assertThat(chat.links().get(0).traceId()).isEqualTo(bytes(LINKED_TRACE_ID));
      assertThat(chat.links().get(0).spanId()).isEqualTo(bytes(LINKED_SPAN_ID));
      assertThat(chat.links().get(0).attributes()).isEqualTo(Map.of("link.reason", "retry-of"));
      assertThat(named(request, "invoke_agent support").events()).isEmpty();
      assertThat(named(request, "invoke_agent support").links()).isEmpty();
    }
  }

  @Test
  void spansOfOneResourceAndScopeShareOneResourceAndScopeObject() throws IOException {
    for (DecodedRequest request :
        List.of(
            OtlpProtobufDecoder.decode(protobuf(llmSpans())),
            OtlpJsonDecoder.decode(json(llmSpans())))) {
      DecodedSpan root = named(request, "invoke_agent support");
      DecodedSpan chat = named(request, "chat gpt-4o");
      DecodedSpan tool = named(request, "execute_tool lookup_order");
      DecodedSpan batch = named(request, "embeddings text-embedding-3-small");

      assertThat(root.resource()).isSameAs(chat.resource()).isSameAs(tool.resource());
      assertThat(root.resource().string("service.name")).isEqualTo("support-agent");
      assertThat(root.resource().string("weft.project")).isEqualTo("support");
      assertThat(batch.resource().string("service.name")).isEqualTo("nightly-batch");
      assertThat(batch.resource().string("weft.project")).isNull();

      assertThat(root.scope()).isSameAs(tool.scope()).isEqualTo(new DecodedScope("app", ""));
      assertThat(chat.scope()).isEqualTo(new DecodedScope("io.opentelemetry.openai", "2.11.0"));
    }
  }

  @Test
  void spansRecordedBySdkTracerProviderRoundTripThroughBothEncodings() throws IOException {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    List<SpanData> recorded;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(AGENT_RESOURCE))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Tracer tracer = provider.get("weft-test", "1.0.0");
      Span agent = tracer.spanBuilder("invoke_agent").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        Span chat =
            tracer
                .spanBuilder("chat gpt-4o")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.request.model", "gpt-4o")
                .setAttribute("gen_ai.usage.input_tokens", 12L)
                .setAttribute("gen_ai.request.top_p", 0.9)
                .startSpan();
        chat.addEvent("gen_ai.choice", Attributes.of(AttributeKey.longKey("index"), 0L));
        chat.recordException(new IllegalStateException("rate limited"));
        chat.setStatus(StatusCode.ERROR, "rate limited");
        chat.end();
      } finally {
        agent.end();
      }
      // Read before close: shutting the provider down also clears the in-memory exporter.
      recorded = exporter.getFinishedSpanItems();
    }
    assertThat(recorded).hasSize(2);

    DecodedRequest fromProtobuf = OtlpProtobufDecoder.decode(protobuf(recorded));
    DecodedRequest fromJson = OtlpJsonDecoder.decode(json(recorded));

    assertThat(view(fromJson)).isEqualTo(view(fromProtobuf));
    assertThat(fromProtobuf.spans()).hasSize(2);
    DecodedSpan chat = named(fromProtobuf, "chat gpt-4o");
    DecodedSpan agent = named(fromProtobuf, "invoke_agent");
    SpanData recordedChat =
        recorded.stream().filter(s -> s.getName().equals("chat gpt-4o")).findFirst().get();
    assertThat(chat.traceId()).isEqualTo(recordedChat.getSpanContext().getTraceIdBytes());
    assertThat(chat.spanId()).isEqualTo(recordedChat.getSpanContext().getSpanIdBytes());
    assertThat(chat.parentSpanId()).isEqualTo(agent.spanId());
    assertThat(chat.startTimeUnixNano()).isEqualTo(recordedChat.getStartEpochNanos());
    assertThat(chat.events()).extracting(DecodedEvent::name).contains("exception");
    assertThat(chat.statusCode()).isEqualTo(2);
    assertThat(chat.scope()).isEqualTo(new DecodedScope("weft-test", "1.0.0"));
    assertThat(chat.resource().string("telemetry.sdk.name")).isEqualTo("opentelemetry");
  }
}
