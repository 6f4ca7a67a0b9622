package dev.weft.tracing.runs;

/** How a run ended. */
public enum RunState {
  /** Completed normally. */
  FINISHED("finished"),
  /** Ended by an error. */
  FAILED("failed");

  private final String wire;

  RunState(String wire) {
    this.wire = wire;
  }

  /** The state's name in the runs API. */
  public String wireName() {
    return wire;
  }
}
