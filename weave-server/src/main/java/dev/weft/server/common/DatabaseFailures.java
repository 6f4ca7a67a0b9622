package dev.weft.server.common;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;

/**
 * Which database failures mean "the database cannot serve right now" rather than a fault of the
 * request or of the server: it is unreachable, restarting, failing over, out of connections or
 * resources. Those are answered 503 with {@code Retry-After} (OTLP exporters and well-behaved
 * clients retry), not 500. One place for the rule, for the reactive client (API reads and writes)
 * and JDBC (the span writer).
 */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /**
   * Whether an SQLSTATE says the database is unavailable: class 08 (connection exception), 57P
   * (shutting down, terminated by the administrator, cannot connect now) or 53 (insufficient
   * resources, e.g. too many connections).
   */
  public static boolean unavailableState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("53"));
  }

  /**
   * Whether an SQLSTATE says the connection itself is gone (class 08, or the server shutting down
   * or terminating it, 57P): a pooled connection that saw it is useless and must not be handed out
   * again.
   */
  public static boolean connectionLost(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
  }

  /**
   * Whether an SQLSTATE says PostgreSQL rolled the transaction back to resolve a conflict with a
   * concurrent one: class 40 (deadlock detected, serialization failure). Nothing of the transaction
   * was stored and the same request will most likely succeed when sent again.
   */
  public static boolean conflictState(String sqlState) {
    return sqlState != null && sqlState.startsWith("40");
  }

  /** Whether a failure, or one of its causes, carries an SQLSTATE of {@link #conflictState}. */
  public static boolean conflict(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (conflictState(state(t))) {
        return true;
      }
    }
    return false;
  }

  private static String state(Throwable t) {
    return t instanceof PgException pg
        ? pg.getSqlState()
        : t instanceof SQLException sql ? sql.getSQLState() : null;
  }

  /**
   * Whether a failure, or one of its causes, means the database is unavailable: an SQLSTATE of
   * {@link #unavailableState}, a refused connection, or a connection that closed under a query.
   */
  public static boolean unavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
        return true;
      }
      if (unavailableState(state(t))) {
        return true;
      }
    }
    return false;
  }
}
