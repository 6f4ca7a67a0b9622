package dev.weft.server.pricing;

import dev.weft.server.normalize.CanonicalSpan;

/** STUB replaced on merge. */
public final class CostCalculator {
  private CostCalculator() {}

  /** Stub. */
  public static Double cost(CanonicalSpan span, PriceTable table) {
    return null;
  }
}
