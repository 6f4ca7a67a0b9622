package dev.weft.server.ingest.otlp;

import static dev.weft.server.ingest.otlp.Views.bytes;
import static dev.weft.server.ingest.otlp.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every decoded string is storable in PostgreSQL {@code text}/{@code jsonb}: U+0000 (and, from JSON
 * escapes, unpaired surrogates) become U+FFFD, in both encodings alike.
 */
class StringSanitisingTest {

  static final String TRACE = "5b8efff798038103d269b633813fc60c";

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  static byte[] protobufWithNulEverywhere() {
    AnyValue array =
        AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("e\0l"))).build();
    AnyValue kvlist =
        AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(kv("in\0ner", str("v\0"))))
            .build();
    Span span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(bytes(TRACE)))
            .setSpanId(ByteString.copyFrom(bytes("eee19b7ec3c1b174")))
            .setTraceState("k=v\0")
            .setName("chat\0gpt")
            .setStartTimeUnixNano(1)
            .setEndTimeUnixNano(2)
            .addAttributes(kv("ke\0y", str("val\0ue")))
            .addAttributes(kv("array", array))
            .addAttributes(kv("map", kvlist))
            .addEvents(
                Span.Event.newBuilder()
                    .setName("ev\0ent")
                    .setTimeUnixNano(1)
                    .addAttributes(kv("a", str("\0"))))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(ByteString.copyFrom(bytes(TRACE)))
                    .setSpanId(ByteString.copyFrom(bytes("0102030405060708")))
                    .addAttributes(kv("l", str("li\0nk"))))
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("bo\0om"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("s\0vc"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder().setName("li\0b").setVersion("1\0"))
                        .addSpans(span)))
        .build()
        .toByteArray();
  }

  static final String JSON_WITH_NUL_EVERYWHERE =
      """
      {"resourceSpans":[{
        "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s\\u0000vc"}}]},
        "scopeSpans":[{"scope":{"name":"li\\u0000b","version":"1\\u0000"},"spans":[{
          "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
          "traceState":"k=v\\u0000","name":"chat\\u0000gpt",
          "startTimeUnixNano":"1","endTimeUnixNano":"2",
          "attributes":[
            {"key":"ke\\u0000y","value":{"stringValue":"val\\u0000ue"}},
            {"key":"array","value":{"arrayValue":{"values":[{"stringValue":"e\\u0000l"}]}}},
            {"key":"map","value":{"kvlistValue":{"values":[
              {"key":"in\\u0000ner","value":{"stringValue":"v\\u0000"}}]}}}],
          "events":[{"name":"ev\\u0000ent","timeUnixNano":"1",
            "attributes":[{"key":"a","value":{"stringValue":"\\u0000"}}]}],
          "links":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0102030405060708",
            "attributes":[{"key":"l","value":{"stringValue":"li\\u0000nk"}}]}],
          "status":{"code":2,"message":"bo\\u0000om"}}]}]}]}
      """;

  /** Every string reachable from the decoded request. */
  static List<String> allStrings(DecodedRequest request) {
    List<String> out = new ArrayList<>();
    for (DecodedSpan span : request.spans()) {
      out.add(span.name());
      out.add(span.traceState());
      out.add(span.statusMessage());
      out.add(span.scope().name());
      out.add(span.scope().version());
      collect(span.attributes(), out);
      collect(span.resource().attributes(), out);
      span.events()
          .forEach(
              e -> {
                out.add(e.name());
                collect(e.attributes(), out);
              });
      span.links().forEach(l -> collect(l.attributes(), out));
    }
    return out;
  }

  static void collect(Object value, List<String> out) {
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            collect(k, out);
            collect(v, out);
          });
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    }
  }

  @Test
  void nulIsReplacedInEveryStringOfAProtobufRequest() {
    DecodedRequest request = OtlpProtobufDecoder.decode(protobufWithNulEverywhere());

    assertThat(allStrings(request)).hasSize(19).noneMatch(s -> s.indexOf('\0') >= 0);
    DecodedSpan span = request.spans().get(0);
    assertThat(span.name()).isEqualTo("chat\uFFFDgpt");
    assertThat(span.attributes()).containsEntry("ke\uFFFDy", "val\uFFFDue");
    assertThat(span.events().get(0).name()).isEqualTo("ev\uFFFDent");
    assertThat(span.statusMessage()).isEqualTo("bo\uFFFDom");
    assertThat(span.scope()).isEqualTo(new DecodedScope("li\uFFFDb", "1\uFFFD"));
    assertThat(span.resource().string("service.name")).isEqualTo("s\uFFFDvc");
  }

  @Test
  void nulIsReplacedInEveryStringOfAJsonRequestExactlyAsInProtobuf() {
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(JSON_WITH_NUL_EVERYWHERE.getBytes(StandardCharsets.UTF_8));
    DecodedRequest fromProtobuf = OtlpProtobufDecoder.decode(protobufWithNulEverywhere());

    assertThat(allStrings(fromJson)).hasSize(19).noneMatch(s -> s.indexOf('\0') >= 0);
    assertThat(view(fromJson)).isEqualTo(view(fromProtobuf));
  }

  @Test
  void unpairedSurrogateEscapesInJsonAreReplacedAndValidPairsKept() {
    byte[] body =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{
          "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
          "name":"lone \\ud83d high","startTimeUnixNano":"1","endTimeUnixNano":"2",
          "attributes":[
            {"key":"low\\ude42","value":{"stringValue":"pair \\ud83d\\ude42 and raw 🙂"}},
            {"key":"end","value":{"stringValue":"ends high \\ud83d"}}]}]}]}]}
        """
            .getBytes(StandardCharsets.UTF_8);

    DecodedSpan span = OtlpJsonDecoder.decode(body).spans().get(0);

    assertThat(span.name()).isEqualTo("lone \uFFFD high");
    assertThat(span.attributes())
        .containsEntry("low\uFFFD", "pair 🙂 and raw 🙂")
        .containsEntry("end", "ends high \uFFFD");
  }

  @Test
  void nulInTheNameOfARejectedSpanIsReplacedInTheRejectionMessage() {
    byte[] body =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{
          "traceId":"5b8efff798038103d269b633813fc60c","spanId":"00",
          "name":"bad\\u0000span","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
        """
            .getBytes(StandardCharsets.UTF_8);

    DecodedRequest request = OtlpJsonDecoder.decode(body);

    assertThat(request.rejectionMessage()).contains("'bad\uFFFDspan'").doesNotContain("\0");
  }
}
