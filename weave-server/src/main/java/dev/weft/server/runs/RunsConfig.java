package dev.weft.server.runs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Experiment-run settings ({@code weft.runs.*}). */
@ConfigMapping(prefix = "weft.runs")
public interface RunsConfig {

  /** A running run without a heartbeat (or start) for this long is marked crashed. */
  @WithDefault("PT5M")
  Duration crashAfter();

  /** How often the crash detector looks for silent runs (a Quarkus scheduler interval). */
  @WithDefault("30s")
  String crashCheckEvery();

  /** Most metric points in one request; more get 413. */
  @WithDefault("10000")
  int maxPointsPerRequest();

  /** Metric points that may wait for the writer; more get 503 with {@code Retry-After}. */
  @WithDefault("200000")
  int queueCapacityPoints();

  /** Most metric points written in one statement (one transaction). */
  @WithDefault("20000")
  int maxBatchPoints();

  /** Metric statements in flight at once (database connections used for writing). */
  @WithDefault("2")
  int writers();

  /** The {@code Retry-After} value sent when the metric queue is full, in seconds. */
  @WithDefault("1")
  int retryAfterSeconds();

  /** Points per series in a history answer when {@code maxPoints} is not given. */
  @WithDefault("1000")
  int defaultMaxPoints();
}
