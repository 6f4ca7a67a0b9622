package dev.weft.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not OTLP at all fail with an {@link OtlpDecodeException} whose message tells the
 * sender what is wrong, and nothing a sender can put in a body makes a decoder throw anything else.
 */
class MalformedOtlpInputTest {

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] validProtobuf() throws IOException {
    return OtlpExporterParityTest.protobuf(OtlpExporterParityTest.llmSpans());
  }

  static byte[] validJson() throws IOException {
    return OtlpExporterParityTest.json(OtlpExporterParityTest.llmSpans());
  }

  @Test
  void truncatedProtobufFailsWithAnActionableMessage() throws IOException {
    byte[] body = validProtobuf();
    byte[] truncated = Arrays.copyOf(body, body.length / 2);

    assertThatThrownBy(() -> OtlpProtobufDecoder.decode(truncated))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith(
            "request body is not a valid OTLP ExportTraceServiceRequest protobuf: ")
        .hasMessageContaining("truncated");
  }

  @Test
  void bytesThatAreNotProtobufFailWithAnActionableMessage() {
    byte[] invalidWireType = {(byte) 0x0F, 1, 2, 3};
    byte[] unterminatedVarint = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    for (byte[] body : new byte[][] {invalidWireType, unterminatedVarint}) {
      assertThatThrownBy(() -> OtlpProtobufDecoder.decode(body))
          .isInstanceOf(OtlpDecodeException.class)
          .hasMessageStartingWith(
              "request body is not a valid OTLP ExportTraceServiceRequest protobuf: ");
    }
  }

  @Test
  void jsonSentAsProtobufFailsWithAnActionableMessage() throws IOException {
    assertThatThrownBy(() -> OtlpProtobufDecoder.decode(validJson()))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith(
            "request body is not a valid OTLP ExportTraceServiceRequest protobuf: ");
  }

  @Test
  void protobufStringsThatAreNotUtf8FailTheRequest() {
    // A span whose name (field 5) holds the UTF-8-style encoding of a lone surrogate, which is
    // not valid UTF-8, inside ScopeSpans.spans (2), ResourceSpans.scope_spans (2) and
    // ExportTraceServiceRequest.resource_spans (1).
    byte[] span = {0x2A, 3, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] scopeSpans = concat(new byte[] {0x12, (byte) span.length}, span);
    byte[] resourceSpans = concat(new byte[] {0x12, (byte) scopeSpans.length}, scopeSpans);
    byte[] body = concat(new byte[] {0x0A, (byte) resourceSpans.length}, resourceSpans);

    assertThatThrownBy(() -> OtlpProtobufDecoder.decode(body))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void deeplyNestedProtobufValuesFailInsteadOfOverflowingTheStack() {
    AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < 200; i++) {
      value =
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(KeyValue.newBuilder().setKey("k").setValue(value)))
              .build();
    }
    byte[] body =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                Span.newBuilder()
                                    .addAttributes(
                                        KeyValue.newBuilder().setKey("deep").setValue(value)))))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> OtlpProtobufDecoder.decode(body))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void zeroByteProtobufIsAnEmptyRequest() {
    DecodedRequest request = OtlpProtobufDecoder.decode(new byte[0]);

    assertThat(request.spans()).isEmpty();
    assertThat(request.rejectedSpans()).isZero();
    assertThat(request.rejectionMessage()).isEmpty();
  }

  @Test
  void nonJsonFailsWithLineAndColumn() {
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8("{\n  \"resourceSpans\": [\n    hello")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith("malformed OTLP/JSON at line 3, column 5: ")
        .hasMessageContaining("hello");
  }

  @Test
  void protobufSentAsJsonFailsWithLineAndColumn() throws IOException {
    byte[] body = validProtobuf();

    // The leading 0x0A tag byte reads as a newline, so the error is on line 2.
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(body))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith("malformed OTLP/JSON at line 2, column 1: Unexpected character");
  }

  @Test
  void truncatedJsonFailsWithLineAndColumn() throws IOException {
    byte[] body = validJson();
    byte[] truncated = Arrays.copyOf(body, body.length - 10);

    assertThatThrownBy(() -> OtlpJsonDecoder.decode(truncated))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith("malformed OTLP/JSON at line 1, column ")
        .hasMessageContaining("end-of-input")
        .hasMessageNotContaining("Source");
  }

  @Test
  void jsonOfTheWrongShapeFailsWithLineColumnAndTheFieldName() {
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8("{\"resourceSpans\":\"x\"}")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessage(
            "malformed OTLP/JSON at line 1, column 18: expected an array for resourceSpans,"
                + " got a string");
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8("[{\"resourceSpans\":[]}]")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessage(
            "malformed OTLP/JSON at line 1, column 1: expected an object for the request,"
                + " got an array");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":{\"name\":\"x\"}}]}]}")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("column 43: expected an array for spans, got an object");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":7}]}]}]}")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected a string for name, got a number");
  }

  @Test
  void jsonScalarsOfTheWrongTypeFailWithTheFieldName() {
    String span = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{%s}]}]}]}";
    String attribute = "\"attributes\":[{\"key\":\"a\",\"value\":{%s}}]";

    assertThatThrownBy(
            () -> OtlpJsonDecoder.decode(utf8(span.formatted("\"startTimeUnixNano\":\"soon\""))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected an integer for startTimeUnixNano, got \"soon\"");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8(span.formatted("\"endTimeUnixNano\":99999999999999999999"))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8(span.formatted(attribute.formatted("\"boolValue\":\"yes\"")))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected a boolean for boolValue, got a string");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8(span.formatted(attribute.formatted("\"doubleValue\":\"lots\"")))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected a number for doubleValue, got \"lots\"");
    assertThatThrownBy(
            () ->
                OtlpJsonDecoder.decode(
                    utf8(span.formatted(attribute.formatted("\"bytesValue\":\"not base64!\"")))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected base64 for bytesValue");
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8(span.formatted("\"traceId\":42"))))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected a hex string for traceId, got a number");
  }

  @Test
  void hugeIntegerStringsFailWithAShortMessage() {
    String digits = "1" + "0".repeat(200_000);
    String body =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"%s\"}]}]}]}"
            .formatted(digits);

    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8(body)))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("expected an integer for startTimeUnixNano, got \"100000")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void trailingContentAfterTheJsonRequestFails() {
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8("{} {}")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessage(
            "malformed OTLP/JSON at line 1, column 4: unexpected content after the request"
                + " object");
  }

  @Test
  void emptyJsonBodyFailsBecauseItIsNotJson() {
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(new byte[0]))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("request body is empty");
    assertThatThrownBy(() -> OtlpJsonDecoder.decode(utf8("  \n ")))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("request body is empty");
  }

  @Test
  void deeplyNestedJsonFailsInsteadOfOverflowingTheStack() {
    String open = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":";
    String close = "}]}}";
    String value = open.repeat(2_000) + "{\"stringValue\":\"leaf\"}" + close.repeat(2_000);
    byte[] body =
        utf8(
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"deep\","
                + "\"value\":"
                + value
                + "}]}]}]}]}");

    assertThatThrownBy(() -> OtlpJsonDecoder.decode(body))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void randomBytesOnlyEverYieldARequestOrADecodeException() {
    Random random = new Random(20_251_101L);
    for (int i = 0; i < 3_000; i++) {
      byte[] body = new byte[random.nextInt(200)];
      random.nextBytes(body);
      if (i % 3 == 0 && body.length > 0) {
        body[0] = '{';
      }
      assertDecodesOrFailsCleanly(body, OtlpProtobufDecoder::decode);
      assertDecodesOrFailsCleanly(body, OtlpJsonDecoder::decode);
    }
  }

  @Test
  void everyTruncationOfAValidBodyOnlyYieldsARequestOrADecodeException() throws IOException {
    byte[] protobuf = validProtobuf();
    for (int length = 0; length < protobuf.length; length++) {
      assertDecodesOrFailsCleanly(Arrays.copyOf(protobuf, length), OtlpProtobufDecoder::decode);
    }
    byte[] json = validJson();
    for (int length = 0; length < json.length; length++) {
      assertDecodesOrFailsCleanly(Arrays.copyOf(json, length), OtlpJsonDecoder::decode);
    }
  }

  @Test
  void corruptedBytesInAValidBodyOnlyYieldARequestOrADecodeException() throws IOException {
    Random random = new Random(7L);
    byte[] protobuf = validProtobuf();
    byte[] json = validJson();
    byte[] jsonAlphabet = utf8("{}[]\":,0123456789-.eE tfnaulrsx\\");
    for (int i = 0; i < 3_000; i++) {
      byte[] p = protobuf.clone();
      byte[] j = json.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        p[random.nextInt(p.length)] = (byte) random.nextInt(256);
        j[random.nextInt(j.length)] = jsonAlphabet[random.nextInt(jsonAlphabet.length)];
      }
      assertDecodesOrFailsCleanly(p, OtlpProtobufDecoder::decode);
      assertDecodesOrFailsCleanly(j, OtlpJsonDecoder::decode);
    }
  }

  static void assertDecodesOrFailsCleanly(byte[] body, Function<byte[], DecodedRequest> decoder) {
    try {
      DecodedRequest request = decoder.apply(body);
      assertThat(request).isNotNull();
      assertThat(request.spans()).doesNotContainNull();
      assertThat(request.rejectionMessage()).isNotNull();
    } catch (OtlpDecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } catch (RuntimeException | StackOverflowError e) {
      fail("decoding %s threw %s", Arrays.toString(body), e, e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
