package dev.weft.server.traces;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQL of a trace listing from a {@link TraceQuery}. Pure: every user value becomes a
 * bind parameter, never SQL text.
 *
 * <p>Trace-level filters use the {@code traces} summary row; filters on span content (text, span or
 * resource attributes) probe the trace's spans through the spans primary key ({@code project_id,
 * trace_id, ...}).
 *
 * @param sql the statement, with {@code $n} parameters
 * @param params the parameter values in order
 */
public record TraceQuerySql(String sql, List<Object> params) {

  /** Spans whose input/output speak for the trace: the root, then model calls, then the rest. */
  private static final String PREVIEW_PREFERENCE =
      "(s.parent_span_id is null) desc, (s.category in ('llm', 'chat')) desc, ";

  /** The columns every trace listing selects, in the order {@code TraceRepository} reads them. */
  static final String SUMMARY_COLUMNS =
      "t.trace_id, coalesce(t.root_name, t.first_name) as name, t.root_span_id is not null as"
          + " has_root, t.start_time, t.end_time, t.span_count, t.error_count, t.input_tokens,"
          + " t.output_tokens, t.total_tokens, t.cache_read_tokens, t.cache_write_tokens,"
          + " t.cost_usd, t.models, t.providers, t.categories,"
          + " t.session_id, t.run_id, "
          + preview("input", "s.start_time, s.span_id")
          + " as input_preview, "
          + preview("output", "s.end_time desc, s.span_id")
          + " as output_preview";

  /** Longest preview of a trace's input or output, in characters. */
  static final int PREVIEW_CHARS = 300;

  /**
   * The trace's input or output as short text, computed only for the rows of a page ({@code
   * weft_preview}, V5): the root span's when it has one, else the first model call's input or the
   * last model call's output, else any span's (earliest input, latest output) — so a retriever that
   * ran before the model does not stand for the user's question. The time bounds let PostgreSQL
   * skip the day partitions the trace does not touch.
   */
  private static String preview(String side, String order) {
    return "(select weft_preview(s."
        + side
        + ", '"
        + side
        + "', "
        + PREVIEW_CHARS
        + ") from spans s where s.project_id = t.project_id and s.trace_id = t.trace_id"
        + " and s.start_time >= t.start_time and s.start_time <= t.end_time and s."
        + side
        + " is not null order by "
        + PREVIEW_PREFERENCE
        + order
        + " limit 1)";
  }

  /** Most traces a count reads: above it, the count says "at least this many". */
  public static final int COUNT_CAP = 10_000;

  /** The listing statement for a project; it fetches one row more than the page to detect more. */
  public static TraceQuerySql build(long projectId, TraceQuery q) {
    List<Object> params = new ArrayList<>();
    List<String> where = filters(projectId, q, params);
    TraceSort sort = q.sort();
    String direction = q.ascending() ? "asc" : "desc";
    if (q.cursor() != null) {
      String comparison = q.ascending() ? ">" : "<";
      where.add(
          "("
              + sort.sql()
              + ", t.trace_id) "
              + comparison
              + " ("
              + bind(params, q.cursor().value())
              // The cursor value is text; saying so first keeps PostgreSQL from typing the
              // parameter as the sort type, which the client would refuse to encode from a String.
              + "::text::"
              + sort.sqlType()
              + ", "
              + bind(params, io.vertx.core.buffer.Buffer.buffer(q.cursor().traceId()))
              + "::bytea)");
    }
    String sql =
        "select "
            + SUMMARY_COLUMNS
            + ", ("
            + sort.sql()
            + ")::text as sort_value from traces t where "
            + String.join(" and ", where)
            + " order by "
            + sort.sql()
            + " "
            + direction
            + ", t.trace_id "
            + direction
            + " limit "
            + bind(params, q.limit() + 1);
    return new TraceQuerySql(sql, List.copyOf(params));
  }

  /**
   * The statement counting the traces the filters match (page, sort and cursor aside), reading at
   * most {@link #COUNT_CAP} + 1 of them so a count stays cheap on a large project.
   */
  public static TraceQuerySql count(long projectId, TraceQuery q) {
    List<Object> params = new ArrayList<>();
    List<String> where = filters(projectId, q, params);
    String sql =
        "select count(*) from (select 1 from traces t where "
            + String.join(" and ", where)
            + " limit "
            + bind(params, COUNT_CAP + 1)
            + ") matching";
    return new TraceQuerySql(sql, List.copyOf(params));
  }

  /** The conditions of the filters, binding their values into {@code params}. */
  private static List<String> filters(long projectId, TraceQuery q, List<Object> params) {
    List<String> where = new ArrayList<>();
    params.add(projectId);
    where.add("t.project_id = $1");
    if (q.from() != null) {
      where.add(
          "t.start_time >= " + bind(params, OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC)));
    }
    if (q.to() != null) {
      where.add("t.start_time < " + bind(params, OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC)));
    }
    if (!q.names().isEmpty()) {
      // The name the list shows (TraceSummary.name).
      where.add(
          "coalesce(t.root_name, t.first_name) = any("
              + bind(params, q.names().toArray(new String[0]))
              + "::text[])");
    }
    if ("error".equals(q.status())) {
      where.add("t.error_count > 0");
    } else if ("ok".equals(q.status())) {
      where.add("t.error_count = 0");
    }
    if (!q.models().isEmpty()) {
      where.add("t.models && " + bind(params, q.models().toArray(new String[0])) + "::text[]");
    }
    if (!q.providers().isEmpty()) {
      where.add(
          "t.providers && " + bind(params, q.providers().toArray(new String[0])) + "::text[]");
    }
    if (!q.kinds().isEmpty()) {
      where.add("t.categories && " + bind(params, q.kinds().toArray(new String[0])) + "::text[]");
    }
    if (q.minDurationMs() != null) {
      where.add(
          "t.end_time - t.start_time >= "
              + bind(params, q.minDurationMs())
              + " * interval '1 millisecond'");
    }
    if (q.minCost() != null) {
      where.add("t.cost_usd >= " + bind(params, q.minCost()));
    }
    if (q.session() != null) {
      where.add("t.session_id = " + bind(params, q.session()));
    }
    if (q.run() != null) {
      where.add("t.run_id = " + bind(params, q.run()));
    }
    List<String> spanConditions = new ArrayList<>();
    if (q.text() != null) {
      String path = bind(params, contentSearchPath(q.text()));
      spanConditions.add(
          "(s.input @? " + path + "::jsonpath or s.output @? " + path + "::jsonpath)");
    }
    for (Map.Entry<String, String> attr : q.attributes().entrySet()) {
      // On the span or on its resource (service.name, deployment.environment.name, ...).
      String key = bind(params, attr.getKey());
      String value = bind(params, attr.getValue());
      spanConditions.add(
          "(s.attributes ->> "
              + key
              + " = "
              + value
              + " or s.resource -> 'attributes' ->> "
              + key
              + " = "
              + value
              + ")");
    }
    for (String condition : spanConditions) {
      where.add(
          "exists (select 1 from spans s where s.project_id = t.project_id"
              + " and s.trace_id = t.trace_id and "
              + condition
              + ")");
    }
    return where;
  }

  private static String bind(List<Object> params, Object value) {
    params.add(value);
    return "$" + params.size();
  }

  /**
   * The JSON path that finds text in a stored input or output (see {@code SpanRowMapper}): in a
   * message's content, in a tool call's name or arguments, or anywhere in a plain value — not in
   * field names, roles or finish reasons, which every model call has. The text is matched literally
   * and case-insensitively (flags {@code q} and {@code i}: no character is special).
   */
  static String contentSearchPath(String text) {
    String match = " like_regex " + jsonPathString(text) + " flag \"iq\"";
    return "$ ? (@.messages[*].content"
        + match
        + " || @.messages[*].toolCalls[*].name"
        + match
        + " || @.messages[*].toolCalls[*].arguments.**"
        + match
        + " || @.value.**"
        + match
        + ")";
  }

  /**
   * The text as a JSON path string literal: quotes and backslashes escaped, control characters
   * written as Unicode escapes.
   */
  static String jsonPathString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
