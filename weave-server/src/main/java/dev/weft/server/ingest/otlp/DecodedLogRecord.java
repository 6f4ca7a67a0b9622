package dev.weft.server.ingest.otlp;

import java.util.Map;

/**
 * One OTLP log record as plain data, independent of the wire encoding it arrived in. Ids are taken
 * as sent (possibly empty or of the wrong length); {@link GenAiLogEvents} decides what is kept.
 *
 * @param traceId the trace id bytes as sent (16 when valid, empty when the record has no trace)
 * @param spanId the span id bytes as sent (8 when valid, empty when the record has no span)
 * @param flags the record's flags; the low byte holds the W3C trace flags of its span (bit 0:
 *     sampled)
 * @param timeUnixNano the record's time, or its observed time when the time is not set
 * @param eventName the event name: the {@code event_name} field, else the {@code event.name}
 *     attribute; empty when the record is no event
 * @param attributes record attributes, values as in {@link DecodedSpan}
 * @param body the record body as a plain value ({@code Map} for a kvlist), or {@code null}
 * @param resource the resource that produced the record
 */
public record DecodedLogRecord(
    byte[] traceId,
    byte[] spanId,
    int flags,
    long timeUnixNano,
    String eventName,
    Map<String, Object> attributes,
    Object body,
    DecodedResource resource) {

  /** The attribute holding the event name before OTLP had an {@code event_name} field. */
  public static final String EVENT_NAME_ATTRIBUTE = "event.name";

  /** The event name from the record's field, falling back to the {@code event.name} attribute. */
  static String eventName(String field, Map<String, Object> attributes) {
    if (field != null && !field.isEmpty()) {
      return field;
    }
    return attributes.get(EVENT_NAME_ATTRIBUTE) instanceof String s ? s : "";
  }

  /** The record's time, or its observed time when the time is zero (not set). */
  static long time(long timeUnixNano, long observedTimeUnixNano) {
    return timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano;
  }
}
