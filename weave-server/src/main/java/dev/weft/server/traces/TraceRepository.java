package dev.weft.server.traces;

import dev.weft.server.common.TimedQueries;
import dev.weft.server.traces.TraceViews.SessionSummary;
import dev.weft.server.traces.TraceViews.SpanRow;
import dev.weft.server.traces.TraceViews.SpanView;
import dev.weft.server.traces.TraceViews.TraceFacets;
import dev.weft.server.traces.TraceViews.TraceSummary;
import dev.weft.server.traces.TraceViews.Usage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Reads traces, spans and sessions with the reactive PostgreSQL client. */
@ApplicationScoped
public class TraceRepository {

  private static final HexFormat HEX = HexFormat.of();
  private static final String[] SPAN_KINDS = {
    "unspecified", "internal", "server", "client", "producer", "consumer"
  };
  private static final String[] STATUSES = {"unset", "ok", "error"};

  private static final String SPAN_COLUMNS =
      "trace_id, span_id, parent_span_id, name, category, otel_kind, status_code, status_message,"
          + " start_time, end_time, duration_ns, operation, provider, model, input_tokens,"
          + " output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, cost_usd,"
          + " session_id, run_id, prompt_name,"
          + " prompt_version, error_type, input::text, output::text, attributes::text,"
          + " events::text, links::text, resource::text";

  /** What a trace list, count or facet request that ran too long can ask for instead. */
  static final String NARROW_TRACES =
      "narrow the time range (from, to) or the filters: a text search (q) or an attribute filter"
          + " (attr) reads the spans of every trace in the range";

  /** What a session list that ran too long can do instead (it has no filters to narrow). */
  static final String NARROW_SESSIONS =
      "a sessions page reads the traces since its sessions were last active: narrow the time"
          + " range (from, to), keep fewer traces (weft.retention.days) or raise"
          + " weft.api.query-timeout";

  @Inject Pool pool;
  @Inject TimedQueries timed;

  /** One page of traces, plus the sort value of each row for the next cursor. */
  public record Page(List<TraceSummary> items, List<String> sortValues) {}

  /** Runs a listing built by {@link TraceQuerySql}. */
  public Uni<Page> list(TraceQuerySql query) {
    return timed
        .execute(query.sql(), Tuple.tuple(query.params()), NARROW_TRACES)
        .map(
            rows -> {
              List<TraceSummary> items = new ArrayList<>();
              List<String> sortValues = new ArrayList<>();
              for (Row row : core(rows)) {
                items.add(summary(row));
                sortValues.add(row.getString("sort_value"));
              }
              return new Page(items, sortValues);
            });
  }

  /** Runs a count built by {@link TraceQuerySql#count}: the matching traces it read. */
  public Uni<Long> count(TraceQuerySql query) {
    return timed
        .execute(query.sql(), Tuple.tuple(query.params()), NARROW_TRACES)
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Most values a facet lists. */
  public static final int FACET_LIMIT = 500;

  /**
   * The names, models, providers and kinds of the project's traces that started in {@code [from,
   * to)}.
   */
  public Uni<TraceFacets> facets(long projectId, OffsetDateTime from, OffsetDateTime to) {
    String range = " where t.project_id = $1 and t.start_time >= $2 and t.start_time < $3";
    String sql =
        "select array(select distinct coalesce(t.root_name, t.first_name) n from traces t"
            + range
            + " order by n limit "
            + FACET_LIMIT
            + ") as names, "
            + facet("models", range)
            + " as models, "
            + facet("providers", range)
            + " as providers, "
            + facet("categories", range)
            + " as kinds";
    return timed
        .execute(sql, Tuple.of(projectId, from, to), NARROW_TRACES)
        .map(
            rows -> {
              Row row = core(rows).iterator().next();
              return new TraceFacets(
                  from,
                  to,
                  List.of(row.getArrayOfStrings("names")),
                  List.of(row.getArrayOfStrings("models")),
                  List.of(row.getArrayOfStrings("providers")),
                  List.of(row.getArrayOfStrings("kinds")));
            });
  }

  private static String facet(String column, String range) {
    return "array(select distinct v from traces t cross join unnest(t."
        + column
        + ") v"
        + range
        + " order by v limit "
        + FACET_LIMIT
        + ")";
  }

  /** The summary of one trace, or {@code null}. */
  public Uni<TraceSummary> summary(long projectId, byte[] traceId) {
    return pool.preparedQuery(
            "select "
                + TraceQuerySql.SUMMARY_COLUMNS
                + " from traces t where t.project_id = $1 and t.trace_id = $2")
        .execute(Tuple.of(projectId, Buffer.buffer(traceId)))
        .map(TraceRepository::firstOrNull);
  }

  /**
   * Deletes a trace: its spans, its summary row and any GenAI log events still waiting for one of
   * its spans, in one transaction. The summary's time range bounds the span delete, so only the
   * partitions of those days are searched.
   *
   * @return the number of spans deleted, or {@code null} when the project has no such trace
   */
  public Uni<Long> delete(long projectId, byte[] traceId) {
    Buffer id = Buffer.buffer(traceId);
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(
                    "delete from span_log_events where project_id = $1 and trace_id = $2")
                .execute(Tuple.of(projectId, id))
                .flatMap(
                    events ->
                        connection
                            .preparedQuery(
                                "delete from traces where project_id = $1 and trace_id = $2"
                                    + " returning start_time, end_time")
                            .execute(Tuple.of(projectId, id)))
                .flatMap(
                    deleted -> {
                      if (deleted.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                      }
                      var range = deleted.iterator().next();
                      return connection
                          .preparedQuery(
                              "delete from spans where project_id = $1 and trace_id = $2"
                                  + " and start_time >= $3 and start_time <= $4")
                          .execute(
                              Tuple.of(
                                  projectId,
                                  id,
                                  range.getOffsetDateTime("start_time"),
                                  range.getOffsetDateTime("end_time")))
                          .map(spans -> (long) spans.rowCount());
                    }));
  }

  /** The spans of one trace, flat. */
  public Uni<List<SpanView>> spans(long projectId, byte[] traceId) {
    return pool.preparedQuery(
            "select " + SPAN_COLUMNS + " from spans where project_id = $1 and trace_id = $2")
        .execute(Tuple.of(projectId, Buffer.buffer(traceId)))
        .map(TraceRepository::spanViews);
  }

  /**
   * The spans of one trace in their light form, by start time then span id.
   *
   * @param traceStart the trace's start; offsets are relative to it
   */
  public Uni<List<SpanRow>> spanRows(long projectId, byte[] traceId, OffsetDateTime traceStart) {
    return pool.preparedQuery(
            "select span_id, parent_span_id, name, category, status_code, start_time,"
                + " duration_ns, model, input_tokens, output_tokens, total_tokens, cost_usd,"
                + " error_type from spans where project_id = $1 and trace_id = $2"
                + " order by start_time, span_id")
        .execute(Tuple.of(projectId, Buffer.buffer(traceId)))
        .map(rows -> spanRows(rows, traceStart));
  }

  /** One span, or {@code null}. */
  public Uni<SpanView> span(long projectId, byte[] traceId, byte[] spanId) {
    return pool.preparedQuery(
            "select "
                + SPAN_COLUMNS
                + " from spans where project_id = $1 and trace_id = $2 and span_id = $3")
        .execute(Tuple.of(projectId, Buffer.buffer(traceId), Buffer.buffer(spanId)))
        .map(rows -> spanViews(rows).stream().findFirst().orElse(null));
  }

  /** Traces read by the first look for a sessions page; each further look reads ten times more. */
  static final int SESSION_FIRST_SCAN = 2_000;

  /**
   * Past this many traces a look would read, the page is taken from all the project's sessions
   * grouped at once instead: what is left below the keyset is then most of the project (the last
   * pages), and one grouping costs less than looks growing over it.
   */
  static final int SESSION_MAX_SCAN = 100_000;

  /** A session lists the ids of at most this many of its traces, its newest. */
  static final int SESSION_TRACE_IDS = 100;

  /**
   * Statement parameters $2 and $3 as the range's ends: traces that start in {@code [$2, $3)},
   * either end open when {@code null}.
   */
  private static final String IN_RANGE =
      " and start_time >= coalesce($2::timestamptz, '-infinity')"
          + " and start_time < coalesce($3::timestamptz, 'infinity')";

  /**
   * Sessions, most recently active first (by their last trace's start, then id, both descending);
   * keyset on (last start, session id). Only traces that start in the range count: a session is
   * listed when one of its traces does, and its figures, times and trace ids are those of its
   * traces in the range.
   *
   * <p>Which sessions are on the page is found from the newest traces down ({@code traces_recent}),
   * not by grouping every trace of the project: a session's newest trace is where a scan in start
   * order meets it first. Only the page's sessions are then summed over all their traces ({@code
   * traces_session}). A page so costs about the traces since its sessions were active, whatever the
   * project's size; the last pages, where that is most of the project, group all its sessions
   * ({@link #SESSION_MAX_SCAN}), as every page did before.
   *
   * @param range the trace starts that count
   * @param afterStart last start of the previous page's last session, or null
   * @param afterSession id of the previous page's last session, or null
   */
  public Uni<List<SessionSummary>> sessions(
      long projectId, TimeRange range, OffsetDateTime afterStart, String afterSession, int limit) {
    return sessions(
        projectId, range, afterStart, afterSession, limit, SESSION_FIRST_SCAN, SESSION_MAX_SCAN);
  }

  /** {@link #sessions(long, TimeRange, OffsetDateTime, String, int)} with the looks' sizes. */
  Uni<List<SessionSummary>> sessions(
      long projectId,
      TimeRange range,
      OffsetDateTime afterStart,
      String afterSession,
      int limit,
      int firstScan,
      int maxScan) {
    return pageSessions(projectId, range, afterStart, afterSession, limit + 1, firstScan, maxScan)
        .flatMap(
            ids ->
                ids.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : summaries(projectId, range, ids));
  }

  /** Parameters $1 to $3 of the sessions statements, then the given ones. */
  private static Tuple sessionParams(long projectId, TimeRange range, Object... more) {
    Tuple params = Tuple.of(projectId, range.from(), range.to());
    for (Object value : more) {
      params.addValue(value);
    }
    return params;
  }

  /**
   * The ids of the next {@code wanted} sessions, in page order. Reads the newest {@code scan}
   * traces (below the keyset), groups them by session and keeps the sessions whose newest trace is
   * newer than the oldest trace read: those, and only those, are sure to be complete and in order
   * (a session whose newest trace ties with the window's end may have been cut). Reads ten times
   * more traces until that gives enough sessions or the traces run out.
   */
  private Uni<List<String>> pageSessions(
      long projectId,
      TimeRange range,
      OffsetDateTime afterStart,
      String afterSession,
      int wanted,
      long scan,
      int maxScan) {
    if (scan > maxScan) {
      return groupedSessions(projectId, range, afterStart, afterSession, wanted);
    }
    Tuple params =
        afterStart == null
            ? sessionParams(projectId, range, scan, wanted)
            : sessionParams(projectId, range, scan, wanted, afterStart, afterSession);
    return timed
        .execute(sessionPageSql(afterStart != null), params, NARROW_SESSIONS)
        .flatMap(
            rows -> {
              Row row = core(rows).iterator().next();
              long read = row.getLong("rows_read");
              OffsetDateTime windowEnd = row.getOffsetDateTime("window_end");
              List<String> ids = List.of(row.getArrayOfStrings("ids"));
              OffsetDateTime[] starts = row.getArrayOfOffsetDateTimes("last_starts");
              boolean allRead = read < scan;
              boolean enough = ids.size() == wanted && starts[starts.length - 1].isAfter(windowEnd);
              if (allRead || enough) {
                return Uni.createFrom().item(ids);
              }
              return pageSessions(
                  projectId, range, afterStart, afterSession, wanted, scan * 10, maxScan);
            });
  }

  /** The ids of the next {@code wanted} sessions, from all the project's sessions grouped. */
  private Uni<List<String>> groupedSessions(
      long projectId, TimeRange range, OffsetDateTime afterStart, String afterSession, int wanted) {
    String sql =
        "select session_id from traces where project_id = $1 and session_id is not null"
            + IN_RANGE
            + " group by session_id"
            + (afterStart == null ? "" : " having (max(start_time), session_id) < ($5, $6)")
            + " order by max(start_time) desc, session_id desc limit $4";
    Tuple params =
        afterStart == null
            ? sessionParams(projectId, range, wanted)
            : sessionParams(projectId, range, wanted, afterStart, afterSession);
    return timed
        .execute(sql, params, NARROW_SESSIONS)
        .map(
            rows -> {
              List<String> ids = new ArrayList<>();
              for (Row row : core(rows)) {
                ids.add(row.getString(0));
              }
              return ids;
            });
  }

  /**
   * The statement that picks a page of sessions from the newest traces: $1 project, $2 and $3 the
   * range ({@link #IN_RANGE}), $4 traces to read, $5 sessions wanted, and with a keyset $6 its last
   * start and $7 its session id. Sessions at or before the keyset in page order are left out: those
   * with a trace in the range newer than $6, and those whose newest trace in the range starts at $6
   * with an id not below $7.
   */
  static String sessionPageSql(boolean keyset) {
    return "with w as (select session_id, start_time from traces"
        + " where project_id = $1 and session_id is not null"
        + IN_RANGE
        + (keyset ? " and start_time <= $6" : "")
        + " order by start_time desc limit $4),"
        + " s as (select session_id, max(start_time) as last_start from w group by session_id"
        + (keyset
            ? " having (max(start_time) < $6 or session_id < $7) and not exists (select 1 from"
                + " traces x where x.project_id = $1 and x.session_id = w.session_id"
                + " and x.start_time > $6"
                + " and x.start_time < coalesce($3::timestamptz, 'infinity'))"
            : "")
        + " order by last_start desc, session_id desc limit $5)"
        + " select (select count(*) from w) as rows_read,"
        + " (select min(start_time) from w) as window_end,"
        + " array(select session_id from s order by last_start desc, session_id desc) as ids,"
        + " array(select last_start from s order by last_start desc, session_id desc)"
        + " as last_starts";
  }

  private Uni<List<SessionSummary>> summaries(long projectId, TimeRange range, List<String> ids) {
    String sql =
        "select session_id, count(*) as traces, min(start_time) as first_start,"
            + " max(start_time) as last_start, max(end_time) as last_end,"
            + " sum(error_count) as errors, sum(total_tokens) as tokens, sum(cost_usd) as cost,"
            // The newest SESSION_TRACE_IDS, still in start order.
            + " (array_agg(trace_id order by start_time, trace_id))"
            + "[greatest(count(*)::int - $5 + 1, 1):] as trace_ids"
            + " from traces where project_id = $1 and session_id = any($4)"
            + IN_RANGE
            + " group by session_id order by max(start_time) desc, session_id desc";
    return timed
        .execute(
            sql,
            sessionParams(projectId, range, ids.toArray(String[]::new), SESSION_TRACE_IDS),
            NARROW_SESSIONS)
        .map(
            rows -> {
              List<SessionSummary> out = new ArrayList<>();
              for (Row row : core(rows)) {
                out.add(
                    new SessionSummary(
                        row.getString("session_id"),
                        row.getLong("traces"),
                        row.getOffsetDateTime("first_start"),
                        row.getOffsetDateTime("last_start"),
                        row.getOffsetDateTime("last_end"),
                        row.getLong("errors"),
                        row.getLong("tokens"),
                        row.getDouble("cost"),
                        Arrays.stream(row.getArrayOfBuffers("trace_ids"))
                            .map(b -> HEX.formatHex(b.getBytes()))
                            .toList()));
              }
              return out;
            });
  }

  private static TraceSummary firstOrNull(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    for (Row row : core(rows)) {
      return summary(row);
    }
    return null;
  }

  private static Iterable<Row> core(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    io.vertx.sqlclient.RowSet<Row> delegate = rows.getDelegate();
    return delegate;
  }

  private static TraceSummary summary(Row row) {
    OffsetDateTime start = row.getOffsetDateTime("start_time");
    OffsetDateTime end = row.getOffsetDateTime("end_time");
    int errors = row.getInteger("error_count");
    return new TraceSummary(
        HEX.formatHex(row.getBuffer("trace_id").getBytes()),
        row.getString("name"),
        row.getBoolean("has_root"),
        start,
        end,
        Duration.between(start, end).toNanos() / 1e6,
        row.getInteger("span_count"),
        errors,
        errors > 0 ? "error" : "ok",
        row.getLong("input_tokens"),
        row.getLong("output_tokens"),
        row.getLong("total_tokens"),
        row.getLong("cache_read_tokens"),
        row.getLong("cache_write_tokens"),
        row.getDouble("cost_usd"),
        List.of(row.getArrayOfStrings("models")),
        List.of(row.getArrayOfStrings("providers")),
        List.of(row.getArrayOfStrings("categories")),
        row.getString("session_id"),
        row.getString("run_id"),
        row.getString("input_preview"),
        row.getString("output_preview"));
  }

  private static List<SpanRow> spanRows(
      RowSet<io.vertx.mutiny.sqlclient.Row> rows, OffsetDateTime traceStart) {
    List<SpanRow> out = new ArrayList<>(rows.size());
    for (Row row : core(rows)) {
      Buffer parent = row.getBuffer("parent_span_id");
      int status = row.getShort("status_code");
      OffsetDateTime start = row.getOffsetDateTime("start_time");
      out.add(
          new SpanRow(
              HEX.formatHex(row.getBuffer("span_id").getBytes()),
              parent == null ? null : HEX.formatHex(parent.getBytes()),
              row.getString("name"),
              row.getString("category"),
              status >= 0 && status < STATUSES.length ? STATUSES[status] : "unset",
              Duration.between(traceStart, start).toNanos() / 1e6,
              row.getLong("duration_ns") / 1e6,
              row.getString("model"),
              row.getLong("input_tokens"),
              row.getLong("output_tokens"),
              row.getLong("total_tokens"),
              row.getDouble("cost_usd"),
              row.getString("error_type")));
    }
    return out;
  }

  private static List<SpanView> spanViews(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    List<SpanView> out = new ArrayList<>(rows.size());
    for (Row row : core(rows)) {
      Buffer parent = row.getBuffer("parent_span_id");
      Long in = row.getLong("input_tokens");
      Long outTokens = row.getLong("output_tokens");
      Long total = row.getLong("total_tokens");
      int kind = row.getShort("otel_kind");
      int status = row.getShort("status_code");
      out.add(
          new SpanView(
              HEX.formatHex(row.getBuffer("trace_id").getBytes()),
              HEX.formatHex(row.getBuffer("span_id").getBytes()),
              parent == null ? null : HEX.formatHex(parent.getBytes()),
              row.getString("name"),
              row.getString("category"),
              kind >= 0 && kind < SPAN_KINDS.length ? SPAN_KINDS[kind] : "unspecified",
              status >= 0 && status < STATUSES.length ? STATUSES[status] : "unset",
              row.getString("status_message"),
              row.getOffsetDateTime("start_time"),
              row.getOffsetDateTime("end_time"),
              row.getLong("duration_ns") / 1e6,
              row.getString("operation"),
              row.getString("provider"),
              row.getString("model"),
              in == null && outTokens == null && total == null
                  ? null
                  : new Usage(
                      in,
                      outTokens,
                      total,
                      row.getLong("cache_read_tokens"),
                      row.getLong("cache_write_tokens")),
              row.getDouble("cost_usd"),
              row.getString("session_id"),
              row.getString("run_id"),
              row.getString("prompt_name"),
              row.getString("prompt_version"),
              row.getString("error_type"),
              row.getString("input"),
              row.getString("output"),
              row.getString("attributes"),
              row.getString("events"),
              row.getString("links"),
              row.getString("resource"),
              null));
    }
    return out;
  }
}
