package dev.weft.server.ingest.otlp;

/** STUB replaced on merge. */
public final class OtlpJsonDecoder {
  private OtlpJsonDecoder() {}

  /** Stub. */
  public static DecodedRequest decode(byte[] body) {
    throw new UnsupportedOperationException();
  }
}
