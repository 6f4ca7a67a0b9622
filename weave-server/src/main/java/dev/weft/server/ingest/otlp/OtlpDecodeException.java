package dev.weft.server.ingest.otlp;

/** Thrown when an OTLP payload cannot be decoded at all; answered with 400 Bad Request. */
public final class OtlpDecodeException extends RuntimeException {

  /** Creates the exception with a message that tells the sender what is wrong. */
  public OtlpDecodeException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public OtlpDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
