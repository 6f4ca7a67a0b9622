package dev.weft.server.ingest.otlp;

import java.util.List;
import java.util.Map;

/**
 * One OTLP span as plain data, independent of the wire encoding it arrived in.
 *
 * <p>Attribute values are plain Java objects: {@code String}, {@code Boolean}, {@code Long}, {@code
 * Double}, {@code List<Object>} (OTLP array), {@code Map<String, Object>} (OTLP kvlist), with OTLP
 * bytes values carried as base64 strings. Maps keep the wire order.
 *
 * @param traceId 16 bytes, never all zero
 * @param spanId 8 bytes, never all zero
 * @param parentSpanId 8 bytes, or {@code null} for a root span
 * @param traceState W3C trace state, or empty
 * @param name span name
 * @param kind OTLP {@code SpanKind} number (0 unspecified .. 5 consumer)
 * @param startTimeUnixNano start, nanoseconds since the epoch
 * @param endTimeUnixNano end, nanoseconds since the epoch
 * @param attributes span attributes
 * @param events span events in wire order
 * @param links span links in wire order
 * @param statusCode OTLP {@code StatusCode} number (0 unset, 1 ok, 2 error)
 * @param statusMessage status description, or empty
 * @param resource the resource that produced the span (shared between spans of one request)
 * @param scope the instrumentation scope that produced the span
 */
public record DecodedSpan(
    byte[] traceId,
    byte[] spanId,
    byte[] parentSpanId,
    String traceState,
    String name,
    int kind,
    long startTimeUnixNano,
    long endTimeUnixNano,
    Map<String, Object> attributes,
    List<DecodedEvent> events,
    List<DecodedLink> links,
    int statusCode,
    String statusMessage,
    DecodedResource resource,
    DecodedScope scope) {}
