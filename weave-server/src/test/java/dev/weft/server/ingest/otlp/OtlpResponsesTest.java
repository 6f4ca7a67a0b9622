package dev.weft.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The OTLP answers parse back with the generated classes and a JSON parser, as senders read them.
 */
class OtlpResponsesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String AWKWARD =
      "2 spans rejected: \"quoted\" \\ back\nslash\ttab \0 é 🙂 </script>";

  static String utf8(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void fullyAcceptedProtobufResponseHasNoPartialSuccess() throws IOException {
    byte[] body = OtlpResponses.protobufExportResponse(0, "");

    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
    assertThat(response.hasPartialSuccess()).isFalse();
    assertThat(body).isEmpty();
    assertThat(OtlpResponses.protobufExportResponse(0, null)).isEmpty();
  }

  @Test
  void protobufResponseWithRejectionsCarriesCountAndMessageInPartialSuccess() throws IOException {
    byte[] body = OtlpResponses.protobufExportResponse(3, AWKWARD);

    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
    assertThat(response.hasPartialSuccess()).isTrue();
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(AWKWARD.replace('\0', '\uFFFD'));
  }

  @Test
  void protobufWarningWithoutRejectionsStillSetsPartialSuccess() throws IOException {
    ExportTraceServiceResponse response =
        ExportTraceServiceResponse.parseFrom(
            OtlpResponses.protobufExportResponse(0, "weft.project missing; used 'default'"));

    assertThat(response.hasPartialSuccess()).isTrue();
    assertThat(response.getPartialSuccess().getRejectedSpans()).isZero();
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo("weft.project missing; used 'default'");
  }

  @Test
  void fullyAcceptedJsonResponseIsAnEmptyObject() {
    assertThat(utf8(OtlpResponses.jsonExportResponse(0, ""))).isEqualTo("{}");
    assertThat(utf8(OtlpResponses.jsonExportResponse(0, null))).isEqualTo("{}");
  }

  @Test
  void jsonResponseWithRejectionsWritesTheInt64CountAsAString() throws IOException {
    byte[] body = OtlpResponses.jsonExportResponse(3, "3 spans rejected: bad ids");

    assertThat(utf8(body))
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"3 spans rejected:"
                + " bad ids\"}}");
    JsonNode partial = JSON.readTree(body).get("partialSuccess");
    assertThat(partial.get("rejectedSpans").isTextual()).isTrue();
    assertThat(partial.get("rejectedSpans").asLong()).isEqualTo(3);
  }

  @Test
  void jsonResponseEscapesTheMessageIntoValidJson() throws IOException {
    byte[] body = OtlpResponses.jsonExportResponse(Long.MAX_VALUE, AWKWARD);

    JsonNode partial = JSON.readTree(body).get("partialSuccess");
    assertThat(partial.get("rejectedSpans").asText()).isEqualTo("9223372036854775807");
    assertThat(partial.get("errorMessage").asText()).isEqualTo(AWKWARD.replace('\0', '\uFFFD'));
  }

  @Test
  void jsonWarningWithoutRejectionsLeavesTheZeroCountOut() {
    assertThat(utf8(OtlpResponses.jsonExportResponse(0, "note")))
        .isEqualTo("{\"partialSuccess\":{\"errorMessage\":\"note\"}}");
    assertThat(utf8(OtlpResponses.jsonExportResponse(2, "")))
        .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\"}}");
  }

  @Test
  void protobufStatusParsesBackAsGoogleRpcStatus() throws IOException {
    Status status =
        Status.parseFrom(
            OtlpResponses.protobufStatus(3, "malformed OTLP/JSON at line 1, column 2: é"));

    assertThat(status.getCode()).isEqualTo(3);
    assertThat(status.getMessage()).isEqualTo("malformed OTLP/JSON at line 1, column 2: é");
    assertThat(Status.parseFrom(OtlpResponses.protobufStatus(14, null)).getMessage()).isEmpty();
  }

  @Test
  void jsonStatusHasCodeAndEscapedMessage() throws IOException {
    assertThat(utf8(OtlpResponses.jsonStatus(3, "bad \"body\"")))
        .isEqualTo("{\"code\":3,\"message\":\"bad \\\"body\\\"\"}");

    JsonNode status = JSON.readTree(OtlpResponses.jsonStatus(8, AWKWARD + " " + (char) 0xD800));
    assertThat(status.get("code").asInt()).isEqualTo(8);
    assertThat(status.get("message").asText())
        .isEqualTo(AWKWARD.replace('\0', '\uFFFD') + " \uFFFD");
  }
}
