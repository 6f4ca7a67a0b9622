package dev.weft.server.ingest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one write adds to one trace's row in {@code traces}: the aggregate of the newly stored spans
 * of that trace, which the writer folds into the existing row (counts and sums add up, times widen,
 * sets unite, the first root and session win). Computed in Java from the batch, so the database
 * upserts one row per trace instead of aggregating the spans again.
 *
 * @param projectId owning project
 * @param traceId 16 bytes
 * @param rootSpanId a span without parent among them, or {@code null}
 * @param rootName that span's name, or {@code null}
 * @param firstName the name of the earliest span
 * @param startTime earliest start
 * @param endTime latest end
 * @param spanCount spans
 * @param errorCount spans with status error
 * @param inputTokens summed input tokens (unknown counts as 0)
 * @param outputTokens summed output tokens
 * @param totalTokens summed total tokens
 * @param cacheReadTokens summed input tokens served from a prompt cache
 * @param cacheWriteTokens summed input tokens written to a prompt cache
 * @param costUsd summed cost, {@code null} when no span has one
 * @param models distinct models, sorted
 * @param providers distinct providers, sorted
 * @param categories distinct span categories, sorted
 * @param sessionId the smallest session id, or {@code null}
 * @param runId the smallest run id, or {@code null}
 */
public record TraceDelta(
    long projectId,
    byte[] traceId,
    byte[] rootSpanId,
    String rootName,
    String firstName,
    OffsetDateTime startTime,
    OffsetDateTime endTime,
    int spanCount,
    int errorCount,
    long inputTokens,
    long outputTokens,
    long totalTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    Double costUsd,
    List<String> models,
    List<String> providers,
    List<String> categories,
    String sessionId,
    String runId) {

  /** OTLP's status code for an error. */
  private static final short STATUS_ERROR = 2;

  private static final Comparator<TraceDelta> ORDER =
      Comparator.comparingLong(TraceDelta::projectId)
          .thenComparing(TraceDelta::traceId, Arrays::compareUnsigned);

  /**
   * The deltas of a batch's stored spans, one per trace, ordered by project and trace id (so
   * concurrent writers lock trace rows in the same order and cannot deadlock).
   */
  public static List<TraceDelta> of(List<SpanRow> rows) {
    Map<Key, Builder> traces = new LinkedHashMap<>();
    Builder last = null;
    for (SpanRow row : rows) {
      // Exporters send the spans of a trace together: skip the lookup while the trace repeats.
      if (last == null
          || last.first.projectId() != row.projectId()
          || !Arrays.equals(last.first.traceId(), row.traceId())) {
        last = traces.computeIfAbsent(new Key(row.projectId(), row.traceId()), k -> new Builder());
      }
      last.add(row);
    }
    List<TraceDelta> out = new ArrayList<>(traces.size());
    for (Builder b : traces.values()) {
      out.add(b.build());
    }
    out.sort(ORDER);
    return out;
  }

  private record Key(long projectId, byte[] traceId) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.projectId == projectId && Arrays.equals(k.traceId, traceId);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(projectId) * 31 + Arrays.hashCode(traceId);
    }
  }

  private static final class Builder {
    private SpanRow first;
    private SpanRow root;
    private SpanRow earliest;
    private OffsetDateTime end;
    private int spans;
    private int errors;
    private long input;
    private long output;
    private long total;
    private long cacheRead;
    private long cacheWrite;
    private Double cost;
    private final List<String> models = new ArrayList<>(2);
    private final List<String> providers = new ArrayList<>(2);
    private final List<String> categories = new ArrayList<>(4);
    private String session;
    private String run;

    void add(SpanRow r) {
      if (first == null) {
        first = r;
      }
      if (root == null && r.parentSpanId() == null) {
        root = r;
      }
      if (earliest == null || r.startTime().isBefore(earliest.startTime())) {
        earliest = r;
      }
      if (end == null || r.endTime().isAfter(end)) {
        end = r.endTime();
      }
      spans++;
      if (r.statusCode() == STATUS_ERROR) {
        errors++;
      }
      input += r.inputTokens() == null ? 0 : r.inputTokens();
      output += r.outputTokens() == null ? 0 : r.outputTokens();
      total += r.totalTokens() == null ? 0 : r.totalTokens();
      cacheRead += r.cacheReadTokens() == null ? 0 : r.cacheReadTokens();
      cacheWrite += r.cacheWriteTokens() == null ? 0 : r.cacheWriteTokens();
      if (r.costUsd() != null) {
        cost = cost == null ? r.costUsd() : cost + r.costUsd();
      }
      addIfPresent(models, r.model());
      addIfPresent(providers, r.provider());
      addIfPresent(categories, r.category());
      session = smaller(session, r.sessionId());
      run = smaller(run, r.runId());
    }

    TraceDelta build() {
      return new TraceDelta(
          first.projectId(),
          first.traceId(),
          root == null ? null : root.spanId(),
          root == null ? null : root.name(),
          earliest.name(),
          earliest.startTime(),
          end,
          spans,
          errors,
          input,
          output,
          total,
          cacheRead,
          cacheWrite,
          cost,
          sorted(models),
          sorted(providers),
          sorted(categories),
          session,
          run);
    }

    // A trace has a handful of distinct values: a list beats a tree set.
    private static void addIfPresent(List<String> distinct, String value) {
      if (value != null && !distinct.contains(value)) {
        distinct.add(value);
      }
    }

    private static List<String> sorted(List<String> values) {
      values.sort(null);
      return List.copyOf(values);
    }

    private static String smaller(String a, String b) {
      if (a == null) {
        return b;
      }
      return b == null || a.compareTo(b) <= 0 ? a : b;
    }
  }
}
