package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanCopyEncoderTest {

  /** The fields of one encoded row: null for SQL NULL. */
  static List<byte[]> fields(ByteBuf in) {
    int count = in.readShort();
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.readInt();
      if (length < 0) {
        out.add(null);
      } else {
        byte[] value = new byte[length];
        in.readBytes(value);
        out.add(value);
      }
    }
    return out;
  }

  static SpanRow row(String name, String attributesJson) {
    return SpanRowFixture.row(
        r -> {
          r.projectId = 42;
          r.traceId = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
          r.spanId = new byte[] {8, 7, 6, 5, 4, 3, 2, 1};
          r.name = name;
          r.category = "chat";
          r.otelKind = 3;
          r.statusCode = 2;
          r.startTime = OffsetDateTime.of(2000, 1, 1, 0, 0, 1, 999_999, ZoneOffset.UTC);
          r.endTime = OffsetDateTime.of(2000, 1, 1, 0, 0, 2, 0, ZoneOffset.UTC);
          r.durationNanos = 999_000_001L;
          r.operation = "chat";
          r.provider = "openai";
          r.model = "gpt-4o";
          r.inputTokens = 10L;
          r.totalTokens = 10L;
          r.cacheReadTokens = 8L;
          r.costUsd = 0.125;
          r.attributesJson = attributesJson;
        });
  }

  @Test
  void aCopyStartsWithThePgcopySignatureAndEndsWithTheTrailer() {
    ByteBuf out = Unpooled.buffer();
    SpanCopyEncoder.header(out);
    SpanCopyEncoder.trailer(out);

    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    assertThat(bytes)
        .containsExactly(
            'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
            0xff);
  }

  @Test
  void aRowHasEveryColumnInItsBinaryFormWithNullsAsMinusOne() {
    ByteBuf out = Unpooled.buffer();
    SpanCopyEncoder.appendRow(out, row("chat gpt-4o", "{\"k\":\"v\"}"));

    List<byte[]> f = fields(out);
    assertThat(out.readableBytes()).isZero();
    assertThat(f).hasSize(SpanCopyEncoder.COLUMNS.split(",").length);
    assertThat(Unpooled.wrappedBuffer(f.get(0)).readLong()).isEqualTo(42);
    assertThat(f.get(1)).hasSize(16).startsWith(1, 2, 3);
    assertThat(f.get(3)).as("no parent").isNull();
    assertThat(new String(f.get(4), StandardCharsets.UTF_8)).isEqualTo("chat gpt-4o");
    assertThat(Unpooled.wrappedBuffer(f.get(6)).readShort()).isEqualTo((short) 3);
    assertThat(Unpooled.wrappedBuffer(f.get(9)).readLong())
        .as("microseconds since 2000-01-01, the nanoseconds truncated")
        .isEqualTo(1_000_999L);
    assertThat(f.get(16)).as("unknown output tokens").isNull();
    assertThat(Unpooled.wrappedBuffer(f.get(18)).readLong()).as("cache reads").isEqualTo(8);
    assertThat(f.get(19)).as("no cache writes reported").isNull();
    assertThat(Unpooled.wrappedBuffer(f.get(20)).readDouble()).isEqualTo(0.125);
    byte[] attributes = f.get(28);
    assertThat(attributes[0]).as("jsonb version byte").isEqualTo((byte) 1);
    assertThat(new String(attributes, 1, attributes.length - 1, StandardCharsets.UTF_8))
        .isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void textKeepsEveryCharacterButNulWhichPostgresCannotStore() {
    ByteBuf out = Unpooled.buffer();
    SpanCopyEncoder.appendRow(out, row("tab\there\nnew \\ line é 😀 nul\0end", "{}"));

    assertThat(new String(fields(out).get(4), StandardCharsets.UTF_8))
        .isEqualTo("tab\there\nnew \\ line é 😀 nul\uFFFDend");
  }

  @Test
  void timesBeforePostgresEpochAreNegativeMicroseconds() {
    assertThat(
            SpanCopyEncoder.postgresMicros(
                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1_500, ZoneOffset.UTC)))
        .isEqualTo(-946_684_800_000_000L + 1);
  }
}
