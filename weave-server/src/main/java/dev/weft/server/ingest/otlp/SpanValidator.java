package dev.weft.server.ingest.otlp;

/**
 * The per-span rules both OTLP decoders apply, kept in one place so protobuf and JSON requests are
 * judged alike.
 *
 * <p>A span is rejected when its ids cannot identify it (wrong length, all zero, or, in JSON, not
 * hex) or its timing is impossible (no start time, end before start). Rejected spans are dropped
 * and reported to the sender through OTLP {@code partial_success}; the rest of the request is kept.
 */
final class SpanValidator {

  /** Length of an OTLP trace id in bytes. */
  static final int TRACE_ID_BYTES = 16;

  /** Length of an OTLP span id in bytes. */
  static final int SPAN_ID_BYTES = 8;

  private SpanValidator() {}

  /**
   * Why a trace id and span id pair is not a valid span identity, or {@code null} when it is.
   *
   * @param traceId the trace id bytes as received
   * @param spanId the span id bytes as received
   * @return a short reason naming the offending OTLP field
   */
  static String idProblem(byte[] traceId, byte[] spanId) {
    if (traceId.length != TRACE_ID_BYTES) {
      return "trace_id must be " + TRACE_ID_BYTES + " bytes, got " + traceId.length;
    }
    if (allZero(traceId)) {
      return "trace_id must not be all zero";
    }
    if (spanId.length != SPAN_ID_BYTES) {
      return "span_id must be " + SPAN_ID_BYTES + " bytes, got " + spanId.length;
    }
    if (allZero(spanId)) {
      return "span_id must not be all zero";
    }
    return null;
  }

  /**
   * Why a span must be rejected, or {@code null} when it is valid.
   *
   * @param traceId the trace id bytes as received
   * @param spanId the span id bytes as received
   * @param parentSpanId the parent span id bytes as received ({@code null} or empty for a root)
   * @param startTimeUnixNano start time as received
   * @param endTimeUnixNano end time as received
   * @return a short reason naming the offending OTLP field, shared by all spans with the same fault
   */
  static String problem(
      byte[] traceId,
      byte[] spanId,
      byte[] parentSpanId,
      long startTimeUnixNano,
      long endTimeUnixNano) {
    String ids = idProblem(traceId, spanId);
    if (ids != null) {
      return ids;
    }
    if (parentSpanId != null && parentSpanId.length != 0 && parentSpanId.length != SPAN_ID_BYTES) {
      return "parent_span_id must be empty or "
          + SPAN_ID_BYTES
          + " bytes, got "
          + parentSpanId.length;
    }
    if (startTimeUnixNano == 0) {
      return "start_time_unix_nano is 0 (not set)";
    }
    if (startTimeUnixNano < 0) {
      return "start_time_unix_nano is out of range";
    }
    if (endTimeUnixNano < startTimeUnixNano) {
      return "end_time_unix_nano is before start_time_unix_nano";
    }
    return null;
  }

  /**
   * The parent span id to store for a span that passed {@link #problem}: {@code null} for a root
   * span (no parent, or the all-zero id some exporters send for "no parent"), else the bytes.
   */
  static byte[] parentOrNull(byte[] parentSpanId) {
    if (parentSpanId == null || parentSpanId.length == 0 || allZero(parentSpanId)) {
      return null;
    }
    return parentSpanId;
  }

  /**
   * Whether a span link points at something addressable. Links that do not are dropped: they cannot
   * be resolved, and one bad link is no reason to lose the span.
   */
  static boolean validLink(byte[] traceId, byte[] spanId) {
    return traceId != null
        && spanId != null
        && traceId.length == TRACE_ID_BYTES
        && spanId.length == SPAN_ID_BYTES
        && !allZero(traceId)
        && !allZero(spanId);
  }

  /** The OTLP {@code SpanKind} number, with values outside 0..5 mapped to 0 (unspecified). */
  static int kind(int wireValue) {
    return wireValue >= 0 && wireValue <= 5 ? wireValue : 0;
  }

  /** The OTLP {@code StatusCode} number, with values outside 0..2 mapped to 0 (unset). */
  static int statusCode(int wireValue) {
    return wireValue >= 0 && wireValue <= 2 ? wireValue : 0;
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
