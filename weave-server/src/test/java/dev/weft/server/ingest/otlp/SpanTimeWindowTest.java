package dev.weft.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which start times a request's spans may have, and what the sender is told about the others. */
class SpanTimeWindowTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  static final Duration DAY = Duration.ofHours(24);

  static DecodedSpan span(String name, long startNanos) {
    byte[] trace = new byte[16];
    trace[15] = 7;
    return new DecodedSpan(
        trace,
        new byte[] {0, 0, 0, 0, 0, 0, 0, 1},
        null,
        "",
        name,
        0,
        startNanos,
        startNanos + 1000,
        Map.of(),
        List.of(),
        List.of(),
        0,
        "",
        null,
        null);
  }

  static DecodedRequest request(DecodedSpan... spans) {
    return new DecodedRequest(List.of(spans), 0, "");
  }

  @Test
  void spansInsideTheWindowLeaveTheRequestAsItIs() {
    DecodedRequest in =
        request(
            span("now", NOW_NANOS),
            span("2000", SpanTimeWindow.YEAR_2000_NANOS),
            span("a day ahead", NOW_NANOS + DAY.toNanos()));

    assertThat(SpanTimeWindow.at(NOW, DAY, 0).apply(in)).isSameAs(in);
  }

  @Test
  void timesSentInMillisecondsOrMicrosecondsLandIn1970AndAreRejectedSayingSo() {
    long millis = NOW.toEpochMilli();
    DecodedRequest out =
        SpanTimeWindow.at(NOW, DAY, 0)
            .apply(
                request(
                    span("ms", millis),
                    span("ok", NOW_NANOS),
                    span("us", millis * 1000),
                    span("1999", SpanTimeWindow.YEAR_2000_NANOS - 1)));

    assertThat(out.spans()).extracting(DecodedSpan::name).containsExactly("ok");
    assertThat(out.rejectedSpans()).isEqualTo(3);
    assertThat(out.rejectionMessage())
        .startsWith("3 spans rejected: 3× start_time_unix_nano is before 2000-01-01")
        .contains("nanoseconds since the Unix epoch")
        .contains("span 'ms' in trace 00000000");
  }

  @Test
  void spansFromAClockAheadByMoreThanTheSkewAreRejected() {
    DecodedRequest out =
        SpanTimeWindow.at(NOW, Duration.ofMinutes(90), 0)
            .apply(
                request(
                    span("fine", NOW_NANOS + Duration.ofMinutes(89).toNanos()),
                    span("ahead", NOW_NANOS + Duration.ofMinutes(91).toNanos()),
                    span("far ahead", Long.MAX_VALUE / 2)));

    assertThat(out.spans()).extracting(DecodedSpan::name).containsExactly("fine");
    assertThat(out.rejectionMessage())
        .isEqualTo(
            "2 spans rejected: 2× start_time_unix_nano is more than 90m ahead of the server's"
                + " clock (weft.ingest.max-clock-skew): check the clock of the host that sent it"
                + " (span 'ahead' in trace 00000000…)");
  }

  @Test
  void withRetentionSpansBeforeTheFirstKeptDayAreRejected() {
    // 7 days at 2026-11-27: the retention job keeps 2026-11-20 and later.
    DecodedRequest out =
        SpanTimeWindow.at(NOW, DAY, 7)
            .apply(
                request(
                    span(
                        "old",
                        Instant.parse("2026-11-19T23:59:59Z").getEpochSecond() * 1_000_000_000L),
                    span(
                        "kept",
                        Instant.parse("2026-11-20T00:00:00Z").getEpochSecond() * 1_000_000_000L),
                    span("1970", 5)));

    assertThat(out.spans()).extracting(DecodedSpan::name).containsExactly("kept");
    assertThat(out.rejectionMessage())
        .contains(
            "1× start_time_unix_nano is before 2026-11-20, outside the retention window"
                + " (weft.retention.days=7): it would be deleted at once (span 'old'")
        .contains("(span '1970'");
  }

  @Test
  void theDecodersRejectionsAreKeptAndCountedWithTheWindows() {
    DecodedRequest decoded =
        new DecodedRequest(
            List.of(span("ok", NOW_NANOS), span("old", 1)),
            2,
            "2 spans rejected: 2× span_id must be 8 bytes, got 7 (span 'x' in trace 5b8efff7)");

    DecodedRequest out = SpanTimeWindow.at(NOW, DAY, 0).apply(decoded);

    assertThat(out.rejectedSpans()).isEqualTo(3);
    assertThat(out.rejectionMessage())
        .startsWith(
            "2 spans rejected: 2× span_id must be 8 bytes, got 7 (span 'x' in trace 5b8efff7); 1 span rejected: 1× start_time_unix_nano is before 2000-01-01");
  }

  @Test
  void aHugeSkewMeansNoUpperBound() {
    DecodedRequest in = request(span("far", Long.MAX_VALUE - 10));

    assertThat(SpanTimeWindow.at(NOW, Duration.ofDays(365L * 1000), 0).apply(in)).isSameAs(in);
  }
}
