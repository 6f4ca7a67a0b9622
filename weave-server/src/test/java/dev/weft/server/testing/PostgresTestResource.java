package dev.weft.server.testing;

import dev.weft.server.database.EmbeddedDatabase;
import dev.weft.server.database.EmbeddedPostgresLauncher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the tests a real PostgreSQL: a throwaway embedded one (fresh data directory, removed at the
 * end), or the one named by {@code WEFT_TEST_DATABASE_URL} (a JDBC URL; {@code
 * WEFT_TEST_DATABASE_USERNAME} and {@code WEFT_TEST_DATABASE_PASSWORD} go with it). Also sets the
 * bootstrap admin key the tests use.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  /** The admin key of the {@code default} project in tests. */
  public static final String ADMIN_KEY = "weft_test-admin-key-0123456789";

  private static EmbeddedDatabase database;
  private Path directory;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>();
    String jdbcUrl;
    if (external()) {
      jdbcUrl = System.getenv("WEFT_TEST_DATABASE_URL");
    } else {
      try {
        directory = Files.createTempDirectory("weft-test-pg");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      database = EmbeddedPostgresLauncher.start(directory, 0, true);
      jdbcUrl = database.jdbcUrl();
    }
    config.put("quarkus.datasource.username", username());
    config.put("quarkus.datasource.password", password());
    config.put("quarkus.datasource.jdbc.url", jdbcUrl);
    config.put("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
    config.put("weft.auth.bootstrap-admin-key", ADMIN_KEY);
    return config;
  }

  /** A JDBC connection to the test database, as the server's user (for tests that use tables). */
  public static Connection connect() throws SQLException {
    return connect(jdbcUrl());
  }

  /** A JDBC connection to a database of the tests' PostgreSQL, as the server's user. */
  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, username(), password());
  }

  /** The user the server connects as. */
  public static String username() {
    return external() ? env("WEFT_TEST_DATABASE_USERNAME", "postgres") : EmbeddedDatabase.USER;
  }

  /** That user's password. */
  public static String password() {
    return external() ? env("WEFT_TEST_DATABASE_PASSWORD", "") : "";
  }

  private static boolean external() {
    String url = System.getenv("WEFT_TEST_DATABASE_URL");
    return url != null && !url.isBlank();
  }

  /** The JDBC URL of the test database (for tests that inspect tables directly). */
  public static String jdbcUrl() {
    return external() ? System.getenv("WEFT_TEST_DATABASE_URL") : database.jdbcUrl();
  }

  @Override
  public void stop() {
    if (database != null) {
      try {
        database.close();
      } catch (Exception e) {
        // The JVM is ending; the temp directory goes below.
      }
      database = null;
    }
    if (directory != null) {
      deleteRecursively(directory);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  private static void deleteRecursively(Path path) {
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort
    }
  }
}
