package dev.weft.tracing.runs;

import java.io.IOException;

/** Where run events go: the server, or the offline directory. */
interface RunTransport extends AutoCloseable {

  /**
   * Delivers one event.
   *
   * @throws RetryableException when trying again later may succeed (server down, 5xx, 429)
   * @throws IOException when the event is refused for good (4xx) or cannot be written
   */
  void send(String project, String runId, RunEvent event) throws IOException;

  @Override
  default void close() {}

  /** A failure worth retrying. */
  final class RetryableException extends IOException {
    RetryableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
