package dev.weft.server;

import dev.weft.server.database.DatabaseSettings;
import dev.weft.server.database.EmbeddedDatabase;
import dev.weft.server.database.EmbeddedPostgresLauncher;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point of the Weft server: chooses the database (external when configured, else an embedded
 * PostgreSQL under the user's home), then starts Quarkus.
 */
@QuarkusMain
public final class WeftMain {

  private static final Logger LOG = Logger.getLogger(WeftMain.class);

  WeftMain() {}

  /** Starts the server. */
  public static void main(String... args) {
    // The embedded database logs every initdb line at INFO before Quarkus applies its log config.
    java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
    DatabaseSettings settings = DatabaseSettings.fromEnvironment();
    EmbeddedDatabase embedded = null;
    if (settings.useEmbedded()) {
      LOG.infof(
          "No database configured: starting embedded PostgreSQL in %s",
          settings.embeddedDirectory());
      try {
        embedded =
            EmbeddedPostgresLauncher.start(
                settings.embeddedDirectory(), settings.embeddedPort(), false);
      } catch (RuntimeException e) {
        // A message a person can act on (directory in use, not writable), not a stack trace.
        LOG.errorf("Weft cannot start: %s", e.getMessage());
        System.exit(1);
        return;
      }
      useDatabase(embedded.jdbcUrl(), EmbeddedDatabase.USER, "");
      LOG.infof("Embedded PostgreSQL listening on localhost:%d", embedded.port());
    } else if (settings.externalJdbcUrl() != null) {
      useDatabase(
          settings.externalJdbcUrl(),
          firstNonBlank(
              System.getProperty("weft.database.username"),
              System.getenv("WEFT_DATABASE_USERNAME")),
          firstNonBlank(
              System.getProperty("weft.database.password"),
              System.getenv("WEFT_DATABASE_PASSWORD")));
    }
    try {
      Quarkus.run(args);
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (Exception e) {
          LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
      }
    }
  }

  /** Points both Quarkus datasources (JDBC for Flyway, reactive for the rest) at one database. */
  static void useDatabase(String jdbcUrl, String username, String password) {
    System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
    System.setProperty("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
    if (username != null) {
      System.setProperty("quarkus.datasource.username", username);
    }
    if (password != null) {
      System.setProperty("quarkus.datasource.password", password);
    }
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
