package dev.weft.server.retention;

import dev.weft.server.ingest.SpanWriter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Enforces {@code weft.retention.days}: drops whole daily span partitions older than the window (no
 * row-by-row deletes) and the summaries of traces that ended before it. Off when 0.
 */
@ApplicationScoped
public class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  @Inject RetentionConfig config;
  @Inject Pool pool;
  @Inject SpanWriter writer;

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return RetentionPlan.firstKeptDay(Instant.now(), config.days())
        .map(this::enforce)
        .orElseGet(() -> Uni.createFrom().voidItem());
  }

  /** Drops the partitions before the cutoff day and the trace summaries that ended before it. */
  public Uni<Void> enforce(LocalDate cutoff) {
    return pool.query(
            "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " where i.inhparent = 'spans'::regclass")
        .execute()
        .map(
            rows -> {
              List<String> names = new ArrayList<>();
              for (Row row : rows) {
                names.add(row.getString(0));
              }
              return RetentionPlan.partitionsToDrop(names, cutoff);
            })
        .flatMap(this::drop)
        .flatMap(
            dropped ->
                pool.preparedQuery("delete from traces where end_time < $1")
                    .execute(Tuple.of(OffsetDateTime.of(cutoff.atStartOfDay(), ZoneOffset.UTC)))
                    .invoke(
                        rows -> {
                          writer.forgetPartitions();
                          if (dropped > 0 || rows.rowCount() > 0) {
                            LOG.infof(
                                "Retention: dropped %d span partitions and %d trace summaries"
                                    + " before %s",
                                dropped, rows.rowCount(), cutoff);
                          }
                        }))
        .replaceWithVoid();
  }

  private Uni<Integer> drop(List<String> partitions) {
    Uni<Integer> result = Uni.createFrom().item(0);
    for (String name : partitions) {
      // Names come from the catalog and match spans_YYYYMMDD, so quoting them is safe.
      result =
          result.flatMap(
              n ->
                  pool.query("drop table if exists \"" + name + "\"").execute().replaceWith(n + 1));
    }
    return result;
  }
}
