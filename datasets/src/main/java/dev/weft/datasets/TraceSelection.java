package dev.weft.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which traces or spans become rows: the body of {@code POST .../datasets/{name}/from-traces}. Each
 * selected span becomes one row {@code {"input": ..., "output": ..., "trace_id": ..., "span_id":
 * ..., "name": ...}}; a selected trace contributes its root span (or, with {@code allSpans}, every
 * span that has an input or output).
 *
 * @param traceIds hex trace ids whose spans to take
 * @param spans individual spans
 * @param allSpans take every span of the selected traces with an input or output, not only the root
 * @param base the version to append to ({@code null}: the latest, or a first version)
 * @param force append even if {@code base} is not the latest
 * @param message a note stored with the version
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TraceSelection(
    List<String> traceIds,
    List<SpanRef> spans,
    boolean allSpans,
    Integer base,
    boolean force,
    String message) {

  /** Null lists become empty. */
  public TraceSelection {
    traceIds = traceIds == null ? List.of() : List.copyOf(traceIds);
    spans = spans == null ? List.of() : List.copyOf(spans);
  }

  /**
   * One span.
   *
   * @param traceId hex trace id
   * @param spanId hex span id
   */
  public record SpanRef(String traceId, String spanId) {}
}
