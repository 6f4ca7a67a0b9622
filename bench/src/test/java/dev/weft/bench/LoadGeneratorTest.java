package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The load generator's pure parts: back-off, partial success, latency quantiles, request bytes. */
class LoadGeneratorTest {

  private static final long NOW_MILLIS = 1_760_000_000_000L;

  @Test
  void retryAfterInSecondsIsHonouredWithAtLeastOneSecond() {
    assertThat(LoadGenerator.retryAfterMillis("3", NOW_MILLIS)).isEqualTo(3000);
    assertThat(LoadGenerator.retryAfterMillis(" 2 ", NOW_MILLIS)).isEqualTo(2000);
    assertThat(LoadGenerator.retryAfterMillis("0", NOW_MILLIS)).isEqualTo(1000);
    assertThat(LoadGenerator.retryAfterMillis("-5", NOW_MILLIS)).isEqualTo(1000);
  }

  @Test
  void retryAfterAsAnHttpDateWaitsUntilThenButAtLeastOneSecond() {
    String in5s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(NOW_MILLIS + 5000), ZoneOffset.UTC));
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(NOW_MILLIS - 60_000), ZoneOffset.UTC));
    assertThat(LoadGenerator.retryAfterMillis(in5s, NOW_MILLIS)).isEqualTo(5000);
    assertThat(LoadGenerator.retryAfterMillis(past, NOW_MILLIS)).isEqualTo(1000);
  }

  @Test
  void missingOrUnreadableRetryAfterWaitsOneSecond() {
    assertThat(LoadGenerator.retryAfterMillis(null, NOW_MILLIS)).isEqualTo(1000);
    assertThat(LoadGenerator.retryAfterMillis("", NOW_MILLIS)).isEqualTo(1000);
    assertThat(LoadGenerator.retryAfterMillis("soon", NOW_MILLIS)).isEqualTo(1000);
    assertThat(LoadGenerator.retryAfterMillis("1.5", NOW_MILLIS)).isEqualTo(1000);
  }

  @Test
  void rejectedSpansComeFromPartialSuccess() {
    byte[] partial =
        ExportTraceServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(7)
                    .setErrorMessage("7 spans too large"))
            .build()
            .toByteArray();
    assertThat(LoadGenerator.rejectedSpans(partial)).isEqualTo(7);
    assertThat(LoadGenerator.rejectedSpans(new byte[0])).isZero();
    assertThat(
            LoadGenerator.rejectedSpans(
                ExportTraceServiceResponse.getDefaultInstance().toByteArray()))
        .isZero();
    assertThat(LoadGenerator.rejectedSpans(new byte[] {(byte) 0xff, 0x01, 0x02})).isZero();
  }

  @Test
  void latencyQuantilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (i + 1) * 1_000_000L;
    }
    LoadGenerator.Result result =
        new LoadGenerator.Result(10, 5000, 100, nanos, 5000, 0, 0, 0, null, 1000);
    assertThat(result.latencyMillis(0.5)).isEqualTo(50.0);
    assertThat(result.latencyMillis(0.99)).isEqualTo(99.0);
    assertThat(result.latencyMillis(1.0)).isEqualTo(100.0);
    assertThat(result.latencyMillis(0.0)).isEqualTo(1.0);
    assertThat(result.spansPerSecond()).isEqualTo(500.0);
    LoadGenerator.Result none =
        new LoadGenerator.Result(10, 0, 0, new long[0], 0, 0, 0, 0, null, 0);
    assertThat(none.latencyMillis(0.5)).isNaN();
  }

  @Test
  void requestWrittenIntoANetworkBufferIsTheSameAsTheByteArrayCopy() throws Exception {
    ExportTraceServiceRequest original =
        new LlmTraceGenerator(7, 1_760_000_000_000_000_000L).request(100);
    RequestTemplate template = RequestTemplate.of(original);
    byte[] expected = template.withFreshIds(new SplittableRandom(11));
    ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(template.size());
    try {
      template.writeWithFreshIds(new SplittableRandom(11), direct);
      assertThat(direct.readableBytes()).isEqualTo(template.size());
      assertThat(ByteBufUtil.getBytes(direct)).isEqualTo(expected);
      // Fresh ids: not the template's own.
      assertThat(
              ExportTraceServiceRequest.parseFrom(expected)
                  .getResourceSpans(0)
                  .getScopeSpans(0)
                  .getSpans(0)
                  .getSpanId())
          .isNotEqualTo(original.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId());
    } finally {
      direct.release();
    }
  }

  @Test
  void requestHeadCarriesTheOtlpHeadersAndTheBodyLength() {
    ByteBuf head =
        LoadGenerator.requestHead(
            java.net.URI.create("http://127.0.0.1:4318/v1/traces"), "weft_key", 164239);
    try {
      String text = head.toString(java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(text)
          .startsWith("POST /v1/traces HTTP/1.1\r\n")
          .contains("host: 127.0.0.1:4318\r\n")
          .contains("content-type: application/x-protobuf\r\n")
          .contains("authorization: Bearer weft_key\r\n")
          .contains("content-length: 164239\r\n")
          .endsWith("\r\n\r\n");
    } finally {
      head.release();
    }
  }
}
