package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedSpan;

/** STUB replaced on merge. */
public final class SpanNormalizer {
  /** Stub. */
  public CanonicalSpan normalize(DecodedSpan span) {
    throw new UnsupportedOperationException();
  }
}
