package dev.weft.server.ingest.otlp;

import java.util.Map;

/**
 * The OTLP resource (service, host, SDK, {@code weft.project}, ...) spans were produced by.
 *
 * @param attributes resource attributes, values as in {@link DecodedSpan}
 */
public record DecodedResource(Map<String, Object> attributes) {

  /** The resource with no attributes. */
  public static final DecodedResource EMPTY = new DecodedResource(Map.of());

  /** The value of a string resource attribute, or {@code null}. */
  public String string(String key) {
    Object value = attributes.get(key);
    return value instanceof String s ? s : null;
  }
}
