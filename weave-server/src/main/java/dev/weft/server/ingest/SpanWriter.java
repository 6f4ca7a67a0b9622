package dev.weft.server.ingest;

import dev.weft.server.common.DatabaseFailures;
import dev.weft.server.common.GroupCommit;
import dev.weft.server.common.ProblemException;
import dev.weft.server.common.ProblemMappers;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes spans with group commit ({@link GroupCommit}): rows of concurrent requests wait in one
 * bounded queue and are written together, many requests per transaction, by at most {@code
 * weft.ingest.writers} writer threads, each with its own JDBC connection. A request completes only
 * after the transaction holding its rows has committed; a full queue answers 503 with Retry-After.
 *
 * <p>One transaction per batch:
 *
 * <ol>
 *   <li>{@code COPY spans FROM STDIN} streams the rows ({@link SpanCopyEncoder}) — PostgreSQL's
 *       cheapest way in, the same path as the benchmark's ceiling;
 *   <li>if a row is already stored (an exporter's retry: the primary key {@code (project, trace,
 *       span, start)} is violated), the transaction is rolled back and the batch goes through a
 *       temporary table and {@code insert ... on conflict do nothing}, which skips exactly the
 *       stored rows — re-sent spans are idempotent, and only batches holding one pay for it;
 *   <li>the {@code traces} summary rows take the batch's {@link TraceDelta}s (aggregated in Java,
 *       one upsert row per trace, only from spans actually inserted) in the same transaction.
 * </ol>
 *
 * <p>JDBC blocks, so it runs on the writer threads, never on an event loop.
 */
@ApplicationScoped
public class SpanWriter {

  private static final String COPY_SQL =
      "copy spans (" + SpanCopyEncoder.COLUMNS + ") from stdin " + SpanCopyEncoder.FORMAT;

  private static final String STAGE_SQL =
      "create temp table if not exists weft_span_stage (like spans including defaults)"
          + " on commit delete rows";

  private static final String STAGE_COPY_SQL =
      "copy weft_span_stage (" + SpanCopyEncoder.COLUMNS + ") from stdin " + SpanCopyEncoder.FORMAT;

  private static final String STAGE_INSERT_SQL =
      "insert into spans ("
          + SpanCopyEncoder.COLUMNS
          + ") select "
          + SpanCopyEncoder.COLUMNS
          + " from weft_span_stage on conflict do nothing"
          + " returning project_id, trace_id, span_id, start_time";

  static final String TRACES_SQL =
      """
      insert into traces as t (project_id, trace_id, root_span_id, root_name, first_name,
          start_time, end_time, span_count, error_count, input_tokens, output_tokens,
          total_tokens, cache_read_tokens, cache_write_tokens, cost_usd, models, providers,
          categories, session_id, run_id)
      select project_id, trace_id, root_span_id, root_name, first_name,
          timestamptz '2000-01-01 00:00:00+00' + start_us * interval '1 microsecond',
          timestamptz '2000-01-01 00:00:00+00' + end_us * interval '1 microsecond', span_count, error_count, input_tokens, output_tokens,
          total_tokens, cache_read_tokens, cache_write_tokens, cost_usd, models::text[],
          providers::text[], categories::text[], session_id, run_id
      from unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::text[], ?::text[], ?::bigint[],
          ?::bigint[], ?::int[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
          ?::bigint[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
        as r(project_id, trace_id, root_span_id, root_name, first_name, start_us, end_us,
             span_count, error_count, input_tokens, output_tokens, total_tokens,
             cache_read_tokens, cache_write_tokens, cost_usd, models, providers, categories,
             session_id, run_id)
      on conflict (project_id, trace_id) do update set
          root_span_id = coalesce(t.root_span_id, excluded.root_span_id),
          root_name = coalesce(t.root_name, excluded.root_name),
          first_name = case when excluded.start_time < t.start_time
                            then excluded.first_name else t.first_name end,
          start_time = least(t.start_time, excluded.start_time),
          end_time = greatest(t.end_time, excluded.end_time),
          span_count = t.span_count + excluded.span_count,
          error_count = t.error_count + excluded.error_count,
          input_tokens = t.input_tokens + excluded.input_tokens,
          output_tokens = t.output_tokens + excluded.output_tokens,
          total_tokens = t.total_tokens + excluded.total_tokens,
          cache_read_tokens = t.cache_read_tokens + excluded.cache_read_tokens,
          cache_write_tokens = t.cache_write_tokens + excluded.cache_write_tokens,
          cost_usd = case when t.cost_usd is null and excluded.cost_usd is null then null
                          else coalesce(t.cost_usd, 0) + coalesce(excluded.cost_usd, 0) end,
          models = array(select distinct unnest(t.models || excluded.models)),
          providers = array(select distinct unnest(t.providers || excluded.providers)),
          categories = array(select distinct unnest(t.categories || excluded.categories)),
          session_id = coalesce(t.session_id, excluded.session_id),
          run_id = coalesce(t.run_id, excluded.run_id)
      """;

  /** Unique violation: a span of the batch is already stored. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** COPY data is sent to PostgreSQL in chunks of about this many bytes. */
  private static final int COPY_CHUNK = 256 * 1024;

  /** Each writer thread's COPY buffer, reused so it stays in the core's cache. */
  private static final ThreadLocal<ByteBuf> CHUNKS =
      ThreadLocal.withInitial(() -> Unpooled.buffer(COPY_CHUNK + 64 * 1024));

  private final Set<LocalDate> knownPartitions = ConcurrentHashMap.newKeySet();
  private final AgroalDataSource dataSource;
  private final int retryAfterSeconds;
  private final ExecutorService threads;
  private final GroupCommit<SpanRow> commits;
  private final Counter batches;
  private final Counter duplicateBatches;
  private final Timer writeLatency;
  private final DistributionSummary batchSize;

  /** Creates the writer over the JDBC datasource. */
  @Inject
  public SpanWriter(AgroalDataSource dataSource, IngestConfig config, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.retryAfterSeconds = config.retryAfterSeconds();
    AtomicInteger number = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            config.writers(),
            task -> {
              Thread t = new Thread(task, "weft-span-writer-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.commits =
        new GroupCommit<>(
            "spans",
            config.queueCapacitySpans(),
            config.maxBatchSpans(),
            config.writers(),
            config.retryAfterSeconds(),
            this::execute);
    this.batches =
        Counter.builder("weft.ingest.batches")
            .description("Write transactions executed")
            .register(registry);
    this.duplicateBatches =
        Counter.builder("weft.ingest.batches.duplicates")
            .description("Write transactions that met already stored spans (exporter retries)")
            .register(registry);
    this.writeLatency =
        Timer.builder("weft.ingest.write.latency")
            .description("Time to write and commit one batch")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("weft.ingest.batch.spans")
            .description("Spans per write transaction")
            .register(registry);
    registry.gauge("weft.ingest.queue.depth", this, SpanWriter::queuedSpans);
  }

  @PreDestroy
  void stop() {
    threads.shutdown();
  }

  /** Spans waiting to be written. */
  public int queuedSpans() {
    return commits.queued();
  }

  /**
   * Queues rows and completes once they are committed. The returned {@code Uni} completes on a
   * writer thread.
   *
   * @throws dev.weft.server.common.ProblemException (as a failed Uni) 503 when the queue is full
   */
  public Uni<Void> write(List<SpanRow> rows) {
    return commits.submit(rows);
  }

  /** Forgets known partitions (after retention dropped some). */
  public void forgetPartitions() {
    knownPartitions.clear();
  }

  private Uni<Void> execute(List<SpanRow> rows) {
    return Uni.createFrom()
        .<Void>item(
            () -> {
              writeBatch(rows);
              return null;
            })
        .runSubscriptionOn(threads);
  }

  private void writeBatch(List<SpanRow> rows) {
    batches.increment();
    batchSize.record(rows.size());
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      ensurePartitions(connection, rows);
      connection.setAutoCommit(false);
      try {
        List<SpanRow> inserted;
        try {
          copy(connection, COPY_SQL, rows);
          inserted = rows;
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          connection.rollback();
          duplicateBatches.increment();
          inserted = insertSkippingStored(connection, rows);
        }
        upsertTraces(connection, TraceDelta.of(inserted));
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (DatabaseFailures.connectionLost(e.getSQLState())) {
        // The database dropped its connections (a restart, a fail-over): the pool would hand the
        // dead ones out again, batch after batch. New ones are opened for the next batch.
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
      }
      throw failure(e, retryAfterSeconds);
    }
    writeLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /**
   * What a failed write becomes: the database being unreachable, shutting down or out of resources
   * (SQLSTATE classes 08, 57P, 53) is a 503 with {@code Retry-After}, which exporters retry, and so
   * is a transaction PostgreSQL rolled back over a concurrent one (class 40, nothing stored);
   * anything else is a server fault (500).
   */
  static RuntimeException failure(SQLException e, int retryAfterSeconds) {
    if (DatabaseFailures.unavailableState(e.getSQLState())) {
      return ProblemException.unavailable(
          "the database cannot take spans right now ("
              + e.getMessage()
              + "); retry after the Retry-After delay",
          retryAfterSeconds);
    }
    if (DatabaseFailures.conflictState(e.getSQLState())) {
      return ProblemException.unavailable(ProblemMappers.CONFLICT_MESSAGE, retryAfterSeconds);
    }
    return new IllegalStateException("writing spans failed: " + e.getMessage(), e);
  }

  private static void copy(Connection connection, String sql, List<SpanRow> rows)
      throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    ByteBuf chunk = CHUNKS.get();
    chunk.clear();
    try {
      SpanCopyEncoder.header(chunk);
      for (SpanRow row : rows) {
        SpanCopyEncoder.appendRow(chunk, row);
        if (chunk.readableBytes() >= COPY_CHUNK) {
          send(copy, chunk);
        }
      }
      SpanCopyEncoder.trailer(chunk);
      send(copy, chunk);
      copy.endCopy();
    } finally {
      if (chunk.capacity() > 4 * COPY_CHUNK) {
        // A huge row grew it: do not keep that much per thread.
        CHUNKS.remove();
      }
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void send(CopyIn copy, ByteBuf chunk) throws SQLException {
    copy.writeToCopy(
        chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), chunk.readableBytes());
    chunk.clear();
  }

  /** The slow path for a batch holding already stored spans: returns the rows it inserted. */
  private static List<SpanRow> insertSkippingStored(Connection connection, List<SpanRow> rows)
      throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(STAGE_SQL);
    }
    copy(connection, STAGE_COPY_SQL, rows);
    // The primary keys are unique, so each stored key stands for exactly one inserted row.
    Set<String> stored = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(STAGE_INSERT_SQL);
        ResultSet result = insert.executeQuery()) {
      while (result.next()) {
        stored.add(
            key(
                result.getLong(1),
                result.getBytes(2),
                result.getBytes(3),
                SpanCopyEncoder.postgresMicros(result.getObject(4, OffsetDateTime.class))));
      }
    }
    List<SpanRow> inserted = new ArrayList<>(stored.size());
    for (SpanRow row : rows) {
      // remove: a span sent twice in one batch was inserted once and counts once.
      if (stored.remove(
          key(
              row.projectId(),
              row.traceId(),
              row.spanId(),
              SpanCopyEncoder.postgresMicros(row.startTime())))) {
        inserted.add(row);
      }
    }
    return inserted;
  }

  private static String key(long projectId, byte[] traceId, byte[] spanId, long start) {
    return projectId
        + "/"
        + HexFormat.of().formatHex(traceId)
        + "/"
        + HexFormat.of().formatHex(spanId)
        + "/"
        + start;
  }

  private void ensurePartitions(Connection connection, List<SpanRow> rows) throws SQLException {
    Set<LocalDate> missing = new HashSet<>();
    long previousDay = Long.MIN_VALUE;
    for (SpanRow row : rows) {
      // Rows of a batch mostly share their day: look each day up once.
      long day = Math.floorDiv(row.startTime().toEpochSecond(), 86_400L);
      if (day != previousDay) {
        previousDay = day;
        LocalDate date = LocalDate.ofEpochDay(day);
        if (!knownPartitions.contains(date)) {
          missing.add(date);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement statement =
        connection.prepareStatement("select weft_ensure_span_partitions(?::date[])")) {
      statement.setArray(
          1, connection.createArrayOf("date", missing.stream().map(LocalDate::toString).toArray()));
      statement.execute();
    }
    knownPartitions.addAll(missing);
  }

  private static void upsertTraces(Connection connection, List<TraceDelta> deltas)
      throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    int n = deltas.size();
    Long[] projectIds = new Long[n];
    byte[][] traceIds = new byte[n][];
    byte[][] rootIds = new byte[n][];
    String[] rootNames = new String[n];
    String[] firstNames = new String[n];
    Long[] starts = new Long[n];
    Long[] ends = new Long[n];
    Integer[] spanCounts = new Integer[n];
    Integer[] errorCounts = new Integer[n];
    Long[] inputTokens = new Long[n];
    Long[] outputTokens = new Long[n];
    Long[] totalTokens = new Long[n];
    Long[] cacheReadTokens = new Long[n];
    Long[] cacheWriteTokens = new Long[n];
    Double[] costs = new Double[n];
    String[] models = new String[n];
    String[] providers = new String[n];
    String[] categories = new String[n];
    String[] sessions = new String[n];
    String[] runs = new String[n];
    for (int i = 0; i < n; i++) {
      TraceDelta d = deltas.get(i);
      projectIds[i] = d.projectId();
      traceIds[i] = d.traceId();
      rootIds[i] = d.rootSpanId();
      rootNames[i] = d.rootName();
      firstNames[i] = d.firstName();
      starts[i] = SpanCopyEncoder.postgresMicros(d.startTime());
      ends[i] = SpanCopyEncoder.postgresMicros(d.endTime());
      spanCounts[i] = d.spanCount();
      errorCounts[i] = d.errorCount();
      inputTokens[i] = d.inputTokens();
      outputTokens[i] = d.outputTokens();
      totalTokens[i] = d.totalTokens();
      cacheReadTokens[i] = d.cacheReadTokens();
      cacheWriteTokens[i] = d.cacheWriteTokens();
      costs[i] = d.costUsd();
      models[i] = arrayLiteral(d.models());
      providers[i] = arrayLiteral(d.providers());
      categories[i] = arrayLiteral(d.categories());
      sessions[i] = d.sessionId();
      runs[i] = d.runId();
    }
    try (PreparedStatement statement = connection.prepareStatement(TRACES_SQL)) {
      statement.setArray(1, connection.createArrayOf("bigint", projectIds));
      statement.setArray(2, connection.createArrayOf("bytea", traceIds));
      statement.setArray(3, connection.createArrayOf("bytea", rootIds));
      statement.setArray(4, connection.createArrayOf("text", rootNames));
      statement.setArray(5, connection.createArrayOf("text", firstNames));
      statement.setArray(6, connection.createArrayOf("bigint", starts));
      statement.setArray(7, connection.createArrayOf("bigint", ends));
      statement.setArray(8, connection.createArrayOf("int4", spanCounts));
      statement.setArray(9, connection.createArrayOf("int4", errorCounts));
      statement.setArray(10, connection.createArrayOf("bigint", inputTokens));
      statement.setArray(11, connection.createArrayOf("bigint", outputTokens));
      statement.setArray(12, connection.createArrayOf("bigint", totalTokens));
      statement.setArray(13, connection.createArrayOf("bigint", cacheReadTokens));
      statement.setArray(14, connection.createArrayOf("bigint", cacheWriteTokens));
      statement.setArray(15, connection.createArrayOf("float8", costs));
      statement.setArray(16, connection.createArrayOf("text", models));
      statement.setArray(17, connection.createArrayOf("text", providers));
      statement.setArray(18, connection.createArrayOf("text", categories));
      statement.setArray(19, connection.createArrayOf("text", sessions));
      statement.setArray(20, connection.createArrayOf("text", runs));
      statement.executeUpdate();
    }
  }

  /** A PostgreSQL array literal ({@code {"a","b"}}) of strings, every element quoted. */
  static String arrayLiteral(List<String> values) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"');
      String v = values.get(i);
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    }
    return out.append('}').toString();
  }
}
