package dev.weft.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The raw write ceiling of the database for span rows: what a well-tuned writer gets from
 * PostgreSQL with {@code COPY}, no HTTP, no decoding, no {@code traces} upkeep — the bound the
 * ingest path is compared against.
 *
 * <p>Rows go into {@code bench_copy}, a scratch table created {@code LIKE spans INCLUDING ALL}
 * (same columns, defaults, primary key and any other indexes) and partitioned by day the same way,
 * rather than into {@code spans} itself: the stored-rows check after the load phase stays a plain
 * {@code count(*)} of {@code spans}, and each run starts from an empty table, as the load phase
 * started from an empty {@code spans}. Each {@code COPY} is its own transaction committed with
 * {@code synchronous_commit=on}, so the ceiling is durable exactly like the server's writes.
 */
public final class CopyCeiling {

  /**
   * One measured run.
   *
   * @param format the COPY format
   * @param writers concurrent COPY connections
   * @param rows rows committed
   * @param seconds wall time from start to the last commit
   * @param statements COPY statements (transactions) committed
   * @param database WAL and commit counters of the run
   * @param cpu CPU time of the run
   */
  public record Run(
      CopyFormat format,
      int writers,
      long rows,
      double seconds,
      long statements,
      BenchPostgres.Stats database,
      CpuMeter.Sample cpu) {

    /** Rows committed per second. */
    public double rowsPerSecond() {
      return rows / seconds;
    }
  }

  private static final String TABLE = "bench_copy";

  private final BenchPostgres database;
  private final CopyRows rows;
  private final int batchRows;
  private final CpuMeter cpu;

  /**
   * Prepares the ceiling measurement; each {@link #run} creates its own table.
   *
   * @param database the PostgreSQL shared with the load phase
   * @param rows the rows to copy
   * @param batchRows rows per COPY statement
   * @param cpu measures CPU time per run
   */
  public CopyCeiling(BenchPostgres database, CopyRows rows, int batchRows, CpuMeter cpu) {
    this.database = database;
    this.rows = rows;
    this.batchRows = batchRows;
    this.cpu = cpu;
  }

  /** Creates an empty scratch table shaped like {@code spans}, with the partitions rows need. */
  void recreateTable() throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("drop table if exists " + TABLE);
      s.execute(
          "create table " + TABLE + " (like spans including all) partition by range (start_time)");
      for (String day : rows.startDays()) {
        LocalDate d = LocalDate.parse(day);
        s.execute(
            String.format(
                "create table %s_%s partition of %s for values from ('%s 00:00:00+00')"
                    + " to ('%s 00:00:00+00')",
                TABLE, day.replace("-", ""), TABLE, d, d.plusDays(1)));
      }
    }
  }

  /** Index definitions of the scratch table, to show that it matches {@code spans}. */
  List<String> indexes() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "select indexdef from pg_indexes where tablename = '"
                    + TABLE
                    + "' order by indexname")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Drops the scratch table. */
  void dropTable() throws SQLException {
    database.execute("drop table if exists " + TABLE);
  }

  /**
   * Copies the template rows in {@code format} for {@code duration} with {@code writers}
   * connections into a fresh table.
   */
  public Run run(CopyTemplates templates, int writers, Duration duration) throws Exception {
    recreateTable();
    database.checkpoint();
    BenchPostgres.Stats statsBefore = database.stats();
    // A backend whose connection just closed is briefly neither a live child of the postmaster
    // nor reaped into its children's time; let the setup connections' backends finish exiting.
    Thread.sleep(300);
    CpuMeter.Sample cpuBefore = cpu.sample();
    String sql =
        "copy "
            + TABLE
            + " ("
            + String.join(", ", CopyRows.COLUMNS)
            + ") from stdin"
            + templates.format().sqlOption();
    CountDownLatch ready = new CountDownLatch(writers);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(writers);
    CountDownLatch release = new CountDownLatch(1);
    long[] rowCounts = new long[writers];
    long[] statementCounts = new long[writers];
    long[] lastCommit = new long[writers];
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] start = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int index = w;
      Thread t =
          new Thread(
              () -> {
                try (Connection c = database.connect()) {
                  CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                  SplittableRandom random = new SplittableRandom(System.nanoTime() + index);
                  CopyRows.Batch batch = new CopyRows.Batch();
                  ready.countDown();
                  go.await();
                  long end = start[0] + duration.toNanos();
                  while (System.nanoTime() < end) {
                    batch.reset();
                    templates.writeBatch(batch, batchRows, random);
                    rowCounts[index] +=
                        copy.copyIn(
                            sql, new ByteArrayInputStream(batch.bytes(), 0, batch.size()), 65536);
                    statementCounts[index]++;
                    lastCommit[index] = System.nanoTime();
                  }
                  // Keep the backend alive until its CPU time has been read (see above).
                  finished.countDown();
                  release.await();
                } catch (SQLException | IOException | InterruptedException e) {
                  failure.compareAndSet(null, e);
                  ready.countDown();
                  finished.countDown();
                }
              },
              "copy-writer-" + w);
      threads.add(t);
      t.start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown();
    finished.await();
    CpuMeter.Sample cpuUsed = cpu.sample().minus(cpuBefore);
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    // Backends report WAL statistics when they exit, at the latest; give them that moment.
    Thread.sleep(1000);
    BenchPostgres.Stats statsUsed = database.stats().minus(statsBefore);
    long totalRows = 0;
    long statements = 0;
    long last = start[0];
    for (int w = 0; w < writers; w++) {
      totalRows += rowCounts[w];
      statements += statementCounts[w];
      last = Math.max(last, lastCommit[w]);
    }
    return new Run(
        templates.format(),
        writers,
        totalRows,
        (last - start[0]) / 1e9,
        statements,
        statsUsed,
        cpuUsed);
  }
}
