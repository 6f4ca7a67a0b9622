package dev.weft.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.runs.RunViews.CreateRun;
import dev.weft.server.runs.RunViews.HistoryView;
import dev.weft.server.runs.RunViews.MetricKeyView;
import dev.weft.server.runs.RunViews.PointView;
import dev.weft.server.runs.RunViews.RunView;
import dev.weft.server.runs.RunViews.UpdateRun;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes runs and metric history with the reactive PostgreSQL client.
 *
 * <p>Runs are a domain table, but every write here is one SQL statement whose meaning lives in SQL:
 * idempotent create ({@code on conflict do nothing}), key-by-key jsonb merge ({@code ||}), guarded
 * state transitions ({@code update ... where state in ...}), and listing by jsonb paths. Each is
 * atomic without a read-modify-write in Java, which Hibernate entities would need.
 */
@ApplicationScoped
public class RunRepository {

  static final String COLUMNS =
      "id, name, group_name, tags, state, config::text as config, summary::text as summary,"
          + " notes, host::text as host, git::text as git, created_at, started_at, finished_at,"
          + " last_heartbeat_at, exit_code";

  @Inject Pool pool;
  @Inject ObjectMapper json;

  /**
   * A create's outcome.
   *
   * @param run the run as stored
   * @param created false when a run with that id already existed (and was left unchanged)
   */
  public record Created(RunView run, boolean created) {}

  /** Inserts a run unless its id exists; answers the stored run either way. */
  public Uni<Created> create(long projectId, String id, CreateRun body) {
    String sql =
        "insert into runs (project_id, id, name, group_name, tags, config, notes, host, git,"
            + " started_at) values ($1, $2, $3, $4, $5::text[], $6::text::jsonb, $7, $8::text::jsonb,"
            + " $9::text::jsonb, coalesce($10, now())) on conflict do nothing returning "
            + COLUMNS;
    Tuple params =
        Tuple.tuple(
            Arrays.asList(
                projectId,
                id,
                body.name(),
                body.group(),
                (body.tags() == null ? List.<String>of() : body.tags()).toArray(new String[0]),
                body.config() == null ? "{}" : body.config().toString(),
                body.notes(),
                body.host() == null ? null : body.host().toString(),
                body.git() == null ? null : body.git().toString(),
                body.startedAt()));
    return pool.preparedQuery(sql)
        .execute(params)
        .flatMap(
            rows -> {
              RunView inserted = first(rows);
              if (inserted != null) {
                return Uni.createFrom().item(new Created(inserted, true));
              }
              return get(projectId, id).map(existing -> new Created(existing, false));
            });
  }

  /** One run, or null. */
  public Uni<RunView> get(long projectId, String id) {
    return pool.preparedQuery("select " + COLUMNS + " from runs where project_id = $1 and id = $2")
        .execute(Tuple.of(projectId, id))
        .map(this::first);
  }

  /** Several runs (missing ids are absent from the map). */
  public Uni<Map<String, RunView>> getAll(long projectId, List<String> ids) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from runs where project_id = $1 and id = any($2::text[])")
        .execute(Tuple.of(projectId, ids.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, RunView> out = new HashMap<>();
              for (Row row : core(rows)) {
                RunView v = view(row);
                out.put(v.id(), v);
              }
              return out;
            });
  }

  /** Applies a patch; null when the run does not exist. */
  public Uni<RunView> update(long projectId, String id, UpdateRun patch) {
    String sql =
        "update runs set name = coalesce($3, name), group_name = coalesce($4, group_name),"
            + " tags = coalesce($5::text[], tags), notes = coalesce($6, notes),"
            + " config = "
            + merge("config", "$7")
            + ", summary = "
            + merge("summary", "$8")
            + " where project_id = $1 and id = $2 returning "
            + COLUMNS;
    Tuple params =
        Tuple.tuple(
            Arrays.asList(
                projectId,
                id,
                patch.name(),
                patch.group(),
                patch.tags() == null ? null : patch.tags().toArray(new String[0]),
                patch.notes(),
                patch.config() == null ? null : patch.config().toString(),
                patch.summary() == null ? null : patch.summary().toString()));
    return pool.preparedQuery(sql).execute(params).map(this::first);
  }

  /** Key-by-key merge where a key set to JSON null is removed. */
  private static String merge(String column, String param) {
    // Parameters typed text: the client would send a Java String for jsonb as a JSON string.
    String patch = param + "::text::jsonb";
    return "case when "
        + param
        + "::text is null then "
        + column
        + " else ("
        + column
        + " || "
        + patch
        + ") - array(select e.key from jsonb_each("
        + patch
        + ") e where jsonb_typeof(e.value) = 'null') end";
  }

  /**
   * Records a heartbeat; a crashed run becomes running again (its process evidently lives).
   * Finished and failed runs are left as they are.
   *
   * @return false when the run does not exist
   */
  public Uni<Boolean> heartbeat(long projectId, String id) {
    return pool.preparedQuery(
            "update runs set last_heartbeat_at = now(),"
                + " state = case when state = 'crashed' then 'running' else state end"
                + " where project_id = $1 and id = $2 returning id")
        .execute(Tuple.of(projectId, id))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Finishes a running or crashed run; a run already finished or failed is returned unchanged (the
   * first finish wins). Null when the run does not exist.
   */
  public Uni<RunView> finish(
      long projectId, String id, String state, String summary, Integer exitCode) {
    String sql =
        "update runs set state = $3, summary = "
            + merge("summary", "$4")
            + ", exit_code = $5, finished_at = now()"
            + " where project_id = $1 and id = $2 and state in ('running', 'crashed') returning "
            + COLUMNS;
    return pool.preparedQuery(sql)
        .execute(Tuple.tuple(Arrays.asList(projectId, id, state, summary, exitCode)))
        .flatMap(
            rows -> {
              RunView v = first(rows);
              return v != null ? Uni.createFrom().item(v) : get(projectId, id);
            });
  }

  /** Marks running runs silent since before {@code cutoff} as crashed; returns how many. */
  public Uni<Integer> markCrashed(OffsetDateTime cutoff) {
    return pool.preparedQuery(
            "update runs set state = 'crashed' where state = 'running'"
                + " and coalesce(last_heartbeat_at, created_at) < $1")
        .execute(Tuple.of(cutoff))
        .map(RowSet::rowCount);
  }

  /** One page of a listing. */
  public Uni<List<Map.Entry<RunView, String>>> list(long projectId, RunQuery query) {
    RunQuery.Sql sql = query.toSql(projectId, COLUMNS);
    return pool.preparedQuery(sql.sql())
        .execute(Tuple.tuple(sql.params()))
        .map(
            rows -> {
              List<Map.Entry<RunView, String>> out = new ArrayList<>();
              for (Row row : core(rows)) {
                out.add(
                    new java.util.AbstractMap.SimpleEntry<>(
                        view(row), row.getString("sort_value")));
              }
              return out;
            });
  }

  /**
   * What the metric append needs to know before writing: whether the run exists and, per key, the
   * highest stored step (null for a new key).
   *
   * @return null when the run does not exist
   */
  public Uni<Map<String, Long>> maxSteps(long projectId, String runId, List<String> keys) {
    String sql =
        "select r.found, k.key, (select max(m.step) from run_metrics m where m.project_id = $1"
            + " and m.run_id = $2 and m.key = k.key) as max_step"
            + " from (select exists (select 1 from runs where project_id = $1 and id = $2) as found) r"
            + " left join unnest($3::text[]) k(key) on true";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(projectId, runId, keys.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, Long> out = new HashMap<>();
              for (Row row : core(rows)) {
                if (!row.getBoolean("found")) {
                  return null;
                }
                if (row.getString("key") != null) {
                  out.put(row.getString("key"), row.getLong("max_step"));
                }
              }
              return out;
            });
  }

  /** Which of the given (key, step) pairs are stored, as {@code key + '\0' + step}. */
  public Uni<java.util.Set<String>> existing(
      long projectId, String runId, List<String> keys, List<Long> steps) {
    return pool.preparedQuery(
            "select m.key, m.step from run_metrics m join unnest($3::text[], $4::bigint[]) p(key,"
                + " step) on m.key = p.key and m.step = p.step where m.project_id = $1"
                + " and m.run_id = $2")
        .execute(
            Tuple.of(projectId, runId, keys.toArray(new String[0]), steps.toArray(new Long[0])))
        .map(
            rows -> {
              java.util.Set<String> out = new java.util.HashSet<>();
              for (Row row : core(rows)) {
                out.add(row.getString("key") + '\u0000' + row.getLong("step"));
              }
              return out;
            });
  }

  /** Count, min, max and last point of each key of a run. */
  public Uni<List<MetricKeyView>> keys(long projectId, String runId) {
    String sql =
        "select key, count(*) as n, min(value) as lo, max(value) as hi, max(step) as last_step,"
            + " (array_agg(value order by step desc))[1] as last_value,"
            + " (array_agg(time order by step desc))[1] as last_time"
            + " from run_metrics where project_id = $1 and run_id = $2 group by key order by key";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(projectId, runId))
        .map(
            rows -> {
              List<MetricKeyView> out = new ArrayList<>();
              for (Row row : core(rows)) {
                out.add(
                    new MetricKeyView(
                        row.getString("key"),
                        row.getLong("n"),
                        row.getDouble("lo"),
                        row.getDouble("hi"),
                        row.getLong("last_step"),
                        row.getDouble("last_value"),
                        row.getOffsetDateTime("last_time")));
              }
              return out;
            });
  }

  /**
   * The history of one key, downsampled in SQL with the buckets of {@link Downsampler}: count and
   * range first (an index range scan), then either every point or, per bucket, the lowest and the
   * highest point chosen by window functions, so only the kept points leave the database.
   *
   * @param byTime bucket on time instead of step
   * @param from lower bound (step, or epoch seconds when byTime), inclusive, or null
   * @param to upper bound, inclusive, or null
   */
  public Uni<HistoryView> history(
      long projectId,
      String runId,
      String key,
      int maxPoints,
      boolean byTime,
      Double from,
      Double to) {
    String x = byTime ? "extract(epoch from time)::float8" : "step::float8";
    String range =
        " from run_metrics where project_id = $1 and run_id = $2 and key = $3"
            + " and ($4::float8 is null or "
            + x
            + " >= $4) and ($5::float8 is null or "
            + x
            + " <= $5)";
    Tuple base = Tuple.tuple(Arrays.asList(projectId, runId, key, from, to));
    String axis = byTime ? "time" : "step";
    return pool.preparedQuery(
            "select count(*) as n, min(" + x + ") as lo, max(" + x + ") as hi" + range)
        .execute(base)
        .flatMap(
            stats -> {
              Row s = core(stats).iterator().next();
              long n = s.getLong("n");
              if (n <= maxPoints) {
                return pool.preparedQuery(
                        "select step, value, time" + range + " order by " + axis + ", step")
                    .execute(base)
                    .map(rows -> new HistoryView(key, axis, n, false, points(rows)));
              }
              double lo = s.getDouble("lo");
              double hi = s.getDouble("hi");
              int buckets = Downsampler.buckets(maxPoints);
              String sql =
                  "with b as (select step, value, time, least(width_bucket("
                      + x
                      + ", $6::float8, $7::float8, $8::int), $8::int) as bucket"
                      + range
                      + "), r as (select step, value, time, row_number() over (partition by"
                      + " bucket order by value, step) as lo_rank, row_number() over (partition"
                      + " by bucket order by value desc, step) as hi_rank from b)"
                      + " select step, value, time from r where lo_rank = 1 or hi_rank = 1"
                      + " order by "
                      + axis
                      + ", step";
              Tuple params =
                  Tuple.tuple(
                      Arrays.asList(
                          projectId, runId, key, from, to, lo, hi > lo ? hi : lo + 1, buckets));
              return pool.preparedQuery(sql)
                  .execute(params)
                  .map(rows -> new HistoryView(key, axis, n, true, points(rows)));
            });
  }

  private static List<PointView> points(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    List<PointView> out = new ArrayList<>(rows.size());
    for (Row row : core(rows)) {
      out.add(
          new PointView(
              row.getLong("step"), row.getDouble("value"), row.getOffsetDateTime("time")));
    }
    return out;
  }

  private RunView first(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    for (Row row : core(rows)) {
      return view(row);
    }
    return null;
  }

  private RunView view(Row row) {
    String[] tags = row.getArrayOfStrings("tags");
    return new RunView(
        row.getString("id"),
        row.getString("name"),
        row.getString("group_name"),
        tags == null ? List.of() : List.of(tags),
        row.getString("state"),
        parse(row.getString("config")),
        parse(row.getString("summary")),
        row.getString("notes"),
        parse(row.getString("host")),
        parse(row.getString("git")),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("started_at"),
        row.getOffsetDateTime("finished_at"),
        row.getOffsetDateTime("last_heartbeat_at"),
        row.getInteger("exit_code"));
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Iterable<Row> core(RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    return rows.getDelegate();
  }
}
