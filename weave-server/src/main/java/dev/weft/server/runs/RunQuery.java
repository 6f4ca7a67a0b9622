package dev.weft.server.runs;

import dev.weft.server.common.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters, sort and page of a run listing, parsed from query parameters, and the SQL for them.
 *
 * <p>Grammar (all optional, AND-ed): {@code state} running|finished|failed|crashed (repeatable or
 * comma-separated, any of them); {@code tag} (repeatable or comma-separated, the run must carry
 * all); {@code group}; {@code config.<key>=<value>} and {@code summary.<key>=<value>} where {@code
 * <key>} is a top-level key or a dotted path into nested objects and {@code <value>} is compared
 * with the JSON value's text ({@code 0.1}, {@code adam}, {@code true}), or, prefixed with {@code
 * gt:}, {@code gte:}, {@code lt:}, {@code lte:} or {@code ne:}, compared as a number ({@code ne:}
 * as text). {@code sort} createdAt (default) | startedAt | name | summary.<key> | config.<key>
 * (numeric, so a table can sort by a metric or a hyperparameter such as {@code config.lr}; runs
 * without a numeric value come last in both orders); {@code order} desc (default) | asc; {@code
 * limit} 1-1000 (default 50); {@code cursor} the {@code nextCursor} of the previous page (keyset).
 *
 * @param states states, any of which
 * @param tags tags, all of which
 * @param group group or null
 * @param jsonFilters config/summary conditions
 * @param sort sort key
 * @param ascending direction
 * @param limit page size
 * @param cursor position after which the page starts, or null
 */
public record RunQuery(
    List<String> states,
    List<String> tags,
    String group,
    List<JsonFilter> jsonFilters,
    String sort,
    boolean ascending,
    int limit,
    Cursor cursor) {

  /** Default page size. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page size. */
  public static final int MAX_LIMIT = 1000;

  private static final Set<String> STATES = Set.of("running", "finished", "failed", "crashed");
  private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "ne");

  /**
   * A condition on a config or summary value.
   *
   * @param column config or summary
   * @param key the key as written (a top-level key, or a dotted path)
   * @param op eq, ne, gt, gte, lt or lte
   * @param value the value text
   */
  public record JsonFilter(String column, String key, String op, String value) {}

  /**
   * A keyset position: the sort value (text, or null) and id of the last row of a page.
   *
   * @param sort the sort it was made for
   * @param ascending the direction it was made for
   * @param value sort value of the last row as text, or null
   * @param id id of the last row
   */
  public record Cursor(String sort, boolean ascending, String value, String id) {

    /** The opaque token. */
    public String encode() {
      String raw =
          sort
              + "\u0001"
              + (ascending ? "asc" : "desc")
              + "\u0001"
              + id
              + "\u0001"
              + (value == null ? "\u0000" : value);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token, String sort, boolean ascending) {
      String raw;
      try {
        raw = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalid();
      }
      String[] parts = raw.split("\u0001", 4);
      if (parts.length != 4 || parts[2].isEmpty()) {
        throw invalid();
      }
      if (!parts[0].equals(sort) || !parts[1].equals(ascending ? "asc" : "desc")) {
        throw ProblemException.badRequest(
            "the cursor belongs to a listing sorted by "
                + parts[0]
                + " "
                + parts[1]
                + "; keep sort and order the same while paging");
      }
      return new Cursor(sort, ascending, parts[3].equals("\u0000") ? null : parts[3], parts[2]);
    }

    private static ProblemException invalid() {
      return ProblemException.badRequest(
          "invalid cursor; pass the 'nextCursor' value of the previous page unchanged");
    }
  }

  /** Parses query parameters; 400 for anything not in the grammar. */
  public static RunQuery parse(Map<String, List<String>> params) {
    List<String> states = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<JsonFilter> filters = new ArrayList<>();
    String group = null;
    String sort = "createdAt";
    boolean ascending = false;
    int limit = DEFAULT_LIMIT;
    String cursorText = null;
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      String name = e.getKey();
      List<String> values = e.getValue();
      switch (name) {
        case "state" -> {
          for (String s : split(values)) {
            if (!STATES.contains(s)) {
              throw ProblemException.badRequest(
                  "invalid state '" + s + "'; use running, finished, failed or crashed");
            }
            states.add(s);
          }
        }
        case "tag" -> tags.addAll(split(values));
        case "group" -> group = single(name, values);
        case "sort" -> sort = single(name, values);
        case "order" -> {
          String order = single(name, values);
          if (order.equalsIgnoreCase("asc")) {
            ascending = true;
          } else if (!order.equalsIgnoreCase("desc")) {
            throw ProblemException.badRequest("invalid order '" + order + "'; use asc or desc");
          }
        }
        case "limit" -> {
          String text = single(name, values);
          try {
            limit = Integer.parseInt(text.trim());
          } catch (NumberFormatException ex) {
            throw ProblemException.badRequest("invalid 'limit': '" + text + "' is not an integer");
          }
          if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
          }
        }
        case "cursor" -> cursorText = single(name, values);
        default -> {
          if ((name.startsWith("config.") || name.startsWith("summary."))
              && name.indexOf('.') < name.length() - 1) {
            int dot = name.indexOf('.');
            for (String v : values) {
              filters.add(filter(name.substring(0, dot), name.substring(dot + 1), v));
            }
          } else {
            throw ProblemException.badRequest(
                "unknown query parameter '"
                    + name
                    + "'; the run list takes state, tag, group, config.<key>, summary.<key>,"
                    + " sort, order, limit and cursor");
          }
        }
      }
    }
    if (!sort.equals("createdAt")
        && !sort.equals("startedAt")
        && !sort.equals("name")
        && !(sort.startsWith("summary.") && sort.length() > "summary.".length())
        && !(sort.startsWith("config.") && sort.length() > "config.".length())) {
      throw ProblemException.badRequest(
          "invalid sort '"
              + sort
              + "'; use createdAt, startedAt, name, summary.<key> or config.<key>");
    }
    Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText, sort, ascending);
    return new RunQuery(
        List.copyOf(states),
        List.copyOf(tags),
        group,
        List.copyOf(filters),
        sort,
        ascending,
        limit,
        cursor);
  }

  private static JsonFilter filter(String column, String key, String raw) {
    int colon = raw.indexOf(':');
    if (colon > 0 && OPS.contains(raw.substring(0, colon))) {
      String op = raw.substring(0, colon);
      String value = raw.substring(colon + 1);
      if (!op.equals("ne")) {
        try {
          double d = Double.parseDouble(value);
          if (!Double.isFinite(d)) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw ProblemException.badRequest(
              "invalid filter "
                  + column
                  + "."
                  + key
                  + "="
                  + raw
                  + ": '"
                  + op
                  + ":' needs a number");
        }
      }
      return new JsonFilter(column, key, op, value);
    }
    return new JsonFilter(column, key, "eq", raw);
  }

  private static String single(String name, List<String> values) {
    if (values.size() != 1 || values.get(0).isBlank()) {
      throw ProblemException.badRequest("'" + name + "' must be given once, with a value");
    }
    return values.get(0).trim();
  }

  private static List<String> split(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  /**
   * The listing statement and its parameters; it fetches one row more than the page and selects the
   * sort value as {@code sort_value} text for the next cursor.
   */
  public Sql toSql(long projectId, String columns) {
    List<Object> params = new ArrayList<>();
    params.add(projectId);
    List<String> where = new ArrayList<>();
    where.add("project_id = $1");
    if (!states.isEmpty()) {
      where.add("state = any(" + bind(params, states.toArray(new String[0])) + "::text[])");
    }
    if (!tags.isEmpty()) {
      where.add("tags @> " + bind(params, tags.toArray(new String[0])) + "::text[]");
    }
    if (group != null) {
      where.add("group_name = " + bind(params, group));
    }
    for (JsonFilter f : jsonFilters) {
      String value = jsonValue(f.column(), f.key(), params);
      switch (f.op()) {
        case "eq" -> where.add("(" + value + " #>> '{}') = " + bind(params, f.value()));
        case "ne" ->
            where.add("(" + value + " #>> '{}') is distinct from " + bind(params, f.value()));
        default -> {
          String cmp =
              switch (f.op()) {
                case "gt" -> ">";
                case "gte" -> ">=";
                case "lt" -> "<";
                default -> "<=";
              };
          where.add(numeric(value) + " " + cmp + " " + bind(params, Double.parseDouble(f.value())));
        }
      }
    }
    String expr =
        switch (sort) {
          case "createdAt" -> "created_at";
          case "startedAt" -> "started_at";
          case "name" -> "name";
          default -> {
            int dot = sort.indexOf('.');
            yield numeric(jsonValue(sort.substring(0, dot), sort.substring(dot + 1), params));
          }
        };
    String castType =
        switch (sort) {
          case "createdAt", "startedAt" -> "timestamptz";
          case "name" -> "text";
          default -> "float8";
        };
    String dir = ascending ? "asc" : "desc";
    String cmp = ascending ? ">" : "<";
    if (cursor != null) {
      String id = bind(params, cursor.id());
      if (cursor.value() == null) {
        where.add("(" + expr + " is null and id " + cmp + " " + id + ")");
      } else {
        // Sent as text and cast in SQL: the client will not coerce a String to a number or time.
        String v = bind(params, cursor.value()) + "::text::" + castType;
        where.add(
            "("
                + expr
                + " "
                + cmp
                + " "
                + v
                + " or ("
                + expr
                + " = "
                + v
                + " and id "
                + cmp
                + " "
                + id
                + ") or "
                + expr
                + " is null)");
      }
    }
    String sql =
        "select "
            + columns
            + ", ("
            + expr
            + ")::text as sort_value from runs where "
            + String.join(" and ", where)
            + " order by "
            + expr
            + " "
            + dir
            + " nulls last, id "
            + dir
            + " limit "
            + (limit + 1);
    return new Sql(sql, params);
  }

  /**
   * A statement with its parameters.
   *
   * @param sql the SQL
   * @param params positional parameters
   */
  public record Sql(String sql, List<Object> params) {}

  /** The jsonb value of a key: the top-level key if present, else the dotted path. */
  private static String jsonValue(String column, String key, List<Object> params) {
    String k = bind(params, key);
    String path = bind(params, key.split("\\.", -1)) + "::text[]";
    return "coalesce(" + column + " -> " + k + "::text, " + column + " #> " + path + ")";
  }

  private static String numeric(String value) {
    return "(case when jsonb_typeof(" + value + ") = 'number' then (" + value + ")::float8 end)";
  }

  private static String bind(List<Object> params, Object value) {
    params.add(value);
    return "$" + params.size();
  }
}
