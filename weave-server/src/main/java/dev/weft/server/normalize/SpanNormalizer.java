package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.ingest.otlp.GenAiLogEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a decoded OTLP span into a {@link CanonicalSpan}, whichever LLM-tracing convention the
 * instrumentation followed.
 *
 * <p>The conventions are applied in precedence order: Weft's own {@code weft.*} attributes, Spring
 * AI's {@code spring.ai.*} keys (what its framework spans are), the OpenTelemetry GenAI semantic
 * conventions, OpenInference, OpenLLMetry, Quarkus LangChain4j's AI service span names, and last
 * the general OpenTelemetry exception event. A field set by an earlier convention is never
 * overwritten by a later one. Attributes whose content went into messages, input or output are left
 * out of {@link CanonicalSpan#attributes()}; every other attribute, known or not, is kept verbatim.
 *
 * <p>Stateless and thread-safe. {@link #normalize} never throws: a value of the wrong type or
 * malformed JSON under a known key is simply not used (and so stays in the attributes).
 */
public final class SpanNormalizer {

  /** The conventions, highest precedence first. */
  static final List<Convention> CONVENTIONS =
      List.of(
          new WeftConvention(),
          new SpringAiConvention(),
          new OtelGenAiConvention(),
          new OpenInferenceConvention(),
          new OpenLlmetryConvention(),
          new QuarkusLangChain4jConvention(),
          new ExceptionEventConvention());

  /** A normalizer applying all supported conventions. */
  public SpanNormalizer() {}

  /**
   * The canonical view of the span. Never throws; a {@code null} span gives an empty canonical span
   * of category {@link SpanCategory#OTHER}.
   *
   * @param span the decoded span
   * @return the canonical span, never {@code null}
   */
  public CanonicalSpan normalize(DecodedSpan span) {
    CanonicalSpanBuilder b = new CanonicalSpanBuilder();
    if (span == null) {
      return b.build(null);
    }
    for (Convention convention : CONVENTIONS) {
      try {
        convention.apply(span, b);
      } catch (RuntimeException | StackOverflowError e) {
        // A convention that cannot read this span contributes what it set before failing;
        // the attributes it did not consume stay in the canonical span.
      }
    }
    try {
      return b.build(span);
    } catch (RuntimeException e) {
      return fallback(span);
    }
  }

  /**
   * The canonical view of a span known only by GenAI events that arrived apart from it (OTLP log
   * records, see {@code GenAiLogEvents}): their messages become its input and output, as if they
   * had been span events. An event named {@code gen_ai.client.inference.operation.details}
   * contributes its attributes ({@code gen_ai.input.messages}, ...) as span attributes. Never
   * throws.
   *
   * @param traceId the span's trace id
   * @param spanId the span's id
   * @param events the events in the order they were emitted
   * @return the canonical span; only its messages, input and output are meant to be used
   */
  public CanonicalSpan normalizeEvents(byte[] traceId, byte[] spanId, List<DecodedEvent> events) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<DecodedEvent> messageEvents = new ArrayList<>(events.size());
    for (DecodedEvent event : events) {
      if (GenAiLogEvents.DETAILS_EVENT.equals(event.name())) {
        attributes.putAll(event.attributes());
      } else {
        messageEvents.add(event);
      }
    }
    long time = events.isEmpty() ? 0 : events.get(0).timeUnixNano();
    return normalize(
        new DecodedSpan(
            traceId,
            spanId,
            null,
            "",
            "",
            0,
            time,
            time,
            attributes,
            messageEvents,
            List.of(),
            0,
            "",
            DecodedResource.EMPTY,
            DecodedScope.EMPTY));
  }

  /** The span with nothing recognized: all attributes and events kept. */
  private static CanonicalSpan fallback(DecodedSpan span) {
    Map<String, Object> attrs = span.attributes() == null ? Map.of() : span.attributes();
    List<DecodedEvent> events = span.events() == null ? List.of() : span.events();
    return new CanonicalSpan(
        SpanCategory.OTHER,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        Collections.unmodifiableMap(new LinkedHashMap<>(attrs)),
        Collections.unmodifiableList(new ArrayList<>(events)));
  }
}
