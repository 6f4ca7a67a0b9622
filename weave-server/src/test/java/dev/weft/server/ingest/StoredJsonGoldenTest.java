package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.weft.server.ingest.otlp.DecodedRequest;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.ingest.otlp.OtlpProtobufDecoder;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.SpanNormalizer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact text of the JSON columns ({@code input}, {@code output}, {@code attributes},
 * {@code events}, {@code links}, {@code resource}) the ingest pipeline stores for realistic spans:
 * GenAI chat spans with messages, tool calls, tool responses and non-text parts, a tool span, an
 * OpenInference and an OpenLLMetry span, with awkward values (NUL, non-BMP characters, HTML
 * characters, control characters, NaN, big numbers, duplicate JSON keys, nested kvlists).
 *
 * <p>Stored rows are compared as text by clients and exports, so an optimisation of the pipeline
 * must keep every byte. The expected text is {@code src/test/resources/golden/stored-json.txt};
 * regenerate it only for an intended format change, with {@code -Dweft.golden.update=true}.
 */
class StoredJsonGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/stored-json.txt");

  @Test
  void storedJsonOfRealisticSpansIsByteForByteUnchanged() throws IOException {
    String actual = render(request());
    if (Boolean.getBoolean("weft.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /** Each span's JSON columns, one per line, as the pipeline stores them. */
  static String render(ExportTraceServiceRequest request) {
    DecodedRequest decoded = OtlpProtobufDecoder.decode(request.toByteArray());
    SpanNormalizer normalizer = new SpanNormalizer();
    StringBuilder out = new StringBuilder();
    for (DecodedSpan span : decoded.spans()) {
      CanonicalSpan c = normalizer.normalize(span);
      SpanRow row = SpanRowMapper.toRow(7, span, c, 0.25);
      out.append("## ").append(row.name()).append('\n');
      out.append("input ").append(row.inputJson()).append('\n');
      out.append("output ").append(row.outputJson()).append('\n');
      out.append("attributes ").append(row.attributesJson()).append('\n');
      out.append("events ").append(row.eventsJson()).append('\n');
      out.append("links ").append(row.linksJson()).append('\n');
      out.append("resource ").append(row.resourceJson()).append('\n');
      out.append("resourceOnce ")
          .append(row.resourceJson().equals(SpanRowMapper.resourceJson(span)))
          .append('\n');
    }
    return out.toString();
  }

  static ExportTraceServiceRequest request() {
    List<Span> spans = new ArrayList<>();
    spans.add(chatWithToolCalls());
    spans.add(answeringChat());
    spans.add(toolSpan());
    spans.add(openInferenceSpan());
    spans.add(openLlmetrySpan());
    spans.add(plainSpan());
    Resource resource =
        Resource.newBuilder()
            .addAttributes(str("service.name", "support-assistant"))
            .addAttributes(str("service.version", "2.14.3"))
            .addAttributes(integer("host.cpus", 8))
            .addAttributes(arr("process.command_args", "java", "-jar", "app \"quoted\".jar"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("opentelemetry.instrumentation.openai_v2")
                                .setVersion("2.1b0"))
                        .addAllSpans(spans)))
        .build();
  }

  private static Span chatWithToolCalls() {
    String input =
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are Aria <b>&</b>"
            + " 'helpful'.\\nNever invent \\\"facts\\\".\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Strap torn \\ud83d\\ude1e"
            + " on order NW-58213, caf\\u00e9 \\u0001 \\t tab\"},{\"type\":\"image\",\"mime_type\":"
            + "\"image/png\",\"uri\":\"https://x.test/i.png\",\"size\":12345678901234,\"ratio\":1.5,"
            + "\"exp\":1e2,\"neg\":-0.0,\"big\":123456789012345678901234567890,\"ok\":true,"
            + "\"none\":null,\"nested\":{\"a\":[1,2.50,{\"b\":\"c\"}],\"a\":\"dup last wins\"}}]},"
            + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
            + "\"name\":\"order_lookup\",\"arguments\":{\"order\":\"NW-58213\",\"fields\":[\"status\","
            + "\"items\"],\"limit\":5}},{\"type\":\"tool_call\",\"id\":\"call_2\",\"name\":\"refund\","
            + "\"arguments\":\"{\\\"raw\\\": true}\"}],\"finish_reason\":\"tool_calls\"},"
            + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\","
            + "\"response\":{\"status\":\"delivered\",\"nul\":\"a\\u0000b\",\"price\":149.0}},"
            + "{\"type\":\"tool_call_response\",\"id\":\"call_2\",\"result\":\"refund ok\"}]}]";
    String output =
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"I created RMA"
            + " 77120.\"},{\"type\":\"reasoning\",\"content\":\"think\"}],\"finish_reason\":\"stop\","
            + "\"name\":\"aria\"}]";
    return span("chat gpt-4o", 1)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .addAttributes(str("gen_ai.operation.name", "chat"))
        .addAttributes(str("gen_ai.provider.name", "openai"))
        .addAttributes(str("gen_ai.request.model", "gpt-4o"))
        .addAttributes(str("gen_ai.response.model", "gpt-4o-2024-08-06"))
        .addAttributes(dbl("gen_ai.request.temperature", 0.2))
        .addAttributes(integer("gen_ai.request.max_tokens", 1024))
        .addAttributes(arr("gen_ai.request.stop_sequences", "END", "STOP"))
        .addAttributes(str("gen_ai.response.id", "chatcmpl-1"))
        .addAttributes(arr("gen_ai.response.finish_reasons", "tool_calls"))
        .addAttributes(integer("gen_ai.usage.input_tokens", 812))
        .addAttributes(integer("gen_ai.usage.output_tokens", 40))
        .addAttributes(str("server.address", "api.openai.com"))
        .addAttributes(integer("server.port", 443))
        .addAttributes(dbl("custom.nan", Double.NaN))
        .addAttributes(dbl("custom.inf", Double.POSITIVE_INFINITY))
        .addAttributes(dbl("custom.tiny", 1.0e-7))
        .addAttributes(dbl("custom.huge", 1.0e21))
        .addAttributes(bool("custom.flag", true))
        .addAttributes(str("custom.nul", "x\u0000y"))
        .addAttributes(str("custom.text", "line1\nline2\t\"q\" \\ </script> \u2028 \uD83D\uDE00"))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("custom.kvlist")
                .setValue(
                    AnyValue.newBuilder()
                        .setKvlistValue(
                            KeyValueList.newBuilder()
                                .addValues(integer("n", -5))
                                .addValues(arrValue("l", AnyValue.newBuilder().setBoolValue(false)))
                                .addValues(
                                    KeyValue.newBuilder()
                                        .setKey("b")
                                        .setValue(
                                            AnyValue.newBuilder()
                                                .setBytesValue(
                                                    ByteString.copyFrom(new byte[] {0, 1, -1})))))))
        .addAttributes(str("gen_ai.input.messages", input))
        .addAttributes(str("gen_ai.output.messages", output))
        .addEvents(
            Span.Event.newBuilder()
                .setName("exception")
                .setTimeUnixNano(1_700_000_000_250_000_001L)
                .addAttributes(str("exception.type", "RateLimitError"))
                .addAttributes(str("exception.message", "slow down"))
                .addAttributes(str("exception.stacktrace", "at a.b(C.java:1)\n\tat d")))
        .addLinks(
            Span.Link.newBuilder()
                .setTraceId(id(16, 9))
                .setSpanId(id(8, 9))
                .addAttributes(str("link.kind", "retry")))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .build();
  }

  private static Span answeringChat() {
    String input =
        "[{\"role\":\"user\",\"content\":\"OpenAI shaped\"},{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"c9\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"user\",\"parts\":["
            + "\"bare string part\",{\"type\":\"output_text\",\"text\":\"t2\"},{\"type\":\"text\","
            + "\"content\":{\"structured\":[1,NaN]}}]},{\"role\":7},\"not an object\"]";
    return span("chat claude", 2)
        .addAttributes(str("gen_ai.operation.name", "chat"))
        .addAttributes(str("gen_ai.system", "anthropic"))
        .addAttributes(str("gen_ai.request.model", "claude-3-5-sonnet-20241022"))
        .addAttributes(
            str("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief\"}]"))
        .addAttributes(str("gen_ai.openai.request.seed", "42"))
        .addAttributes(str("gen_ai.conversation.id", "conv_1"))
        .addAttributes(str("gen_ai.input.messages", input))
        .addAttributes(str("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[]}]"))
        .build();
  }

  private static Span toolSpan() {
    return span("execute_tool order_lookup", 3)
        .addAttributes(str("gen_ai.operation.name", "execute_tool"))
        .addAttributes(str("gen_ai.tool.name", "order_lookup"))
        .addAttributes(str("gen_ai.tool.call.id", "call_1"))
        .addAttributes(str("gen_ai.tool.call.arguments", "{\"order\":\"NW-58213\",\"n\":1.10}"))
        .addAttributes(str("gen_ai.tool.call.result", "plain text result \u0000 with NUL"))
        .build();
  }

  private static Span openInferenceSpan() {
    return span("ChatCompletion", 4)
        .addAttributes(str("openinference.span.kind", "LLM"))
        .addAttributes(str("llm.model_name", "gpt-4o-mini"))
        .addAttributes(str("llm.invocation_parameters", "{\"temperature\":0.7,\"top_p\":1}"))
        .addAttributes(str("llm.input_messages.0.message.role", "user"))
        .addAttributes(str("llm.input_messages.0.message.content", "hello"))
        .addAttributes(str("llm.input_messages.1.message.role", "user"))
        .addAttributes(str("llm.input_messages.1.message.contents.0.message_content.type", "image"))
        .addAttributes(
            str(
                "llm.input_messages.1.message.contents.0.message_content.image.image.url",
                "https://x.test/a.png"))
        .addAttributes(str("llm.output_messages.0.message.role", "assistant"))
        .addAttributes(
            str("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "search"))
        .addAttributes(
            str(
                "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments",
                "{\"q\":\"x\"}"))
        .addAttributes(integer("llm.token_count.prompt", 10))
        .addAttributes(integer("llm.token_count.completion", 3))
        .addAttributes(str("input.value", "{\"messages\":[]}"))
        .addAttributes(str("input.mime_type", "application/json"))
        .addAttributes(str("session.id", "s-1"))
        .build();
  }

  private static Span openLlmetrySpan() {
    return span("openai.chat", 5)
        .addAttributes(str("llm.request.type", "chat"))
        .addAttributes(str("gen_ai.system", "OpenAI"))
        .addAttributes(str("gen_ai.request.model", "gpt-4"))
        .addAttributes(str("gen_ai.prompt.0.role", "user"))
        .addAttributes(
            str(
                "gen_ai.prompt.0.content",
                "[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"x\"}]"))
        .addAttributes(str("gen_ai.completion.0.role", "assistant"))
        .addAttributes(str("gen_ai.completion.0.finish_reason", "tool_calls"))
        .addAttributes(str("gen_ai.completion.0.tool_calls.0.id", "t1"))
        .addAttributes(str("gen_ai.completion.0.tool_calls.0.name", "calc"))
        .addAttributes(str("gen_ai.completion.0.tool_calls.0.arguments", "{\"a\":1}"))
        .addAttributes(integer("llm.usage.total_tokens", 99))
        .addAttributes(bool("llm.is_streaming", false))
        .addAttributes(str("traceloop.entity.output", "{\"ok\":[1,2,3]}"))
        .build();
  }

  private static Span plainSpan() {
    return span("GET /orders/{id}", 6)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .addAttributes(str("http.request.method", "GET"))
        .addAttributes(integer("http.response.status_code", 200))
        .addAttributes(str("gen_ai.input.messages", "{not json"))
        .addAttributes(arrValue("mixed", AnyValue.newBuilder().setDoubleValue(2.5)))
        .build();
  }

  private static Span.Builder span(String name, int n) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(id(16, 1))
            .setSpanId(id(8, 10 + n))
            .setName(name)
            .setStartTimeUnixNano(1_700_000_000_000_000_000L + n)
            .setEndTimeUnixNano(1_700_000_001_000_000_000L + n);
    if (n > 1) {
      b.setParentSpanId(id(8, 11));
    }
    return b;
  }

  private static ByteString id(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i);
    }
    return ByteString.copyFrom(bytes);
  }

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue dbl(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  private static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }

  private static KeyValue arr(String key, String... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String v : values) {
      array.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setArrayValue(array))
        .build();
  }

  private static KeyValue arrValue(String key, AnyValue.Builder... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (AnyValue.Builder v : values) {
      array.addValues(v);
    }
    array.addValues(AnyValue.newBuilder()); // an element with no value
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setArrayValue(array))
        .build();
  }
}
