package dev.weft.tracing;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the SDK dropped or swallowed instead of bothering the application. */
final class SdkStats {
  final AtomicLong droppedSpans = new AtomicLong();
  final AtomicLong errors = new AtomicLong();

  void error() {
    errors.incrementAndGet();
  }
}
