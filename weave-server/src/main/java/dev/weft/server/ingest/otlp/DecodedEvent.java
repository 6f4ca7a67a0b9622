package dev.weft.server.ingest.otlp;

import java.util.Map;

/**
 * A span event (e.g. {@code exception}, or an older GenAI message event).
 *
 * @param name event name
 * @param timeUnixNano event time, nanoseconds since the epoch
 * @param attributes event attributes, values as in {@link DecodedSpan}
 */
public record DecodedEvent(String name, long timeUnixNano, Map<String, Object> attributes) {}
