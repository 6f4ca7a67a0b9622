package dev.weft.server.ingest.otlp;

/** STUB replaced on merge. */
public final class OtlpResponses {
  private OtlpResponses() {}

  /** Stub. */
  public static byte[] protobufExportResponse(long rejectedSpans, String errorMessage) {
    return new byte[0];
  }

  /** Stub. */
  public static byte[] jsonExportResponse(long rejectedSpans, String errorMessage) {
    return new byte[0];
  }

  /** Stub. */
  public static byte[] protobufStatus(int code, String message) {
    return new byte[0];
  }

  /** Stub. */
  public static byte[] jsonStatus(int code, String message) {
    return new byte[0];
  }
}
