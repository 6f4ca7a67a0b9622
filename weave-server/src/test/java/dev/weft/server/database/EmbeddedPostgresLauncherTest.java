package dev.weft.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Runs real PostgreSQL processes (as root on CI, as a normal user elsewhere). The case of a
 * postmaster left behind by a killed JVM needs a second process and is covered by {@code
 * ServerRestartIT}.
 */
class EmbeddedPostgresLauncherTest {

  @Test
  void dataSurvivesAStopAndStartOnTheSameDirectory() throws Exception {
    Path dir = Files.createTempDirectory("weft-pg-persist");
    try (EmbeddedDatabase db = EmbeddedPostgresLauncher.start(dir, 0, false)) {
      execute(db, "create table kept (v text); insert into kept values ('still here')");
    }
    try (EmbeddedDatabase db = EmbeddedPostgresLauncher.start(dir, 0, false)) {
      assertThat(query(db, "select v from kept")).isEqualTo("still here");
    }
  }

  @Test
  void aSecondServerOnADirectoryInUseIsRefusedAndTheFirstKeepsRunning() throws Exception {
    Path dir = Files.createTempDirectory("weft-pg-shared").resolve("postgres");
    try (EmbeddedDatabase first = EmbeddedPostgresLauncher.start(dir, 0, false)) {
      execute(first, "create table mine (v text); insert into mine values ('untouched')");

      assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(dir, 0, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another Weft server")
          .hasMessageContaining("WEFT_EMBEDDED_DB_DIR");

      assertThat(query(first, "select v from mine")).isEqualTo("untouched");
    }
    // Closed: the lock is released, so the directory opens again.
    try (EmbeddedDatabase again = EmbeddedPostgresLauncher.start(dir, 0, false)) {
      assertThat(query(again, "select v from mine")).isEqualTo("untouched");
    }
  }

  private static void execute(EmbeddedDatabase db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(EmbeddedDatabase db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
