package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import java.util.List;
import java.util.Map;

/**
 * One instrumentation convention's rule table (OTel GenAI, OpenInference, OpenLLMetry, Weft...).
 *
 * <p>{@link SpanNormalizer} applies the conventions in precedence order to one {@link
 * CanonicalSpanBuilder}; since the builder keeps the first value set for each field, a convention
 * only fills what earlier ones left empty. A convention reads the span, sets what it recognizes,
 * and marks the content attributes and events it took as consumed. It must tolerate any value type
 * under any key; a value it cannot read is skipped (left in the attributes).
 *
 * <p>Supporting a new convention means a new implementation (and its test), added to {@link
 * SpanNormalizer}'s list, never a branch in shared code.
 */
interface Convention {

  /** Reads the span and fills what this convention recognizes into the builder. */
  void apply(DecodedSpan span, CanonicalSpanBuilder b);

  /** The span's attributes, or an empty map when it has none. */
  static Map<String, Object> attributes(DecodedSpan span) {
    Map<String, Object> attrs = span.attributes();
    return attrs == null ? Map.of() : attrs;
  }

  /** The span's events, or an empty list when it has none. */
  static List<DecodedEvent> events(DecodedSpan span) {
    List<DecodedEvent> events = span.events();
    return events == null ? List.of() : events;
  }

  /** An event's attributes, or an empty map when it has none (or the event is null). */
  static Map<String, Object> attributes(DecodedEvent event) {
    Map<String, Object> attrs = event == null ? null : event.attributes();
    return attrs == null ? Map.of() : attrs;
  }
}
