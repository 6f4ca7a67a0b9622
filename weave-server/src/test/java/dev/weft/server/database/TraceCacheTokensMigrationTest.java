package dev.weft.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V9 gives the traces stored before it their spans' prompt-cache tokens: run on a
 * database of its own (in the tests' PostgreSQL) migrated to V8 and filled as V8's writer did.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TraceCacheTokensMigrationTest {

  private static final String DATABASE = "weft_migration_v9";

  @Test
  void tracesStoredBeforeV9GetTheirSpansCacheTokensAndOthersGetZero() throws SQLException {
    try (Connection admin = PostgresTestResource.connect();
        Statement s = admin.createStatement()) {
      s.execute("drop database if exists " + DATABASE);
      s.execute("create database " + DATABASE);
    }
    String own =
        PostgresTestResource.jdbcUrl()
            .replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + DATABASE);
    Flyway.configure()
        .dataSource(own, PostgresTestResource.username(), PostgresTestResource.password())
        .target("8")
        .load()
        .migrate();
    try (Connection c = PostgresTestResource.connect(own);
        Statement s = c.createStatement()) {
      s.execute("insert into projects (name) values ('p')");
      s.execute("select weft_ensure_span_partitions(array['2026-11-27'::date])");
      // Trace 01: two chat spans with cache counts (one without a write count), one tool span.
      // Trace 02: spans without cache counts.
      s.execute(
          "insert into spans (project_id, trace_id, span_id, name, category, otel_kind,"
              + " status_code, start_time, end_time, duration_ns, cache_read_tokens,"
              + " cache_write_tokens, attributes, resource) values"
              + " (1, '\\x01', '\\x0a', 'chat', 'chat', 3, 0, '2026-11-27T10:00Z',"
              + " '2026-11-27T10:01Z', 1, 800, 100, '{}', '{}'),"
              + " (1, '\\x01', '\\x0b', 'chat', 'chat', 3, 0, '2026-11-27T10:00Z',"
              + " '2026-11-27T10:01Z', 1, 200, null, '{}', '{}'),"
              + " (1, '\\x01', '\\x0c', 'tool', 'tool', 1, 0, '2026-11-27T10:00Z',"
              + " '2026-11-27T10:01Z', 1, null, null, '{}', '{}'),"
              + " (1, '\\x02', '\\x0d', 'chat', 'chat', 3, 0, '2026-11-27T10:00Z',"
              + " '2026-11-27T10:01Z', 1, null, null, '{}', '{}')");
      s.execute(
          "insert into traces (project_id, trace_id, first_name, start_time, end_time,"
              + " span_count, error_count, input_tokens, output_tokens, total_tokens, models,"
              + " providers, categories) values"
              + " (1, '\\x01', 'chat', '2026-11-27T10:00Z', '2026-11-27T10:01Z', 3, 0, 0, 0, 0,"
              + " '{}', '{}', '{}'),"
              + " (1, '\\x02', 'chat', '2026-11-27T10:00Z', '2026-11-27T10:01Z', 1, 0, 0, 0, 0,"
              + " '{}', '{}', '{}')");
    }

    Flyway.configure()
        .dataSource(own, PostgresTestResource.username(), PostgresTestResource.password())
        .load()
        .migrate();

    List<String> rows = new ArrayList<>();
    try (Connection c = PostgresTestResource.connect(own);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select encode(trace_id, 'hex'), cache_read_tokens, cache_write_tokens"
                    + " from traces order by trace_id")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getLong(2) + " " + r.getLong(3));
      }
    }
    assertThat(rows).containsExactly("01 1000 100", "02 0 0");
    // Leave nothing behind on an external test database (WEFT_TEST_DATABASE_URL).
    try (Connection admin = PostgresTestResource.connect();
        Statement s = admin.createStatement()) {
      s.execute("drop database " + DATABASE);
    }
  }
}
