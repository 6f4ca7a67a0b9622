package dev.weft.tracing;

/** A function that may throw a checked exception. */
@FunctionalInterface
public interface CheckedFunction<T, R, E extends Throwable> {
  /** Runs it. */
  R apply(T input) throws E;
}
