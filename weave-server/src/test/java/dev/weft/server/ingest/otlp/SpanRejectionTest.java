package dev.weft.server.ingest.otlp;

import static dev.weft.server.ingest.otlp.Views.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Per-span validation: a span with unusable ids or impossible times is dropped and counted, the
 * other spans of the request still decode, and the message says why — alike for both encodings.
 */
class SpanRejectionTest {

  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final String SPAN = "eee19b7ec3c1b174";
  static final String PARENT = "0102030405060708";

  /** A valid protobuf span named {@code name}, changed by {@code edit}. */
  static Span protoSpan(String name, UnaryOperator<Span.Builder> edit) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(bytes(TRACE)))
            .setSpanId(ByteString.copyFrom(bytes(SPAN)))
            .setName(name)
            .setStartTimeUnixNano(100)
            .setEndTimeUnixNano(200);
    return edit.apply(span).build();
  }

  static byte[] protoRequest(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build()
        .toByteArray();
  }

  /** A JSON span object: valid fields, then {@code overrides} (later fields win). */
  static String jsonSpan(String name, String overrides) {
    return """
        {"traceId":"%s","spanId":"%s","name":"%s","startTimeUnixNano":"100",\
        "endTimeUnixNano":"200"%s}"""
        .formatted(TRACE, SPAN, name, overrides.isEmpty() ? "" : "," + overrides);
  }

  static byte[] jsonRequest(String... spans) {
    return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
            + String.join(",", spans)
            + "]}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static List<String> names(DecodedRequest request) {
    List<String> names = new ArrayList<>();
    request.spans().forEach(s -> names.add(s.name()));
    return names;
  }

  static ByteString zeros(int length) {
    return ByteString.copyFrom(new byte[length]);
  }

  @Test
  void protobufIdsOfWrongLengthRejectOnlyThatSpan() {
    DecodedRequest request =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("ok-1", s -> s),
                protoSpan(
                    "short-trace", s -> s.setTraceId(ByteString.copyFrom(bytes(TRACE), 0, 15))),
                protoSpan("short-span", s -> s.setSpanId(ByteString.copyFrom(new byte[] {1, 2}))),
                protoSpan("long-span", s -> s.setSpanId(ByteString.copyFrom(new byte[9]))),
                protoSpan("ok-2", s -> s)));

    assertThat(names(request)).containsExactly("ok-1", "ok-2");
    assertThat(request.rejectedSpans()).isEqualTo(3);
    assertThat(request.rejectionMessage())
        .startsWith("3 spans rejected: ")
        .contains("1× trace_id must be 16 bytes, got 15 (span 'short-trace' in trace 5b8efff7…)")
        .contains("1× span_id must be 8 bytes, got 2 (span 'short-span' in trace 5b8efff7…)")
        .contains("1× span_id must be 8 bytes, got 9 (span 'long-span' in trace 5b8efff7…)");
  }

  @Test
  void jsonIdsOfWrongLengthRejectOnlyThatSpan() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("ok-1", ""),
                jsonSpan("short-trace", "\"traceId\":\"5b8efff798038103d269b633813fc6\""),
                jsonSpan("short-span", "\"spanId\":\"eee19b7ec3c1b1\""),
                jsonSpan("no-span-id", "\"spanId\":\"\""),
                jsonSpan("ok-2", "")));

    assertThat(names(request)).containsExactly("ok-1", "ok-2");
    assertThat(request.rejectedSpans()).isEqualTo(3);
    assertThat(request.rejectionMessage())
        .startsWith("3 spans rejected: ")
        .contains("1× trace_id must be 16 bytes, got 15 (span 'short-trace' in trace 5b8efff7…)")
        .contains("1× span_id must be 8 bytes, got 7 (span 'short-span' in trace 5b8efff7…)")
        .contains("1× span_id must be 8 bytes, got 0 (span 'no-span-id' in trace 5b8efff7…)");
  }

  @Test
  void protobufAndJsonRejectTheSameWrongLengthIdWithTheSameMessage() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("chat gpt-4o", s -> s.setSpanId(ByteString.copyFrom(new byte[7])))));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(jsonSpan("chat gpt-4o", "\"spanId\":\"00000000000000\"")));

    assertThat(fromProtobuf.rejectionMessage())
        .isEqualTo(fromJson.rejectionMessage())
        .isEqualTo(
            "1 span rejected: 1× span_id must be 8 bytes, got 7"
                + " (span 'chat gpt-4o' in trace 5b8efff7…)");
  }

  @Test
  void allZeroTraceOrSpanIdsAreRejectedInBothEncodings() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("zero-trace", s -> s.setTraceId(zeros(16))),
                protoSpan("zero-span", s -> s.setSpanId(zeros(8))),
                protoSpan("ok", s -> s)));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("zero-trace", "\"traceId\":\"00000000000000000000000000000000\""),
                jsonSpan("zero-span", "\"spanId\":\"0000000000000000\""),
                jsonSpan("ok", "")));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(names(request)).containsExactly("ok");
      assertThat(request.rejectedSpans()).isEqualTo(2);
      assertThat(request.rejectionMessage())
          .contains("1× trace_id must not be all zero (span 'zero-trace' in trace 00000000…)")
          .contains("1× span_id must not be all zero (span 'zero-span' in trace 5b8efff7…)");
    }
  }

  @Test
  void invalidHexInJsonIdsRejectsOnlyThatSpan() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("bad-trace", "\"traceId\":\"zz8efff798038103d269b633813fc60c\""),
                jsonSpan("base64-span", "\"spanId\":\"7uGbfsPBsXQ=\""),
                jsonSpan("odd-parent", "\"parentSpanId\":\"010203040506070\""),
                jsonSpan("ok", "")));

    assertThat(names(request)).containsExactly("ok");
    assertThat(request.rejectedSpans()).isEqualTo(3);
    assertThat(request.rejectionMessage())
        .contains("1× trace_id is not valid hex (span 'bad-trace' in trace zz8efff7…)")
        .contains("1× span_id is not valid hex (span 'base64-span' in trace 5b8efff7…)")
        .contains("1× parent_span_id is not valid hex (span 'odd-parent' in trace 5b8efff7…)");
  }

  @Test
  void endTimeBeforeStartTimeIsRejectedInBothEncodings() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("backwards", s -> s.setStartTimeUnixNano(200).setEndTimeUnixNano(100)),
                protoSpan("unfinished", s -> s.setEndTimeUnixNano(0)),
                protoSpan("ok", s -> s)));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("backwards", "\"startTimeUnixNano\":\"200\",\"endTimeUnixNano\":100"),
                jsonSpan("unfinished", "\"endTimeUnixNano\":\"0\""),
                jsonSpan("ok", "")));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(names(request)).containsExactly("ok");
      assertThat(request.rejectionMessage())
          .isEqualTo(
              "2 spans rejected: 2× end_time_unix_nano is before start_time_unix_nano"
                  + " (span 'backwards' in trace 5b8efff7…)");
    }
  }

  @Test
  void zeroStartTimeIsRejectedInBothEncodings() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(protoSpan("no-start", s -> s.setStartTimeUnixNano(0))));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                "{\"traceId\":\"%s\",\"spanId\":\"%s\",\"name\":\"no-start\"}"
                    .formatted(TRACE, SPAN)));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(request.spans()).isEmpty();
      assertThat(request.rejectedSpans()).isEqualTo(1);
      assertThat(request.rejectionMessage()).contains("start_time_unix_nano is 0 (not set)");
    }
  }

  @Test
  void parentSpanIdMustBeEmptyOrEightBytes() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("bad-parent", s -> s.setParentSpanId(ByteString.copyFrom(new byte[4]))),
                protoSpan("child", s -> s.setParentSpanId(ByteString.copyFrom(bytes(PARENT))))));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("bad-parent", "\"parentSpanId\":\"00000000\""),
                jsonSpan("child", "\"parentSpanId\":\"" + PARENT + "\"")));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(names(request)).containsExactly("child");
      assertThat(request.spans().get(0).parentSpanId()).isEqualTo(bytes(PARENT));
      assertThat(request.rejectionMessage())
          .contains("1× parent_span_id must be empty or 8 bytes, got 4 (span 'bad-parent'");
    }
  }

  @Test
  void emptyOrAllZeroParentSpanIdDecodesAsARootSpan() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan("no-parent", s -> s),
                protoSpan("zero-parent", s -> s.setParentSpanId(zeros(8)))));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("no-parent", "\"parentSpanId\":\"\""),
                jsonSpan("zero-parent", "\"parentSpanId\":\"0000000000000000\"")));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(request.spans()).hasSize(2);
      assertThat(request.spans()).allSatisfy(s -> assertThat(s.parentSpanId()).isNull());
      assertThat(request.rejectedSpans()).isZero();
    }
  }

  @Test
  void linksWithUnusableIdsAreDroppedButTheirSpanIsKept() {
    DecodedRequest fromProtobuf =
        OtlpProtobufDecoder.decode(
            protoRequest(
                protoSpan(
                    "linked",
                    s ->
                        s.addLinks(
                                Span.Link.newBuilder()
                                    .setTraceId(ByteString.copyFrom(bytes(TRACE)))
                                    .setSpanId(ByteString.copyFrom(new byte[3])))
                            .addLinks(
                                Span.Link.newBuilder()
                                    .setTraceId(ByteString.copyFrom(bytes(TRACE)))
                                    .setSpanId(ByteString.copyFrom(bytes(PARENT)))))));
    DecodedRequest fromJson =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan(
                    "linked",
                    """
                    "links":[{"traceId":"%s","spanId":"xyz"},{"traceId":"%s","spanId":"%s"}]"""
                        .formatted(TRACE, TRACE, PARENT))));

    for (DecodedRequest request : List.of(fromProtobuf, fromJson)) {
      assertThat(request.spans()).hasSize(1);
      assertThat(request.rejectedSpans()).isZero();
      assertThat(request.spans().get(0).links()).hasSize(1);
      assertThat(request.spans().get(0).links().get(0).spanId()).isEqualTo(bytes(PARENT));
    }
  }

  @Test
  void rejectionMessageGroupsReasonsWithCountsAndOneExampleEach() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            jsonRequest(
                jsonSpan("chat gpt-4o", "\"spanId\":\"eee19b7ec3c1b1\""),
                jsonSpan("second", "\"spanId\":\"eee19b7ec3c1b1\""),
                jsonSpan("backwards", "\"endTimeUnixNano\":\"1\"")));

    assertThat(request.rejectedSpans()).isEqualTo(3);
    assertThat(request.rejectionMessage())
        .isEqualTo(
            "3 spans rejected: 2× span_id must be 8 bytes, got 7 (span 'chat gpt-4o' in trace"
                + " 5b8efff7…); 1× end_time_unix_nano is before start_time_unix_nano (span"
                + " 'backwards' in trace 5b8efff7…)");
  }

  @Test
  void rejectionMessageStaysBoundedForManyRejectionsAndLongNames() {
    List<String> spans = new ArrayList<>();
    for (int length = 0; length < 32; length += 2) {
      String name = "span-" + length + "-" + "x".repeat(500);
      spans.add(jsonSpan(name, "\"spanId\":\"" + "a".repeat(length) + "\""));
    }
    for (int i = 0; i < 1000; i++) {
      spans.add(jsonSpan("zero-" + i, "\"startTimeUnixNano\":\"0\""));
    }
    DecodedRequest request = OtlpJsonDecoder.decode(jsonRequest(spans.toArray(String[]::new)));

    assertThat(request.rejectedSpans()).isEqualTo(1015);
    assertThat(request.rejectionMessage())
        .startsWith("1015 spans rejected: 1× span_id must be 8 bytes, got 0 (span 'span-0-xxx")
        .contains("× other reasons");
    assertThat(request.rejectionMessage().length()).isLessThanOrEqualTo(1025);
  }

  @Test
  void validRequestsHaveNoRejectionsAndAnEmptyMessage() {
    DecodedRequest request =
        OtlpProtobufDecoder.decode(protoRequest(protoSpan("a", s -> s), protoSpan("b", s -> s)));

    assertThat(request.spans()).hasSize(2);
    assertThat(request.rejectedSpans()).isZero();
    assertThat(request.rejectionMessage()).isEmpty();
  }
}
