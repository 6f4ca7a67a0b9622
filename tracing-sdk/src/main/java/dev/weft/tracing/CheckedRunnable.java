package dev.weft.tracing;

/** An action that may throw a checked exception. */
@FunctionalInterface
public interface CheckedRunnable<E extends Throwable> {
  /** Runs it. */
  void run() throws E;
}
