package dev.weft.tracing;

/** A two-argument function that may throw a checked exception. */
@FunctionalInterface
public interface CheckedBiFunction<T, U, R, E extends Throwable> {
  /** Runs it. */
  R apply(T first, U second) throws E;
}
