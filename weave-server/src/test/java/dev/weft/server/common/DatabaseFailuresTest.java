package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which database failures are an outage (503, retry) and which are faults (500). */
class DatabaseFailuresTest {

  private static PgException pg(String state) {
    return new PgException("message", "FATAL", state, null);
  }

  @Test
  void anUnreachableRestartingOrExhaustedDatabaseIsUnavailable() {
    assertThat(DatabaseFailures.unavailable(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseFailures.unavailable(ClosedConnectionException.INSTANCE)).isTrue();
    // terminating connection due to administrator command; the database system is starting up;
    // too many connections; an I/O error on a JDBC connection.
    assertThat(DatabaseFailures.unavailable(pg("57P01"))).isTrue();
    assertThat(DatabaseFailures.unavailable(pg("57P03"))).isTrue();
    assertThat(DatabaseFailures.unavailable(pg("53300"))).isTrue();
    assertThat(DatabaseFailures.unavailable(new SQLException("I/O error", "08006"))).isTrue();
  }

  @Test
  void theCauseChainIsSearched() {
    assertThat(
            DatabaseFailures.unavailable(
                new CompletionException(new RuntimeException(pg("08001")))))
        .isTrue();
  }

  @Test
  void faultsOfTheStatementOrTheServerAreNot() {
    assertThat(DatabaseFailures.unavailable(pg("42P01"))).as("undefined table").isFalse();
    assertThat(DatabaseFailures.unavailable(pg("57014"))).as("statement timeout").isFalse();
    assertThat(DatabaseFailures.unavailable(new SQLException("duplicate", "23505"))).isFalse();
    assertThat(DatabaseFailures.unavailable(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseFailures.unavailableState(null)).isFalse();
  }

  @Test
  void aDeadlockOrSerializationFailureIsAConflictNotAnOutage() {
    assertThat(DatabaseFailures.conflict(pg("40P01"))).as("deadlock").isTrue();
    assertThat(DatabaseFailures.conflict(new SQLException("serialization", "40001"))).isTrue();
    assertThat(DatabaseFailures.conflict(new CompletionException(pg("40P01"))))
        .as("cause")
        .isTrue();
    assertThat(DatabaseFailures.unavailable(pg("40P01"))).isFalse();
    assertThat(DatabaseFailures.conflict(pg("23505"))).isFalse();
    assertThat(DatabaseFailures.conflict(pg("08006"))).isFalse();
    assertThat(DatabaseFailures.conflict(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseFailures.conflictState(null)).isFalse();
  }

  @Test
  void onlyConnectionExceptionsAndTerminationsLoseTheConnection() {
    assertThat(DatabaseFailures.connectionLost("08006")).isTrue();
    assertThat(DatabaseFailures.connectionLost("57P01")).isTrue();
    assertThat(DatabaseFailures.connectionLost("53300")).as("too many connections").isFalse();
    assertThat(DatabaseFailures.connectionLost("23505")).isFalse();
    assertThat(DatabaseFailures.connectionLost(null)).isFalse();
  }
}
