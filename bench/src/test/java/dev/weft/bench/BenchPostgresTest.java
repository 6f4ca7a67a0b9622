package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database given with {@code --database-url}: used when it is a superuser's empty database on
 * this machine, refused with a reason otherwise. The bench's own embedded cluster plays the given
 * server.
 */
class BenchPostgresTest {

  private static BenchPostgres embedded;

  @BeforeAll
  static void start() throws Exception {
    embedded = BenchPostgres.start();
    embedded.execute("create database given");
    embedded.execute("create role reader login password 'pw'");
  }

  @AfterAll
  static void stop() throws Exception {
    embedded.close();
  }

  private static String url(String database) {
    return embedded.jdbcUrl().replace("/postgres", "/" + database);
  }

  @Test
  void anEmptyDatabaseOfALocalServerIsMeasuredThroughItsPostmasterAndLeftEmpty() throws Exception {
    BenchOptions.Database database = new BenchOptions.Database(url("given"), "postgres", "");
    for (int run = 1; run <= 2; run++) {
      try (BenchPostgres given = BenchPostgres.external(database)) {
        assertThat(given.embedded()).isFalse();
        assertThat(given.postmasterPid()).isEqualTo(embedded.postmasterPid());
        // What a run leaves behind: spans and traces the server stored, the ceiling's table.
        given.execute("create table if not exists spans (id int)");
        given.execute("create table if not exists traces (id int)");
        given.execute("insert into spans values (" + run + ")");
        given.execute("insert into traces values (" + run + ")");
        given.execute("create table bench_copy (id int)");
      }
    }

    try (BenchPostgres given = BenchPostgres.external(database)) {
      assertThat(given.queryLong("select count(*) from spans")).isZero();
      assertThat(given.queryLong("select count(*) from traces")).isZero();
      assertThat(given.queryLong("select count(*) from pg_class where relname = 'bench_copy'"))
          .isZero();
    }
    assertThat(embedded.queryLong("select 1"))
        .as("closing a given database leaves the server running")
        .isEqualTo(1);
  }

  @Test
  void aDatabaseThatHoldsSpansIsRefusedSoTheBenchNeverEmptiesRealData() throws Exception {
    embedded.execute("create database used");
    String url = url("used");
    try (var c = java.sql.DriverManager.getConnection(url, "postgres", "");
        var s = c.createStatement()) {
      s.execute("create table spans (id int)");
      s.execute("insert into spans values (1)");
    }

    assertThatThrownBy(() -> BenchPostgres.external(new BenchOptions.Database(url, "postgres", "")))
        .hasMessageContaining("holds spans")
        .hasMessageContaining("dedicated, empty database");
  }

  @Test
  void aUserWhoIsNotASuperuserIsRefused() {
    assertThatThrownBy(
            () -> BenchPostgres.external(new BenchOptions.Database(url("given"), "reader", "pw")))
        .hasMessageContaining("'reader' is not a superuser");
  }
}
