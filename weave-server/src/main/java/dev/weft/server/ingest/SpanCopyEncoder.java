package dev.weft.server.ingest;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * Encodes {@link SpanRow}s in PostgreSQL's binary {@code COPY} format for the columns in {@link
 * #COLUMNS}: a header, then per row the field count and each field as a length-prefixed value in
 * the type's binary form, then a trailer. Pure: writes into a caller's buffer, so the writer can
 * stream large batches in chunks.
 *
 * <p>Binary rather than text: nothing is escaped or scanned on our side, and PostgreSQL parses no
 * numbers, times or hex. PostgreSQL text cannot hold the NUL character, so it is replaced by U+FFFD
 * (the JSON columns never contain one: {@link SpanRowMapper} already replaces the {@code \u0000}
 * escape jsonb refuses). Times keep microseconds (PostgreSQL's precision) by truncation, so a
 * re-sent span always yields the same primary key.
 */
public final class SpanCopyEncoder {

  /** The {@code spans} columns in the order {@link #appendRow} writes them. */
  public static final String COLUMNS =
      "project_id, trace_id, span_id, parent_span_id, name, category, otel_kind, status_code,"
          + " status_message, start_time, end_time, duration_ns, operation, provider, model,"
          + " input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens,"
          + " cost_usd, session_id, run_id,"
          + " prompt_name, prompt_version, error_type, input, output, attributes, events, links,"
          + " resource";

  /** The {@code COPY} option that selects this format. */
  public static final String FORMAT = "(format binary)";

  private static final int FIELDS = 32;

  private static final byte[] SIGNATURE =
      "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

  /** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  /** jsonb's binary form is a version byte followed by the JSON text. */
  private static final byte JSONB_VERSION = 1;

  private SpanCopyEncoder() {}

  /** Writes the header that starts the data of one {@code COPY}. */
  public static void header(ByteBuf out) {
    out.writeBytes(SIGNATURE);
    out.writeInt(0); // flags: no OIDs
    out.writeInt(0); // no header extension
  }

  /** Writes the trailer that ends the data of one {@code COPY}. */
  public static void trailer(ByteBuf out) {
    out.writeShort(-1);
  }

  /** Writes one row. */
  public static void appendRow(ByteBuf out, SpanRow r) {
    out.writeShort(FIELDS);
    int8(out, r.projectId());
    bytea(out, r.traceId());
    bytea(out, r.spanId());
    bytea(out, r.parentSpanId());
    text(out, r.name());
    text(out, r.category());
    int2(out, r.otelKind());
    int2(out, r.statusCode());
    text(out, r.statusMessage());
    int8(out, postgresMicros(r.startTime()));
    int8(out, postgresMicros(r.endTime()));
    int8(out, r.durationNanos());
    text(out, r.operation());
    text(out, r.provider());
    text(out, r.model());
    int8(out, r.inputTokens());
    int8(out, r.outputTokens());
    int8(out, r.totalTokens());
    int8(out, r.cacheReadTokens());
    int8(out, r.cacheWriteTokens());
    if (r.costUsd() == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(8).writeDouble(r.costUsd());
    }
    text(out, r.sessionId());
    text(out, r.runId());
    text(out, r.promptName());
    text(out, r.promptVersion());
    text(out, r.errorType());
    jsonb(out, r.inputJson());
    jsonb(out, r.outputJson());
    jsonb(out, r.attributesJson());
    jsonb(out, r.eventsJson());
    jsonb(out, r.linksJson());
    jsonb(out, r.resourceJson());
  }

  /** A time as stored: microseconds since 2000-01-01 UTC, truncated from nanoseconds. */
  public static long postgresMicros(OffsetDateTime time) {
    long seconds = time.toEpochSecond();
    return seconds * 1_000_000L + time.getNano() / 1000 - POSTGRES_EPOCH_MICROS;
  }

  private static void int8(ByteBuf out, long value) {
    out.writeInt(8).writeLong(value);
  }

  private static void int8(ByteBuf out, Long value) {
    if (value == null) {
      out.writeInt(-1);
    } else {
      int8(out, value.longValue());
    }
  }

  private static void int2(ByteBuf out, short value) {
    out.writeInt(2).writeShort(value);
  }

  private static void bytea(ByteBuf out, byte[] bytes) {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length).writeBytes(bytes);
    }
  }

  // String.getBytes is vectorised for ASCII text (most of a span); Netty's writeCharSequence walks
  // it char by char.
  private static void text(ByteBuf out, String s) {
    if (s == null) {
      out.writeInt(-1);
    } else {
      byte[] utf8 = withoutNul(s).getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length).writeBytes(utf8);
    }
  }

  // JSON text holds no raw NUL (JSON escapes control characters, and SpanRowMapper writes NUL's
  // escape as U+FFFD's), so unlike text() nothing is scanned for it.
  private static void jsonb(ByteBuf out, String json) {
    if (json == null) {
      out.writeInt(-1);
    } else {
      byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length + 1).writeByte(JSONB_VERSION).writeBytes(utf8);
    }
  }

  private static String withoutNul(String s) {
    return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }
}
