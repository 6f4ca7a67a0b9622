package dev.weft.server.traces;

import dev.weft.server.common.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The columns the trace list can be sorted by, with the SQL expression each sorts on. */
public enum TraceSort {
  /** Trace start time (the default). */
  START_TIME("startTime", "t.start_time", "timestamptz"),
  /** Trace duration (last end minus first start). */
  DURATION("duration", "(t.end_time - t.start_time)", "interval"),
  /** Total tokens over all spans. */
  TOKENS("tokens", "t.total_tokens", "bigint"),
  /** Total cost over all spans (traces without a known cost sort as the cheapest). */
  COST("cost", "coalesce(t.cost_usd, -1)", "float8");

  private final String wireName;
  private final String sql;
  private final String sqlType;

  TraceSort(String wireName, String sql, String sqlType) {
    this.wireName = wireName;
    this.sql = sql;
    this.sqlType = sqlType;
  }

  /** The name used in the {@code sort} query parameter. */
  public String wireName() {
    return wireName;
  }

  /** The SQL expression sorted on. */
  String sql() {
    return sql;
  }

  /** The SQL type a cursor value is cast to. */
  String sqlType() {
    return sqlType;
  }

  /** Parses the {@code sort} parameter; {@code null} means start time. */
  public static TraceSort parse(String value) {
    if (value == null || value.isBlank()) {
      return START_TIME;
    }
    for (TraceSort sort : values()) {
      if (sort.wireName.equalsIgnoreCase(value.trim())) {
        return sort;
      }
    }
    throw ProblemException.badRequest(
        "invalid sort '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(TraceSort::wireName).collect(Collectors.joining(", ")));
  }
}
