/**
 * Normalization of decoded OTLP spans into one canonical view of LLM-application steps.
 *
 * <p>{@link dev.weft.server.normalize.SpanNormalizer} applies one rule table per instrumentation
 * convention (Weft, Spring AI, OpenTelemetry GenAI, OpenInference, OpenLLMetry, Quarkus
 * LangChain4j), each a {@code Convention} in its own file, in precedence order; the first
 * convention to supply a field wins.
 */
package dev.weft.server.normalize;
