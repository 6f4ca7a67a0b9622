package dev.weft.server.traces;

import dev.weft.server.common.ProblemException;
import dev.weft.server.normalize.SpanCategory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The filters, sort and page of a trace listing, parsed and validated from query parameters.
 *
 * <p>Grammar (all optional, combined with AND): {@code from}, {@code to} ISO-8601 instants on the
 * trace start; {@code name} the trace's name (its root span's, else its earliest span's), exact and
 * repeatable (any of them); {@code status} {@code ok} or {@code error}; {@code model}, {@code
 * provider}, {@code kind} (span category) — repeatable or comma-separated, a trace matches if any
 * of its spans matches one; {@code minDurationMs}; {@code minCost} (USD); {@code q} text contained
 * in the content of any span's input or output (case-insensitive, literal, at most 1,000
 * characters; see {@code TraceQuerySql.contentSearchPath}); {@code session}; {@code run}; {@code
 * attr} {@code key=value} equality on any span's attribute, repeatable; {@code sort} {@code
 * startTime|duration|tokens|cost}; {@code order} {@code desc|asc}; {@code limit} 1-1000 (default
 * 50); {@code cursor} from the previous page; {@code total} {@code true|false} (default false):
 * also count every trace the filters match.
 *
 * @param from earliest trace start, or null
 * @param to latest trace start (exclusive), or null
 * @param names trace names, any of which the trace's name must be (empty: any name)
 * @param status {@code ok}, {@code error}, or null
 * @param models models, any of which must occur
 * @param providers providers, any of which must occur
 * @param kinds span categories, any of which must occur
 * @param minDurationMs minimum duration, or null
 * @param minCost minimum cost in USD, or null
 * @param text text to find in inputs or outputs, or null
 * @param session session id, or null
 * @param run run id, or null
 * @param attributes attribute equalities
 * @param sort sort column
 * @param ascending sort direction
 * @param limit page size
 * @param cursor keyset position after which the page starts, or null
 * @param total whether to count every matching trace (up to {@link TraceQuerySql#COUNT_CAP})
 */
public record TraceQuery(
    Instant from,
    Instant to,
    List<String> names,
    String status,
    List<String> models,
    List<String> providers,
    List<String> kinds,
    Double minDurationMs,
    Double minCost,
    String text,
    String session,
    String run,
    Map<String, String> attributes,
    TraceSort sort,
    boolean ascending,
    int limit,
    Cursor cursor,
    boolean total) {

  /** Default page size. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page size. */
  public static final int MAX_LIMIT = 1000;

  /** Longest trace name filter value (span names are no longer on the wire). */
  public static final int MAX_NAME_CHARS = 1000;

  /** Longest text search. */
  public static final int MAX_SEARCH_CHARS = 1000;

  /** Parses query parameters (each name mapped to its values); invalid input gives a 400. */
  public static TraceQuery parse(Map<String, List<String>> params) {
    params.forEach(
        (name, values) -> {
          if (values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
            throw ProblemException.badRequest(
                "'" + name + "' contains the NUL character, which no stored value can contain");
          }
        });
    Function<String, String> one = name -> single(params, name);
    Instant from = instant("from", one.apply("from"));
    Instant to = instant("to", one.apply("to"));
    if (from != null && to != null && !from.isBefore(to)) {
      throw ProblemException.badRequest("'from' must be before 'to'");
    }
    String status = one.apply("status");
    if (status != null) {
      status = status.toLowerCase(Locale.ROOT);
      if (!status.equals("ok") && !status.equals("error")) {
        throw ProblemException.badRequest("invalid status '" + status + "'; use ok or error");
      }
    }
    List<String> kinds = list(params, "kind");
    for (String kind : kinds) {
      boolean known = Arrays.stream(SpanCategory.values()).anyMatch(c -> c.wireName().equals(kind));
      if (!known) {
        throw ProblemException.badRequest(
            "invalid kind '"
                + kind
                + "'; use one of llm, chat, embedding, tool, retriever, agent, chain, other");
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String attr : params.getOrDefault("attr", List.of())) {
      int eq = attr.indexOf('=');
      if (eq <= 0) {
        throw ProblemException.badRequest(
            "invalid attr '" + attr + "'; use attr=key=value, e.g. attr=user.id=42");
      }
      attributes.put(attr.substring(0, eq), attr.substring(eq + 1));
    }
    String order = one.apply("order");
    boolean ascending = false;
    if (order != null) {
      if (order.equalsIgnoreCase("asc")) {
        ascending = true;
      } else if (!order.equalsIgnoreCase("desc")) {
        throw ProblemException.badRequest("invalid order '" + order + "'; use asc or desc");
      }
    }
    TraceSort sort = TraceSort.parse(one.apply("sort"));
    Integer limit = integer("limit", one.apply("limit"));
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    String cursorText = one.apply("cursor");
    Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText, sort, ascending);
    boolean total = bool("total", one.apply("total"));
    return new TraceQuery(
        from,
        to,
        names(params),
        status,
        list(params, "model"),
        list(params, "provider"),
        kinds,
        nonNegative("minDurationMs", one.apply("minDurationMs")),
        nonNegative("minCost", one.apply("minCost")),
        searchText(one.apply("q")),
        blankToNull(one.apply("session")),
        blankToNull(one.apply("run")),
        attributes,
        sort,
        ascending,
        limit == null ? DEFAULT_LIMIT : limit,
        cursor,
        total);
  }

  /**
   * The {@code name} values, each as given (names may hold commas, so they are never split),
   * without blanks or repeats.
   */
  private static List<String> names(Map<String, List<String>> params) {
    List<String> out = new ArrayList<>();
    for (String value : params.getOrDefault("name", List.of())) {
      if (value.length() > MAX_NAME_CHARS) {
        throw ProblemException.badRequest(
            "a 'name' is "
                + value.length()
                + " characters long; trace names are compared whole, give at most "
                + MAX_NAME_CHARS);
      }
      if (!value.isBlank() && !out.contains(value)) {
        out.add(value);
      }
    }
    return List.copyOf(out);
  }

  /** The text search, or null; at most {@link #MAX_SEARCH_CHARS} characters. */
  private static String searchText(String q) {
    String text = blankToNull(q);
    if (text != null && text.length() > MAX_SEARCH_CHARS) {
      throw ProblemException.badRequest(
          "'q' is "
              + text.length()
              + " characters long; search for at most "
              + MAX_SEARCH_CHARS
              + " characters of the text");
    }
    return text;
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ProblemException.badRequest("'" + name + "' may be given only once");
    }
    return blankToNull(values.get(0));
  }

  private static List<String> list(Map<String, List<String>> params, String name) {
    List<String> out = new ArrayList<>();
    for (String value : params.getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return List.copyOf(out);
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(
          "invalid '"
              + name
              + "': '"
              + value
              + "' is not an ISO-8601 instant such as"
              + " 2026-11-27T10:15:30Z");
    }
  }

  private static boolean bool(String name, String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw ProblemException.badRequest("invalid '" + name + "': '" + value + "'; use true or false");
  }

  private static Integer integer(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(
          "invalid '" + name + "': '" + value + "' is not an integer");
    }
  }

  private static Double nonNegative(String name, String value) {
    if (value == null) {
      return null;
    }
    double d;
    try {
      d = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("invalid '" + name + "': '" + value + "' is not a number");
    }
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw ProblemException.badRequest("'" + name + "' must be a finite number >= 0");
    }
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
