package dev.weft.server.ingest.otlp;

import java.util.Map;

/**
 * A link from a span to another span.
 *
 * @param traceId 16 bytes
 * @param spanId 8 bytes
 * @param attributes link attributes, values as in {@link DecodedSpan}
 */
public record DecodedLink(byte[] traceId, byte[] spanId, Map<String, Object> attributes) {}
