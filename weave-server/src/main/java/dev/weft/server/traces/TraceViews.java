package dev.weft.server.traces;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON shapes of the trace query API. */
public final class TraceViews {

  private TraceViews() {}

  /**
   * One trace in a listing.
   *
   * @param traceId 32 hex characters
   * @param name the root span's name (or the earliest span's while the root has not arrived)
   * @param complete whether the root span has arrived
   * @param startTime first span start
   * @param endTime last span end
   * @param durationMs end minus start
   * @param spanCount spans stored
   * @param errorCount spans with status error
   * @param status {@code error} when any span failed, else {@code ok}
   * @param inputTokens summed input tokens
   * @param outputTokens summed output tokens
   * @param totalTokens summed total tokens
   * @param cacheReadTokens summed input tokens a provider served from its prompt cache (part of
   *     {@code inputTokens}; 0 when no span said)
   * @param cacheWriteTokens summed input tokens written to a prompt cache (part of {@code
   *     inputTokens})
   * @param costUsd summed cost of the spans whose cost is known, or null when none is
   * @param models models used
   * @param providers providers used
   * @param kinds span categories present
   * @param sessionId session, or null
   * @param runId experiment run, or null
   * @param inputPreview the start of the trace's input, at most 300 characters: the root span's,
   *     else the first model call's last user message, else the earliest input; null when no span
   *     has an input
   * @param outputPreview the start of the trace's output: the root span's, else the last model
   *     call's first assistant message, else the latest output; null when none has one
   */
  public record TraceSummary(
      String traceId,
      String name,
      boolean complete,
      OffsetDateTime startTime,
      OffsetDateTime endTime,
      double durationMs,
      int spanCount,
      int errorCount,
      String status,
      long inputTokens,
      long outputTokens,
      long totalTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      Double costUsd,
      List<String> models,
      List<String> providers,
      List<String> kinds,
      @Schema(nullable = true) String sessionId,
      @Schema(nullable = true) String runId,
      @Schema(nullable = true) String inputPreview,
      @Schema(nullable = true) String outputPreview) {}

  /**
   * What deleting a trace removed.
   *
   * @param traceId the deleted trace
   * @param deletedSpans how many spans went with it
   */
  public record TraceDeletion(String traceId, long deletedSpans) {}

  /**
   * A page of traces.
   *
   * @param items the traces
   * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
   * @param total how many traces the filters match, when asked for with {@code total=true}; else
   *     null
   */
  public record TracePage(
      List<TraceSummary> items,
      @Schema(nullable = true) String nextCursor,
      @Schema(nullable = true) TraceCount total) {}

  /**
   * How many traces match a listing's filters, whatever the page.
   *
   * @param count the number of matching traces, or {@link TraceQuerySql#COUNT_CAP} when there are
   *     more
   * @param exact false when there are more than {@code count} (show it as "10,000+")
   */
  public record TraceCount(long count, boolean exact) {

    /** The count to report for {@code counted} rows read by {@link TraceQuerySql#count}. */
    public static TraceCount of(long counted) {
      return counted > TraceQuerySql.COUNT_CAP
          ? new TraceCount(TraceQuerySql.COUNT_CAP, false)
          : new TraceCount(counted, true);
    }
  }

  /**
   * Token usage of a span.
   *
   * @param inputTokens prompt tokens
   * @param outputTokens completion tokens
   * @param totalTokens total tokens
   * @param cacheReadTokens input tokens the provider served from its prompt cache (part of the
   *     input tokens), or null when the instrumentation did not say
   * @param cacheWriteTokens input tokens written to the prompt cache (part of the input tokens), or
   *     null
   */
  public record Usage(
      Long inputTokens,
      Long outputTokens,
      Long totalTokens,
      Long cacheReadTokens,
      Long cacheWriteTokens) {}

  /**
   * One span with its canonical fields and raw data.
   *
   * @param traceId 32 hex characters
   * @param spanId 16 hex characters
   * @param parentSpanId 16 hex characters, or null for a root
   * @param name span name
   * @param kind canonical category ({@code chat}, {@code tool}, ...)
   * @param spanKind OTLP span kind ({@code internal}, {@code server}, {@code client}, ...)
   * @param status {@code unset}, {@code ok} or {@code error}
   * @param statusMessage status description, or null
   * @param startTime start
   * @param endTime end
   * @param durationMs duration in milliseconds (fractional)
   * @param operation GenAI operation, or null
   * @param provider model provider, or null
   * @param model model, or null
   * @param usage token usage, or null when the span reported none
   * @param costUsd cost, or null when unknown
   * @param sessionId session, or null
   * @param runId run, or null
   * @param promptName prompt name, or null
   * @param promptVersion prompt version, or null
   * @param errorType error type, or null
   * @param input {@code {"messages": [...]}} or {@code {"value": ...}}, or null
   * @param output same shape as input
   * @param attributes attributes not mapped to the fields above
   * @param events events (exceptions with stack traces among them)
   * @param links links to other spans
   * @param resource resource attributes and instrumentation scope
   * @param children child spans, by start time (only in trace trees)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SpanView(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      String spanKind,
      String status,
      String statusMessage,
      OffsetDateTime startTime,
      OffsetDateTime endTime,
      double durationMs,
      String operation,
      String provider,
      String model,
      Usage usage,
      Double costUsd,
      String sessionId,
      String runId,
      String promptName,
      String promptVersion,
      String errorType,
      @JsonRawValue String input,
      @JsonRawValue String output,
      @JsonRawValue String attributes,
      @JsonRawValue String events,
      @JsonRawValue String links,
      @JsonRawValue String resource,
      List<SpanView> children) {

    /** This span with the given children. */
    public SpanView withChildren(List<SpanView> kids) {
      return new SpanView(
          traceId,
          spanId,
          parentSpanId,
          name,
          kind,
          spanKind,
          status,
          statusMessage,
          startTime,
          endTime,
          durationMs,
          operation,
          provider,
          model,
          usage,
          costUsd,
          sessionId,
          runId,
          promptName,
          promptVersion,
          errorType,
          input,
          output,
          attributes,
          events,
          links,
          resource,
          kids);
    }
  }

  /**
   * A trace as a tree of spans.
   *
   * @param summary the trace's summary
   * @param roots spans without a stored parent (normally one root), each with its descendants
   */
  public record TraceTree(TraceSummary summary, List<SpanView> roots) {}

  /**
   * One span in the light, flat form of a trace: what a tree row and a waterfall bar need, so a
   * trace of thousands of spans loads fast. The full span comes from the span endpoint.
   *
   * @param spanId 16 hex characters
   * @param parentSpanId 16 hex characters, or null for a root
   * @param name span name
   * @param kind canonical category ({@code chat}, {@code tool}, ...)
   * @param status {@code unset}, {@code ok} or {@code error}
   * @param offsetMs start relative to the trace start, in milliseconds (fractional)
   * @param durationMs duration in milliseconds (fractional)
   * @param model model, or null
   * @param inputTokens input tokens, or null
   * @param outputTokens output tokens, or null
   * @param totalTokens total tokens, or null
   * @param costUsd cost, or null when unknown
   * @param errorType error type, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SpanRow(
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      String status,
      double offsetMs,
      double durationMs,
      String model,
      Long inputTokens,
      Long outputTokens,
      Long totalTokens,
      Double costUsd,
      String errorType) {}

  /**
   * A trace as a flat list of light spans.
   *
   * @param summary the trace's summary
   * @param spans every stored span, by start time then span id; parents link them into a tree
   */
  public record TraceSpans(TraceSummary summary, List<SpanRow> spans) {}

  /**
   * A session (conversation / thread) and its traces; when the list was asked for a time range,
   * every figure is over the session's traces that start in it.
   *
   * @param sessionId the session id
   * @param traceCount traces in the session
   * @param firstStartTime start of the first trace
   * @param lastStartTime start of the last trace
   * @param lastEndTime latest end of a trace
   * @param errorCount failed spans over all traces
   * @param totalTokens tokens over all traces
   * @param costUsd cost over all traces, or null when unknown
   * @param traceIds ids of the newest 100 traces (all of them when there are fewer), in start
   *     order; the session's own endpoint pages through every trace
   */
  public record SessionSummary(
      String sessionId,
      long traceCount,
      OffsetDateTime firstStartTime,
      OffsetDateTime lastStartTime,
      OffsetDateTime lastEndTime,
      long errorCount,
      long totalTokens,
      Double costUsd,
      List<String> traceIds) {}

  /**
   * A page of sessions.
   *
   * @param items sessions, most recently active first
   * @param nextCursor pass as {@code cursor} for the next page; null on the last page
   */
  public record SessionPage(List<SessionSummary> items, String nextCursor) {}

  /**
   * Values seen in a project's traces over a time range, for filter suggestions.
   *
   * @param from start of the range (inclusive)
   * @param to end of the range (exclusive)
   * @param names trace names (as the list shows them), sorted (at most {@value
   *     TraceRepository#FACET_LIMIT})
   * @param models models used, sorted (at most {@value TraceRepository#FACET_LIMIT})
   * @param providers providers used, sorted
   * @param kinds span kinds present, sorted
   */
  public record TraceFacets(
      OffsetDateTime from,
      OffsetDateTime to,
      List<String> names,
      List<String> models,
      List<String> providers,
      List<String> kinds) {}
}
