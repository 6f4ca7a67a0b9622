package dev.weft.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one throwaway PostgreSQL both measurements run against, configured like the server's embedded
 * database (durable commits: {@code fsync} and {@code synchronous_commit} on), so the ceiling and
 * the ingest rate pay the same price per commit.
 */
public final class BenchPostgres implements AutoCloseable {

  /** Cumulative WAL and commit counters, to attribute write volume to each phase. */
  public record Stats(long walBytes, long walRecords, long walFullPageImages, long commits) {

    /** The counters accumulated since {@code before}. */
    public Stats minus(Stats before) {
      return new Stats(
          walBytes - before.walBytes,
          walRecords - before.walRecords,
          walFullPageImages - before.walFullPageImages,
          commits - before.commits);
    }
  }

  private final EmbeddedPostgres postgres;
  private final Path directory;

  private BenchPostgres(EmbeddedPostgres postgres, Path directory) {
    this.postgres = postgres;
    this.directory = directory;
  }

  /** Starts a fresh cluster in a temporary directory on a free port. */
  public static BenchPostgres start() throws IOException {
    Path directory = Files.createTempDirectory("weft-bench-pg");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(true)
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("max_wal_size", "2GB")
            .start();
    return new BenchPostgres(postgres, directory);
  }

  /** JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  /** The superuser, which has no password. */
  public String user() {
    return "postgres";
  }

  /** A new connection (autocommit on). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), "");
  }

  /** The postmaster's process id, whose descendants are the server processes. */
  public long postmasterPid() {
    try {
      String first = Files.readAllLines(directory.resolve("postmaster.pid")).get(0);
      return Long.parseLong(first.trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code server_version} as PostgreSQL reports it. */
  public String version() throws SQLException {
    return queryString("show server_version");
  }

  /** Runs one statement. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the first row of a query, as a long. */
  public long queryLong(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String queryString(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Current cumulative counters. Backends report them to the statistics system about once a second,
   * so a phase's figures are accurate to that; phases last tens of seconds.
   */
  public Stats stats() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select w.wal_bytes::bigint, w.wal_records, w.wal_fpi, d.xact_commit"
                    + " from pg_stat_wal w, pg_stat_database d where d.datname = current_database()")) {
      rs.next();
      return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
    }
  }

  /** Flushes dirty pages so the next phase does not pay for the previous one's checkpoint. */
  public void checkpoint() throws SQLException {
    execute("checkpoint");
  }

  /**
   * The durability settings in force, as PostgreSQL reports them: the claim "durable commit" rests
   * on these, not on what the bench asked for.
   */
  public String durabilitySettings() throws SQLException {
    return queryString(
        "select string_agg(name || '=' || current_setting(name), ', ' order by name) from pg_settings"
            + " where name"
            + " in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',"
            + " 'shared_buffers', 'max_wal_size')");
  }

  /** Stops PostgreSQL and deletes its files. */
  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      // The library removes a directory it cleaned at start itself; this covers the other cases.
      if (Files.exists(directory)) {
        try (Stream<Path> files = Files.walk(directory)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
