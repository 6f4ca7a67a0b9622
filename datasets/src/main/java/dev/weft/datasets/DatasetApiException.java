package dev.weft.datasets;

/**
 * The server answered a {@link DatasetClient} call with an error; {@link #status()} is the HTTP
 * status and the message is the server's problem detail.
 */
public final class DatasetApiException extends RuntimeException {

  private final int status;

  /**
   * Creates the exception.
   *
   * @param status HTTP status
   * @param detail the problem detail the server sent
   */
  public DatasetApiException(int status, String detail) {
    super("HTTP " + status + ": " + detail);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
