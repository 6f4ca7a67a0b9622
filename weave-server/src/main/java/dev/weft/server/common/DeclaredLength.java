package dev.weft.server.common;

/**
 * The body size a request declares in its {@code Content-Length} header, read before the body is:
 * the early size checks (413 before reading) of the OTLP and datasets endpoints share this one
 * reading of the header.
 */
public final class DeclaredLength {

  private DeclaredLength() {}

  /**
   * The declared length, or {@code -1} when the header is missing or not a number (a chunked body,
   * whose size the HTTP layer's own limit and the resource then check while reading).
   */
  public static long of(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
