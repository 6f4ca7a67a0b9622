package dev.weft.server.ingest;

import dev.weft.server.common.ProblemException;
import dev.weft.server.ingest.otlp.DecodedLogRecord;
import dev.weft.server.ingest.otlp.DecodedRequest;
import dev.weft.server.ingest.otlp.OtlpJsonDecoder;
import dev.weft.server.ingest.otlp.OtlpProtobufDecoder;
import dev.weft.server.ingest.otlp.OtlpResponses;
import java.util.List;
import java.util.Locale;

/** The two OTLP/HTTP encodings: how each is recognised, decoded and answered. */
public enum OtlpEncoding {
  /** Binary protobuf, {@code application/x-protobuf}. */
  PROTOBUF("application/x-protobuf"),
  /** Protobuf JSON mapping, {@code application/json}. */
  JSON("application/json");

  private final String mediaType;

  OtlpEncoding(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type answers are sent with. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The encoding named by a {@code Content-Type} header.
   *
   * @throws ProblemException 415 for anything but protobuf or JSON
   */
  public static OtlpEncoding fromContentType(String contentType) {
    String base =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (base) {
      case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
      case "application/json" -> JSON;
      default ->
          throw ProblemException.unsupportedMediaType(
              "OTLP/HTTP takes Content-Type application/x-protobuf or application/json, got '"
                  + (contentType == null ? "" : contentType)
                  + "'");
    };
  }

  /** The encoding an error answer should use for a request with this content type. */
  public static OtlpEncoding forAnswer(String contentType) {
    try {
      return fromContentType(contentType);
    } catch (ProblemException e) {
      return JSON;
    }
  }

  /**
   * Decodes a request body. No bytes, in either encoding, is the empty request: it carries no
   * telemetry, and the OTLP specification says a server should answer it with success.
   */
  public DecodedRequest decode(byte[] body) {
    if (body.length == 0) {
      return new DecodedRequest(List.of(), 0, "");
    }
    return this == PROTOBUF ? OtlpProtobufDecoder.decode(body) : OtlpJsonDecoder.decode(body);
  }

  /** Encodes a successful export answer, with {@code partial_success} when spans were rejected. */
  public byte[] exportResponse(long rejectedSpans, String message) {
    return this == PROTOBUF
        ? OtlpResponses.protobufExportResponse(rejectedSpans, message)
        : OtlpResponses.jsonExportResponse(rejectedSpans, message);
  }

  /** Decodes a logs request body ({@code ExportLogsServiceRequest}); no bytes is the empty one. */
  public List<DecodedLogRecord> decodeLogs(byte[] body) {
    if (body.length == 0) {
      return List.of();
    }
    return this == PROTOBUF
        ? OtlpProtobufDecoder.decodeLogs(body)
        : OtlpJsonDecoder.decodeLogs(body);
  }

  /** Encodes a successful logs export answer, with {@code partial_success} for rejected records. */
  public byte[] logsExportResponse(long rejectedLogRecords, String message) {
    return this == PROTOBUF
        ? OtlpResponses.protobufLogsExportResponse(rejectedLogRecords, message)
        : OtlpResponses.jsonLogsExportResponse(rejectedLogRecords, message);
  }

  /** Encodes an error answer as a {@code google.rpc.Status}. */
  public byte[] status(int grpcCode, String message) {
    return this == PROTOBUF
        ? OtlpResponses.protobufStatus(grpcCode, message)
        : OtlpResponses.jsonStatus(grpcCode, message);
  }
}
