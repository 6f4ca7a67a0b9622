package dev.weft.tracing;

/** Supplies a value and may throw a checked exception. */
@FunctionalInterface
public interface CheckedSupplier<T, E extends Throwable> {
  /** Runs it. */
  T get() throws E;
}
