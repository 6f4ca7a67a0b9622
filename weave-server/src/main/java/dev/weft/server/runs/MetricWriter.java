package dev.weft.server.runs;

import dev.weft.server.common.GroupCommit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Appends metric points with group commit: the points of concurrent requests become one {@code
 * insert ... select from unnest(...)} per transaction. Points already stored for the same (run,
 * key, step) are skipped, so replays are idempotent.
 */
@ApplicationScoped
public class MetricWriter {

  static final String INSERT_SQL =
      "insert into run_metrics (project_id, run_id, key, step, value, time)"
          + " select * from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[],"
          + " $5::float8[], $6::timestamptz[])"
          + " on conflict do nothing";

  // Primary-key order: concurrent statements take index locks in the same order (no deadlocks).
  private static final Comparator<MetricPoint> KEY_ORDER =
      Comparator.comparingLong(MetricPoint::projectId)
          .thenComparing(MetricPoint::runId)
          .thenComparing(MetricPoint::key)
          .thenComparingLong(MetricPoint::step);

  private final Pool pool;
  private final GroupCommit<MetricPoint> commit;

  /** Creates the writer over the reactive PostgreSQL pool. */
  @Inject
  public MetricWriter(Pool pool, RunsConfig config) {
    this.pool = pool;
    this.commit =
        new GroupCommit<>(
            "metric points",
            config.queueCapacityPoints(),
            config.maxBatchPoints(),
            config.writers(),
            config.retryAfterSeconds(),
            this::insert);
  }

  /** Queues points and completes once they are committed; fails with 503 when full. */
  public Uni<Void> write(List<MetricPoint> points) {
    return commit.submit(points);
  }

  /** Points waiting to be written. */
  public int queued() {
    return commit.queued();
  }

  private Uni<Void> insert(List<MetricPoint> batch) {
    List<MetricPoint> rows = new ArrayList<>(batch);
    rows.sort(KEY_ORDER);
    int n = rows.size();
    Long[] projects = new Long[n];
    String[] runs = new String[n];
    String[] keys = new String[n];
    Long[] steps = new Long[n];
    Double[] values = new Double[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      MetricPoint p = rows.get(i);
      projects[i] = p.projectId();
      runs[i] = p.runId();
      keys[i] = p.key();
      steps[i] = p.step();
      values[i] = p.value();
      times[i] = p.time();
    }
    return pool.preparedQuery(INSERT_SQL)
        .execute(Tuple.tuple(List.of(projects, runs, keys, steps, values, times)))
        .replaceWithVoid();
  }
}
