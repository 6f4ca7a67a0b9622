package dev.weft.bench;

import java.util.SplittableRandom;

/**
 * Fresh trace and span ids for re-emitting a template trace, shared by the COPY formats: every span
 * gets a new id and its parent's new id follows it; a parent outside the trace gets a random one.
 * Reuses its buffers, one instance per writer thread.
 */
final class FreshIds {

  private final byte[] traceId = new byte[16];
  private final byte[] loose = new byte[8];
  private byte[][] spanIds = new byte[64][8];

  /** Draws new ids for a trace of {@code spans} spans. */
  void newTrace(int spans, SplittableRandom random) {
    CopyRows.fill(traceId, random);
    if (spanIds.length < spans) {
      spanIds = new byte[spans][8];
    }
    for (int i = 0; i < spans; i++) {
      CopyRows.fill(spanIds[i], random);
    }
  }

  /** The trace's new id. */
  byte[] traceId() {
    return traceId;
  }

  /** The new id of the trace's span {@code index}. */
  byte[] span(int index) {
    return spanIds[index];
  }

  /** The new id of a parent: its span's, or a random one when it is not in the trace. */
  byte[] parent(int parentIndex, SplittableRandom random) {
    if (parentIndex >= 0) {
      return spanIds[parentIndex];
    }
    CopyRows.fill(loose, random);
    return loose;
  }
}
