package dev.weft.server.traces;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A range of trace start times, {@code [from, to)}; a {@code null} end is open.
 *
 * @param from earliest start, or null
 * @param to start before which the range ends (exclusive), or null
 */
public record TimeRange(OffsetDateTime from, OffsetDateTime to) {

  /** Every start time. */
  public static final TimeRange ALL = new TimeRange(null, null);

  /** The range between two instants, either of which may be {@code null}. */
  public static TimeRange of(Instant from, Instant to) {
    return new TimeRange(utc(from), utc(to));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
