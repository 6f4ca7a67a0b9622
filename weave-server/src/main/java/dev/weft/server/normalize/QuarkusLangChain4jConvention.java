package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedSpan;

/**
 * Quarkus LangChain4j's AI service spans: a method of a {@code @RegisterAiService} interface is
 * traced as {@code langchain4j.aiservices.<Interface>.<method>}, with no attribute saying what it
 * is. Such a call runs the whole exchange — memory, retrieval, model calls and tools — so it is an
 * agent span, as Weft's own LangChain4j integration names it ({@code invoke_agent}). Its model
 * calls and tool calls under it carry the OTel GenAI attributes, read by that convention.
 *
 * <p>Applied after the attribute conventions: a span that says its kind keeps it.
 */
final class QuarkusLangChain4jConvention implements Convention {

  static final String AI_SERVICE_PREFIX = "langchain4j.aiservices.";

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    String name = span.name();
    if (name != null
        && name.length() > AI_SERVICE_PREFIX.length()
        && name.startsWith(AI_SERVICE_PREFIX)) {
      b.category(SpanCategory.AGENT);
    }
  }
}
