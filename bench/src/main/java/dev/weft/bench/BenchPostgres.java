package dev.weft.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
 * The one PostgreSQL both measurements run against, so the ceiling and the ingest rate pay the same
 * price per commit: by default a throwaway cluster configured like the server's embedded database
 * (durable commits: {@code fsync} and {@code synchronous_commit} on), or a database the user names
 * ({@link #external}) to measure on another PostgreSQL version or configuration.
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

  /** The embedded cluster, or {@code null} for an external database. */
  private final EmbeddedPostgres postgres;

  /** The embedded cluster's data directory, or {@code null}. */
  private final Path directory;

  private final BenchOptions.Database database;
  private final long postmasterPid;

  private BenchPostgres(
      EmbeddedPostgres postgres, Path directory, BenchOptions.Database database, long pid) {
    this.postgres = postgres;
    this.directory = directory;
    this.database = database;
    this.postmasterPid = pid;
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
    BenchOptions.Database database =
        new BenchOptions.Database(
            "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
    return new BenchPostgres(postgres, directory, database, pid);
  }

  /**
   * Uses a database the user gave. It must be a superuser's (the bench takes checkpoints and reads
   * WAL statistics), of a server on this machine (PostgreSQL's CPU is read from {@code /proc}), and
   * hold no spans: the bench empties {@code spans} and {@code traces}.
   *
   * @throws IllegalStateException naming what is missing
   */
  public static BenchPostgres external(BenchOptions.Database database) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select pg_backend_pid(), rolsuper, to_regclass('spans') is not null"
                    + " from pg_roles where rolname = current_user")) {
      rs.next();
      long backend = rs.getLong(1);
      if (!rs.getBoolean(2)) {
        throw new IllegalStateException(
            "--database-user '"
                + database.user()
                + "' is not a superuser; the bench needs one for CHECKPOINT and pg_stat_wal");
      }
      if (rs.getBoolean(3)) {
        try (ResultSet any = s.executeQuery("select exists (select 1 from spans)")) {
          any.next();
          if (any.getBoolean(1)) {
            throw new IllegalStateException(
                "the database of --database-url holds spans, and the bench empties spans and"
                    + " traces: give it a dedicated, empty database");
          }
        }
      }
      long pid =
          ProcessHandle.of(backend)
              .flatMap(ProcessHandle::parent)
              .map(ProcessHandle::pid)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "PostgreSQL's backend process "
                              + backend
                              + " is not visible here: --database-url must name a server on this"
                              + " machine, whose CPU the bench reads from /proc"));
      return new BenchPostgres(null, null, database, pid);
    }
  }

  /** JDBC URL of the database. */
  public String jdbcUrl() {
    return database.url();
  }

  /** The superuser the bench and the server connect as. */
  public String user() {
    return database.user();
  }

  /** That user's password, empty for none. */
  public String password() {
    return database.password();
  }

  /** Whether this is the bench's own embedded cluster. */
  public boolean embedded() {
    return postgres != null;
  }

  /** A new connection (autocommit on). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /** The postmaster's process id, whose descendants are the server processes. */
  public long postmasterPid() {
    return postmasterPid;
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

  /**
   * Stops an embedded PostgreSQL and deletes its files. A given database is left running and as the
   * bench found it: empty, so the next run may use it again.
   */
  @Override
  public void close() throws IOException {
    if (postgres == null) {
      try {
        execute(
            "do $$ begin if to_regclass('spans') is not null then truncate spans, traces; end if;"
                + " end $$");
        execute("drop table if exists bench_copy");
      } catch (SQLException e) {
        throw new IOException("could not empty the bench's tables in " + jdbcUrl(), e);
      }
      return;
    }
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
