package dev.weft.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * A running embedded PostgreSQL and the connection settings to reach it.
 *
 * <p>The cluster's superuser is {@code postgres} with no password, listening on localhost only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** The database the server uses inside the embedded cluster. */
  public static final String DATABASE = "postgres";

  /** The user the server connects as. */
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final FileLock lock;

  EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, FileLock lock) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.lock = lock;
  }

  /** The port PostgreSQL listens on. */
  public int port() {
    return postgres.getPort();
  }

  /** Where the cluster's files are. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The JDBC URL (used by Flyway and by benchmarks). */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** The URL for the Vert.x reactive client. */
  public String reactiveUrl() {
    return "postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** Stops PostgreSQL; the data directory is kept. */
  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      EmbeddedPostgresLauncher.release(lock);
    }
  }
}
