package dev.weft.server.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ingest settings ({@code weft.ingest.*}). */
@ConfigMapping(prefix = "weft.ingest")
public interface IngestConfig {

  /** Largest accepted request body as sent (compressed), in bytes; larger ones get 413. */
  @WithDefault("16777216")
  int maxRequestBytes();

  /** Largest accepted body after gzip decompression, in bytes; larger ones get 413. */
  @WithDefault("67108864")
  int maxDecompressedBytes();

  /**
   * Spans that may wait for the writer; a request that would overflow it gets 503 with {@code
   * Retry-After} (OTLP clients retry those).
   */
  @WithDefault("50000")
  int queueCapacitySpans();

  /** Most spans written in one statement (one transaction). */
  @WithDefault("2000")
  int maxBatchSpans();

  /** Statements in flight at once (database connections used for writing). */
  @WithDefault("2")
  int writers();

  /**
   * How far after the server's clock a span may start; a later span is rejected (reported in OTLP
   * {@code partial_success}), since the sending host's clock must be wrong.
   */
  @WithDefault("PT24H")
  Duration maxClockSkew();

  /** The {@code Retry-After} value sent when overloaded, in seconds. */
  @WithDefault("1")
  int retryAfterSeconds();

  /** GenAI events received as OTLP log records ({@code weft.ingest.log-events.*}). */
  LogEvents logEvents();

  /** Settings of GenAI events received as OTLP log records. */
  interface LogEvents {

    /**
     * How long an event waits for its span; events of a span that is not stored by then (not
     * sampled, or never exported) are deleted.
     */
    @WithDefault("PT1H")
    Duration maxWait();

    /** How often stored spans are looked up for waiting events. */
    @WithDefault("PT1S")
    Duration applyInterval();
  }
}
