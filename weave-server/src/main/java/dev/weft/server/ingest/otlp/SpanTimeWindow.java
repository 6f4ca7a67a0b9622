package dev.weft.server.ingest.otlp;

import dev.weft.server.retention.RetentionPlan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The span start times the server takes, decided per request from its clock. A span starting
 * outside the window is rejected and reported in OTLP {@code partial_success}, like a span with a
 * malformed id, because storing it would only mislead or be deleted at once:
 *
 * <ul>
 *   <li>before 2000-01-01: OTLP times are nanoseconds since the Unix epoch, and a time sent in
 *       milliseconds or microseconds lands in January 1970 — the usual instrumentation bug, which
 *       would otherwise bury the trace at the end of every list;
 *   <li>before the retention window ({@code weft.retention.days}, when set): the next retention run
 *       would delete it;
 *   <li>more than {@code weft.ingest.max-clock-skew} after the server's clock: the sending host's
 *       clock is wrong, and the trace would sort above everything that really happens next.
 * </ul>
 *
 * <p>The lower bounds also keep a misbehaving client from creating a daily span partition for each
 * of thousands of days. Pure: the caller passes the time.
 *
 * <p>A window is made for every export request, so it only holds the bounds and what the messages
 * need; the messages are written when a span is rejected.
 *
 * @param earliestStartNanos smallest accepted start, Unix nanoseconds
 * @param latestStartNanos largest accepted start, Unix nanoseconds
 * @param retentionDays {@code weft.retention.days}, for the message
 * @param maxClockSkew {@code weft.ingest.max-clock-skew}, for the message
 */
public record SpanTimeWindow(
    long earliestStartNanos, long latestStartNanos, int retentionDays, Duration maxClockSkew) {

  /** 2000-01-01T00:00:00Z in Unix nanoseconds. */
  static final long YEAR_2000_NANOS = 946_684_800L * 1_000_000_000L;

  /** The earliest start a stored span can have: 2000-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.ofEpochSecond(YEAR_2000_NANOS / 1_000_000_000L);

  private static final String BEFORE_2000 =
      "start_time_unix_nano is before 2000-01-01: OTLP times are nanoseconds since the Unix epoch"
          + " (a time sent in milliseconds or microseconds lands in 1970)";

  private static final long DAY_NANOS = 86_400L * 1_000_000_000L;

  private static final int MAX_MESSAGE_CHARS = 1024;

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * The window at a moment.
   *
   * @param now the server's clock
   * @param maxClockSkew how far after {@code now} a span may start (a negative one counts as 0)
   * @param retentionDays {@code weft.retention.days}; 0 or less keeps spans forever
   */
  public static SpanTimeWindow at(Instant now, Duration maxClockSkew, int retentionDays) {
    long earliest =
        RetentionPlan.firstKeptDay(now, retentionDays)
            .map(day -> Math.max(YEAR_2000_NANOS, day.toEpochDay() * DAY_NANOS))
            .orElse(YEAR_2000_NANOS);
    long skew =
        maxClockSkew.isNegative()
            ? 0
            : maxClockSkew.compareTo(LONGEST) >= 0 ? Long.MAX_VALUE : maxClockSkew.toNanos();
    return new SpanTimeWindow(
        earliest, saturatedAdd(nanos(now), skew), retentionDays, maxClockSkew);
  }

  /** Why a span that starts at {@code start}, outside the window, is rejected. */
  private String rule(long start) {
    if (start < YEAR_2000_NANOS) {
      // A 1970 time is a unit mistake, whatever the retention: say so.
      return BEFORE_2000;
    }
    if (start < earliestStartNanos) {
      return "start_time_unix_nano is before "
          + LocalDate.ofEpochDay(earliestStartNanos / DAY_NANOS)
          + ", outside the retention window (weft.retention.days="
          + retentionDays
          + "): it would be deleted at once";
    }
    return "start_time_unix_nano is more than "
        + describe(maxClockSkew)
        + " ahead of the server's clock (weft.ingest.max-clock-skew): check the clock of the"
        + " host that sent it";
  }

  /**
   * The request without the spans that start outside the window, which are added to its rejected
   * count and message. The same request when every span is inside.
   */
  public DecodedRequest apply(DecodedRequest request) {
    List<DecodedSpan> spans = request.spans();
    int first = 0;
    while (first < spans.size() && inside(spans.get(first))) {
      first++;
    }
    if (first == spans.size()) {
      return request;
    }
    List<DecodedSpan> kept = new ArrayList<>(spans.subList(0, first));
    SpanRejections rejections = new SpanRejections();
    for (int i = first; i < spans.size(); i++) {
      DecodedSpan span = spans.get(i);
      if (inside(span)) {
        kept.add(span);
      } else {
        rejections.reject(rule(span.startTimeUnixNano()), span.name(), span.traceId());
      }
    }
    String message =
        request.rejectionMessage().isEmpty()
            ? rejections.message()
            : OtlpText.abbreviate(
                request.rejectionMessage() + "; " + rejections.message(), MAX_MESSAGE_CHARS);
    return new DecodedRequest(kept, request.rejectedSpans() + rejections.count(), message);
  }

  private boolean inside(DecodedSpan span) {
    long start = span.startTimeUnixNano();
    return start >= earliestStartNanos && start <= latestStartNanos;
  }

  private static long nanos(Instant instant) {
    return saturatedAdd(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the same sign and the sum's differs.
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** "24h", "90m", "30s", or the ISO form for anything else. */
  private static String describe(Duration d) {
    if (d.toSeconds() % 3600 == 0 && d.getNano() == 0) {
      return d.toHours() + "h";
    }
    if (d.toSeconds() % 60 == 0 && d.getNano() == 0) {
      return d.toMinutes() + "m";
    }
    return d.getNano() == 0 ? d.toSeconds() + "s" : d.toString();
  }
}
