package dev.weft.server.evaluations;

import dev.weft.server.common.ProblemException;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * Filter and order of an evaluation's rows, parsed from query parameters. Only whitelisted SQL is
 * produced; the score name is always a bind parameter.
 *
 * @param sortScore score to sort by, or {@code null} for dataset order
 * @param descending sort direction for a score
 * @param filterScore score the min/max filter applies to
 * @param min lowest score kept, or {@code null}
 * @param max highest score kept, or {@code null}
 * @param errors {@code only}, {@code exclude}, or {@code null} for all
 * @param limit page size
 * @param offset rows skipped
 */
record RowQuery(
    String sortScore,
    boolean descending,
    String filterScore,
    Double min,
    Double max,
    String errors,
    int limit,
    int offset) {

  static final int MAX_LIMIT = 1000;

  static RowQuery parse(
      String sort,
      String order,
      String score,
      Double min,
      Double max,
      String errors,
      Integer limit,
      Integer offset) {
    String sortScore = null;
    if (sort != null && !sort.isBlank() && !sort.equals("index")) {
      if (!sort.startsWith("score:") || sort.length() == "score:".length()) {
        throw ProblemException.badRequest(
            "sort must be 'index' or 'score:<name>', e.g. sort=score:exact_match");
      }
      sortScore = sort.substring("score:".length());
    }
    boolean desc;
    if (order == null || order.equals("asc")) {
      desc = false;
    } else if (order.equals("desc")) {
      desc = true;
    } else {
      throw ProblemException.badRequest("order must be asc or desc");
    }
    if ((min != null || max != null) && (score == null || score.isBlank())) {
      throw ProblemException.badRequest("min and max filter a score: add score=<name>");
    }
    if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) {
      throw ProblemException.badRequest("min and max must be finite numbers");
    }
    if (errors != null && !errors.equals("only") && !errors.equals("exclude")) {
      throw ProblemException.badRequest("errors must be 'only' or 'exclude'");
    }
    int l = limit == null ? 100 : limit;
    if (l < 1 || l > MAX_LIMIT) {
      throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    int o = offset == null ? 0 : offset;
    if (o < 0) {
      throw ProblemException.badRequest("offset must be ≥ 0");
    }
    return new RowQuery(sortScore, desc, score, min, max, errors, l, o);
  }

  String where() {
    StringBuilder w = new StringBuilder("true");
    if (filterScore != null) {
      w.append(" and jsonb_typeof(scores -> $2) = 'number'");
      w.append(" and ($3::float8 is null or (scores ->> $2)::float8 >= $3)");
      w.append(" and ($4::float8 is null or (scores ->> $2)::float8 <= $4)");
    } else {
      // Keep parameter numbering stable: $2..$4 are always bound.
      w.append(" and ($2::text is null or true) and ($3::float8 is null or true)");
      w.append(" and ($4::float8 is null or true)");
    }
    if ("only".equals(errors)) {
      w.append(" and (error is not null or scorer_errors <> '{}'::jsonb)");
    } else if ("exclude".equals(errors)) {
      w.append(" and error is null and scorer_errors = '{}'::jsonb");
    }
    return w.toString();
  }

  String orderBy() {
    if (sortScore == null) {
      return "row_index, trial";
    }
    // $7 is the sort score; rows without it go last either way.
    return "(scores ->> $7)::float8 "
        + (descending ? "desc" : "asc")
        + " nulls last, row_index, trial";
  }

  Tuple filterParams(UUID id) {
    return Tuple.tuple().addUUID(id).addString(filterScore).addDouble(min).addDouble(max);
  }

  Tuple params(UUID id) {
    Tuple t = Tuple.tuple().addUUID(id).addString(filterScore).addDouble(min).addDouble(max);
    t.addInteger(limit).addInteger(offset);
    if (sortScore != null) {
      t.addString(sortScore);
    }
    return t;
  }
}
