package dev.weft.server.normalize;

import static java.util.Map.entry;

import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.Locale;
import java.util.Map;

/**
 * Weft's own {@code weft.*} attributes, the highest-precedence convention: an application that says
 * {@code weft.span.kind} or {@code weft.cost} explicitly means it.
 *
 * <p>The grouping keys ({@code weft.project}, {@code weft.run.id}, {@code weft.session.id}, {@code
 * weft.prompt.name}, {@code weft.prompt.version}) may also be set on the resource, where they apply
 * to all its spans; a span's own attribute wins over its resource's.
 */
final class WeftConvention implements Convention {

  /** Keys read from span attributes, then (the same keys) from resource attributes. */
  static final Map<String, Text> TEXTS =
      Tables.linked(
          entry("weft.project", Text.PROJECT),
          entry("weft.run.id", Text.RUN_ID),
          entry("weft.session.id", Text.SESSION_ID),
          entry("weft.prompt.name", Text.PROMPT_NAME),
          entry("weft.prompt.version", Text.PROMPT_VERSION));

  /** {@code weft.span.kind} values. */
  static final Map<String, SpanCategory> KINDS =
      Map.of(
          "llm", SpanCategory.LLM,
          "chat", SpanCategory.CHAT,
          "embedding", SpanCategory.EMBEDDING,
          "tool", SpanCategory.TOOL,
          "retriever", SpanCategory.RETRIEVER,
          "agent", SpanCategory.AGENT,
          "chain", SpanCategory.CHAIN);

  static final String SPAN_KIND = "weft.span.kind";
  static final String COST = "weft.cost";

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    Map<String, Object> attrs = Convention.attributes(span);
    b.texts(TEXTS, attrs);
    DecodedResource resource = span.resource();
    if (resource != null) {
      b.texts(TEXTS, resource.attributes());
    }
    if (attrs.get(SPAN_KIND) instanceof String kind) {
      b.category(KINDS.get(kind.trim().toLowerCase(Locale.ROOT)));
    }
    b.reportedCost(attrs.get(COST));
  }
}
