package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API's read timeout against a real PostgreSQL: a statement past it is cancelled by the
 * database and answered with a 503 that says what to do; one within it runs; the timeout never
 * sticks to the pooled connection.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TimedQueriesTest {

  @Inject TimedQueries timed;
  @Inject Pool pool;

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aStatementPastTheTimeoutIsCancelledAndAnsweredWith503AndAHint() {
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                timed
                    .execute(
                        "select pg_sleep(20)", Tuple.tuple(), Duration.ofMillis(300), "ask less")
                    .await()
                    .atMost(WAIT))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(503);
              assertThat(e.retryAfterSeconds())
                  .as("retrying the same query will not help")
                  .isNull();
              assertThat(e.problem().detail())
                  .isEqualTo(
                      "the query ran longer than 300 ms (weft.api.query-timeout) and was stopped;"
                          + " ask less");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the database stopped the statement, it did not run its 20 s")
        .isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aStatementWithinTheTimeoutReturnsItsRows() {
    var rows =
        timed
            .execute("select $1::int + 1", Tuple.of(41), Duration.ofSeconds(10), "unused")
            .await()
            .atMost(WAIT);

    assertThat(rows.iterator().next().getInteger(0)).isEqualTo(42);
  }

  @Test
  void theTimeoutEndsWithItsStatementAndLeavesPooledConnectionsWithout() {
    for (int i = 0; i < 25; i++) {
      timed
          .execute("select 1", Tuple.tuple(), Duration.ofMillis(1500), "unused")
          .await()
          .atMost(WAIT);
    }

    // One after the other, these take the idle connections the timed statements ran on (more
    // statements than the pool has connections, so every connection that ran one is met).
    for (int i = 0; i < 25; i++) {
      String setting =
          pool.query("show statement_timeout")
              .execute()
              .await()
              .atMost(WAIT)
              .iterator()
              .next()
              .getString(0);
      assertThat(setting).isEqualTo("0");
    }
  }

  @Test
  void otherDatabaseFailuresAreNotMistakenForTheTimeout() {
    assertThatThrownBy(
            () ->
                timed
                    .execute("select 1/0", Tuple.tuple(), Duration.ofSeconds(10), "unused")
                    .await()
                    .atMost(WAIT))
        .isNotInstanceOf(ProblemException.class)
        .hasMessageContaining("division by zero");
  }
}
