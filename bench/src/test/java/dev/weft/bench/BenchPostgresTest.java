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
  void anEmptyDatabaseOfALocalServerIsMeasuredThroughItsPostmaster() throws Exception {
    try (BenchPostgres given =
        BenchPostgres.external(new BenchOptions.Database(url("given"), "postgres", ""))) {
      assertThat(given.embedded()).isFalse();
      assertThat(given.postmasterPid()).isEqualTo(embedded.postmasterPid());
      assertThat(given.queryLong("select 1")).isEqualTo(1);
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
