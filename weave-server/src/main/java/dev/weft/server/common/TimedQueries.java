package dev.weft.server.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the API's potentially expensive reads (trace lists with text search or attribute filters,
 * counts, facets, sessions) under PostgreSQL's {@code statement_timeout}, so one request cannot
 * hold a connection and the database's CPU indefinitely: past {@code weft.api.query-timeout} the
 * database cancels the statement and the caller gets a 503 saying how to narrow the request.
 *
 * <p>The timeout is set with {@code SET LOCAL} in a transaction of its own, so it never outlives
 * the statement on the pooled connection, and the server's other statements (ingest, retention,
 * dataset uploads) keep none.
 */
@ApplicationScoped
public class TimedQueries {

  /** PostgreSQL's SQLSTATE for a statement cancelled by {@code statement_timeout}. */
  static final String QUERY_CANCELED = "57014";

  @Inject Pool pool;

  @ConfigProperty(name = "weft.api.query-timeout", defaultValue = "30s")
  Duration timeout;

  /**
   * Runs one prepared statement under the configured timeout.
   *
   * @param narrowing how the caller can ask for less, appended to the timeout's message
   * @return the rows, or a failed Uni with a 503 {@link ProblemException} when it ran too long
   */
  public Uni<RowSet<Row>> execute(String sql, Tuple params, String narrowing) {
    return execute(sql, params, timeout, narrowing);
  }

  /** {@link #execute(String, Tuple, String)} with an explicit timeout; zero means none. */
  Uni<RowSet<Row>> execute(String sql, Tuple params, Duration limit, String narrowing) {
    if (limit.isZero() || limit.isNegative()) {
      return pool.preparedQuery(sql).execute(params);
    }
    return pool.withTransaction(
            connection ->
                connection
                    .query("set local statement_timeout = " + Math.max(1, limit.toMillis()))
                    .execute()
                    .flatMap(ignored -> connection.preparedQuery(sql).execute(params)))
        .onFailure(TimedQueries::cancelledByTimeout)
        .transform(e -> tooSlow(limit, narrowing));
  }

  static boolean cancelledByTimeout(Throwable e) {
    return e instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState());
  }

  /** The answer to a statement the timeout cancelled: 503, what happened, what to do. */
  static ProblemException tooSlow(Duration limit, String narrowing) {
    return ProblemException.unavailable(
        "the query ran longer than "
            + human(limit)
            + " (weft.api.query-timeout) and was stopped; "
            + narrowing,
        null);
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
