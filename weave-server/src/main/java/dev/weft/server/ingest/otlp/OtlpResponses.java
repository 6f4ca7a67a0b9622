package dev.weft.server.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the answers to OTLP trace and log export requests, in the encoding the request arrived
 * in, as the OTLP specification prescribes: an {@code ExportTraceServiceResponse} / {@code
 * ExportLogsServiceResponse} on success (with {@code partial_success} when items were rejected or
 * there is a warning), and a {@code google.rpc.Status} for a failed request.
 */
public final class OtlpResponses {

  private static final JsonFactory JSON = new JsonFactory();

  private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

  private OtlpResponses() {}

  /**
   * The protobuf {@code ExportTraceServiceResponse}.
   *
   * @param rejectedSpans spans the server rejected; {@code partial_success} is set when this is
   *     positive
   * @param errorMessage why spans were rejected, or a warning; {@code partial_success} is set when
   *     this is non-empty; may be {@code null}
   * @return the serialized response (zero bytes when everything was accepted)
   */
  public static byte[] protobufExportResponse(long rejectedSpans, String errorMessage) {
    String message = messageOrEmpty(errorMessage);
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejectedSpans > 0 || !message.isEmpty()) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(Math.max(rejectedSpans, 0))
              .setErrorMessage(message));
    }
    return response.build().toByteArray();
  }

  /**
   * The protobuf {@code ExportLogsServiceResponse}.
   *
   * @param rejectedLogRecords log records the server did not keep
   * @param errorMessage why, or a warning; may be {@code null}
   * @return the serialized response (zero bytes when everything was kept)
   */
  public static byte[] protobufLogsExportResponse(long rejectedLogRecords, String errorMessage) {
    String message = messageOrEmpty(errorMessage);
    ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
    if (rejectedLogRecords > 0 || !message.isEmpty()) {
      response.setPartialSuccess(
          ExportLogsPartialSuccess.newBuilder()
              .setRejectedLogRecords(Math.max(rejectedLogRecords, 0))
              .setErrorMessage(message));
    }
    return response.build().toByteArray();
  }

  /**
   * The OTLP/JSON {@code ExportLogsServiceResponse}: {@code {}}, or {@code
   * {"partialSuccess":{"rejectedLogRecords":"3","errorMessage":"..."}}}.
   *
   * @param rejectedLogRecords log records the server did not keep
   * @param errorMessage why, or a warning; may be {@code null}
   * @return the UTF-8 JSON body
   */
  public static byte[] jsonLogsExportResponse(long rejectedLogRecords, String errorMessage) {
    return jsonPartialSuccess("rejectedLogRecords", rejectedLogRecords, errorMessage);
  }

  /**
   * The OTLP/JSON {@code ExportTraceServiceResponse}: {@code {}} when everything was accepted, else
   * {@code {"partialSuccess":{"rejectedSpans":"3","errorMessage":"..."}}}, with the int64 as a
   * string and default-valued fields left out, as the proto3 JSON mapping specifies.
   *
   * @param rejectedSpans spans the server rejected
   * @param errorMessage why spans were rejected, or a warning; may be {@code null}
   * @return the UTF-8 JSON body
   */
  public static byte[] jsonExportResponse(long rejectedSpans, String errorMessage) {
    return jsonPartialSuccess("rejectedSpans", rejectedSpans, errorMessage);
  }

  private static byte[] jsonPartialSuccess(
      String rejectedField, long rejected, String errorMessage) {
    String message = messageOrEmpty(errorMessage);
    if (rejected <= 0 && message.isEmpty()) {
      return EMPTY_JSON_OBJECT.clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("partialSuccess");
      if (rejected > 0) {
        json.writeStringField(rejectedField, Long.toString(rejected));
      }
      if (!message.isEmpty()) {
        json.writeStringField("errorMessage", message);
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A protobuf {@code google.rpc.Status}, the body of a failed OTLP/HTTP protobuf request.
   *
   * @param grpcCode the gRPC status code (e.g. 3 {@code INVALID_ARGUMENT} for a malformed body)
   * @param message what went wrong, for the sender; may be {@code null}
   * @return the serialized status
   */
  public static byte[] protobufStatus(int grpcCode, String message) {
    return Status.newBuilder()
        .setCode(grpcCode)
        .setMessage(messageOrEmpty(message))
        .build()
        .toByteArray();
  }

  /**
   * A {@code google.rpc.Status} in JSON, the body of a failed OTLP/HTTP JSON request: {@code
   * {"code":3,"message":"..."}}, with the message JSON-escaped.
   *
   * @param grpcCode the gRPC status code (e.g. 3 {@code INVALID_ARGUMENT} for a malformed body)
   * @param message what went wrong, for the sender; may be {@code null}
   * @return the UTF-8 JSON body
   */
  public static byte[] jsonStatus(int grpcCode, String message) {
    String text = messageOrEmpty(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + text.length());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("code", grpcCode);
      json.writeStringField("message", text);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The message with characters that cannot be encoded replaced; {@code ""} for {@code null}. */
  private static String messageOrEmpty(String message) {
    return message == null ? "" : OtlpText.clean(message);
  }
}
