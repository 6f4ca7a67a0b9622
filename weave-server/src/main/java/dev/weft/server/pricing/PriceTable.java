package dev.weft.server.pricing;

import java.util.Map;
import java.util.Optional;

/** STUB replaced on merge. */
public final class PriceTable {
  /** Stub. */
  public static PriceTable shipped() {
    return new PriceTable();
  }

  /** Stub. */
  public static PriceTable of(Map<String, ModelPrice> prices) {
    return new PriceTable();
  }

  /** Stub. */
  public PriceTable withOverrides(Map<String, ModelPrice> overrides) {
    return this;
  }

  /** Stub. */
  public Optional<ModelPrice> find(String model) {
    return Optional.empty();
  }

  /** Stub. */
  public int size() {
    return 0;
  }
}
