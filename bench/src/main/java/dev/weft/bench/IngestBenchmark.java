package dev.weft.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ingest benchmark: in one run, on one PostgreSQL, measures (1) how many LLM spans per second
 * the Weft server ingests over OTLP/HTTP from many concurrent clients with durable commits, and (2)
 * the raw COPY ceiling for the same span rows, then prints both, their ratio and the export
 * latency.
 *
 * <p>Order: PostgreSQL starts; the server starts against it (Flyway creates the schema); the load
 * phase runs; the stored spans are counted; the server is stopped; then the COPY ceiling is
 * measured with the rows the server stored, so the ceiling copies exactly what the ingest path
 * wrote and nothing else competes for the CPU while it runs.
 *
 * <p>A benchmark, not a test: it reports figures and never fails on them.
 */
public final class IngestBenchmark {

  private static final int TEMPLATE_REQUESTS = 32;
  private static final int CEILING_TEMPLATE_TRACES = 1000;
  private static final Duration COPY_WARMUP = Duration.ofSeconds(3);

  private final BenchOptions options;

  private IngestBenchmark(BenchOptions options) {
    this.options = options;
  }

  /** Runs the benchmark; {@code --help} lists the options. */
  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.Usage e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(e.text());
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    try {
      new IngestBenchmark(options).run();
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The load phase's observations. */
  private record LoadPhase(
      LoadGenerator.Result result,
      CpuMeter.Sample windowCpu,
      ServerMetrics metricsStart,
      ServerMetrics metricsEnd,
      BenchPostgres.Stats database,
      double queueDepthMean,
      double queueDepthMax,
      long storedSpans,
      long traceRows,
      long traceSpanCount) {}

  /** The request pool and its sizes. */
  private record Pool(
      List<ExportTraceServiceRequest> requests,
      List<RequestTemplate> templates,
      double meanAttributeBytes,
      double meanChatAttributeBytes,
      double meanBodyBytes) {}

  private void run() throws Exception {
    Instant started = Instant.now();
    Machine machine = Machine.describe();
    log(
        "machine: %d cores, %.1f GiB, Java %s",
        machine.cores(), machine.memoryGiB(), machine.java());
    Pool pool = buildPool();
    log(
        "request pool: %d requests x %d spans, %.0f bytes/request, %.0f attribute bytes/span",
        pool.templates().size(),
        options.spansPerRequest(),
        pool.meanBodyBytes(),
        pool.meanAttributeBytes());
    log(options.database() == null ? "starting PostgreSQL" : "connecting to PostgreSQL");
    try (BenchPostgres database =
        options.database() == null
            ? BenchPostgres.start()
            : BenchPostgres.external(options.database())) {
      String postgresVersion =
          database.version()
              + "; "
              + database.durabilitySettings()
              + (database.embedded()
                  ? " (embedded, same cluster for both phases)"
                  : " (given with --database-url, same database for both phases)");
      log("PostgreSQL %s at %s", postgresVersion, database.jdbcUrl());
      LoadPhase load = null;
      CopyRows rows;
      if (!options.copyOnly()) {
        load = runLoad(database, pool);
        if (load.storedSpans() > 0) {
          try (Connection c = database.connect()) {
            rows = CopyRows.fromStoredSpans(c, CEILING_TEMPLATE_TRACES);
          }
        } else {
          log("the server stored no spans: the ceiling uses model rows");
          rows = modelRows(pool);
        }
      } else {
        applyMigrations(database);
        rows = modelRows(pool);
      }
      log("ceiling rows: %s, %d bytes/row in COPY text format", rows.source(), rows.meanRowBytes());
      CpuMeter cpu = new CpuMeter(database.postmasterPid(), 0);
      CopyCeiling ceiling = new CopyCeiling(database, rows, options.copyBatchRows(), cpu);
      List<CopyTemplates> formats = new ArrayList<>();
      for (CopyFormat format : options.copyFormats()) {
        if (format == CopyFormat.TEXT) {
          formats.add(rows);
        } else {
          try (Connection c = database.connect()) {
            formats.add(BinaryCopyRows.of(rows, c));
          }
        }
      }
      log("COPY warm-up (%d s)", COPY_WARMUP.toSeconds());
      ceiling.run(formats.get(0), 1, COPY_WARMUP);
      List<String> indexes = ceiling.indexes();
      List<CopyCeiling.Run> runs = new ArrayList<>();
      for (CopyTemplates templates : formats) {
        for (int writers : options.copyWriters()) {
          log(
              "COPY ceiling: %s, %d writer(s), %d s",
              templates.format().label(), writers, options.copyDuration().toSeconds());
          CopyCeiling.Run run = ceiling.run(templates, writers, options.copyDuration());
          log("  %.0f rows/s", run.rowsPerSecond());
          runs.add(run);
        }
      }
      ceiling.dropTable();
      String report =
          new Report(
                  options,
                  machine,
                  postgresVersion,
                  started,
                  gitDescription(),
                  pool.meanAttributeBytes(),
                  pool.meanChatAttributeBytes(),
                  pool.meanBodyBytes(),
                  rows,
                  indexes,
                  runs,
                  load == null ? null : load.result(),
                  load == null ? null : load.windowCpu(),
                  load == null ? null : load.metricsStart(),
                  load == null ? null : load.metricsEnd(),
                  load == null ? null : load.database(),
                  load == null ? 0 : load.queueDepthMean(),
                  load == null ? 0 : load.queueDepthMax(),
                  load == null ? -1 : load.storedSpans(),
                  load == null ? -1 : load.traceRows(),
                  load == null ? -1 : load.traceSpanCount())
              .markdown();
      System.out.println();
      System.out.println(report);
      Path target = options.report();
      if (target.toAbsolutePath().getParent() != null) {
        Files.createDirectories(target.toAbsolutePath().getParent());
      }
      Files.writeString(target, report, StandardCharsets.UTF_8);
      log("report written to %s", target);
    }
  }

  private Pool buildPool() {
    // Spans start just before now, so they land in today's partition like live traffic.
    LlmTraceGenerator generator =
        new LlmTraceGenerator(20240917L, System.currentTimeMillis() * 1_000_000L);
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    List<RequestTemplate> templates = new ArrayList<>();
    long attributeBytes = 0;
    long chatAttributeBytes = 0;
    long spans = 0;
    long chats = 0;
    long bodyBytes = 0;
    while (templates.size() < TEMPLATE_REQUESTS) {
      ExportTraceServiceRequest request = generator.request(options.spansPerRequest());
      RequestTemplate template;
      try {
        template = RequestTemplate.of(request);
      } catch (IllegalArgumentException idBytesAlsoInContent) {
        continue;
      }
      requests.add(request);
      templates.add(template);
      bodyBytes += template.size();
      for (ResourceSpans rs : request.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            int bytes = LlmTraceGenerator.attributeBytes(s);
            attributeBytes += bytes;
            spans++;
            if (s.getName().startsWith("chat ")) {
              chatAttributeBytes += bytes;
              chats++;
            }
          }
        }
      }
    }
    return new Pool(
        requests,
        templates,
        (double) attributeBytes / spans,
        chats == 0 ? 0 : (double) chatAttributeBytes / chats,
        (double) bodyBytes / templates.size());
  }

  private LoadPhase runLoad(BenchPostgres database, Pool pool) throws Exception {
    Path log = options.report().toAbsolutePath().resolveSibling("bench-server.log");
    log("starting the server (%s), log in %s", options.serverJar(), log);
    try (ServerProcess server =
        ServerProcess.start(options.serverJar(), options.serverJvmOptions(), database, log)) {
      log("server ready at %s", server.baseUri());
      database.checkpoint();
      BenchPostgres.Stats[] before = new BenchPostgres.Stats[1];
      long[] storedBefore = new long[2];
      CpuMeter cpu = new CpuMeter(database.postmasterPid(), server.pid());
      LoadGenerator generator =
          new LoadGenerator(
              server.baseUri().resolve("/v1/traces"),
              server.apiKey(),
              pool.templates(),
              options.clients());
      CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];
      ServerMetrics[] metricsAt = new ServerMetrics[2];
      // Whether requests wait for the database (queue grows) or the database waits for requests
      // (queue near empty) is the first question about a write path; sample it once a second.
      // The sampling starts with the warm-up, so that the server's scrape path is compiled and its
      // cost steady before the window; only the window's samples are kept.
      List<Double> queueDepths = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean inWindow =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.ScheduledExecutorService sampler =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "queue-depth-sampler");
                t.setDaemon(true);
                return t;
              });
      sampler.scheduleAtFixedRate(
          () -> {
            ServerMetrics m = ServerMetrics.scrape(server.baseUri(), server.apiKey());
            if (inWindow.get() && !m.isEmpty()) {
              queueDepths.add(m.sum("weft_ingest_queue_depth"));
            }
          },
          500,
          1000,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      log(
          "load: %d clients, %d s warm-up, then %d s measured",
          options.clients(), options.warmup().toSeconds(), options.duration().toSeconds());
      LoadGenerator.Result result;
      try {
        result =
            generator.run(
                options.warmup(),
                () -> {
                  // Every warm-up export has been answered, so its spans are committed. Unless told
                  // otherwise, empty the tables, so that the window, like each COPY ceiling run,
                  // starts from empty tables right after a checkpoint, with the server's code
                  // already compiled. Either way the stored check and the WAL figures count from
                  // here.
                  try {
                    if (!options.keepWarmupSpans()) {
                      database.execute("truncate spans, traces");
                    }
                    database.checkpoint();
                    before[0] = database.stats();
                    storedBefore[0] = database.queryLong("select count(*) from spans");
                    storedBefore[1] =
                        database.queryLong("select coalesce(sum(span_count), 0) from traces");
                  } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("could not prepare the window's tables", e);
                  }
                  log(
                      "  warm-up half done%s",
                      options.keepWarmupSpans() ? "" : "; spans and traces emptied");
                },
                options.duration(),
                () -> {
                  metricsAt[0] = ServerMetrics.scrape(server.baseUri(), server.apiKey());
                  cpuAt[0] = cpu.sample();
                  inWindow.set(true);
                  log("  warm-up done, measuring");
                },
                () -> {
                  cpuAt[1] = cpu.sample();
                  inWindow.set(false);
                  sampler.shutdownNow();
                  metricsAt[1] = ServerMetrics.scrape(server.baseUri(), server.apiKey());
                  log("  window closed, waiting for in-flight exports");
                });
      } finally {
        sampler.shutdownNow(); // also when the load fails: no scrapes of a stopped server
      }
      log(
          "  %.0f spans/s, p50 %.1f ms, p99 %.1f ms, %d x 503, %d failures",
          result.spansPerSecond(),
          result.latencyMillis(0.5),
          result.latencyMillis(0.99),
          result.overloaded(),
          result.failures());
      if (result.firstFailure() != null) {
        log("  first failure: %s", result.firstFailure());
      }
      // Every export has been answered: each 200 was sent after its spans were committed.
      long stored = database.queryLong("select count(*) from spans") - storedBefore[0];
      long traceRows = database.queryLong("select count(*) from traces");
      long traceSpans =
          database.queryLong("select coalesce(sum(span_count), 0) from traces") - storedBefore[1];
      log("  accepted %d spans, %d stored", result.spansAcceptedTotal(), stored);
      server.close();
      // Closing the server's connections makes their backends flush their WAL statistics.
      Thread.sleep(1500);
      BenchPostgres.Stats used = database.stats().minus(before[0]);
      double depthMean;
      double depthMax;
      synchronized (queueDepths) {
        depthMean = queueDepths.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        depthMax = queueDepths.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      }
      return new LoadPhase(
          result,
          cpuAt[1].minus(cpuAt[0]),
          metricsAt[0],
          metricsAt[1],
          used,
          depthMean,
          depthMax,
          stored,
          traceRows,
          traceSpans);
    }
  }

  private static CopyRows modelRows(Pool pool) {
    return CopyRows.fromFields(
        SpanRowModel.rows(1, pool.requests()), "model rows built by the bench (SpanRowModel)");
  }

  /**
   * Without the server, nothing runs Flyway: apply the server's migrations from the source tree so
   * {@code spans} has its real shape.
   */
  private static void applyMigrations(BenchPostgres database) throws Exception {
    Path dir = Path.of("weave-server/src/main/resources/db/migration");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(dir + " not found: run --copy-only from the repository root");
    }
    Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> version.matcher(p.getFileName().toString()).matches())
              .sorted(
                  Comparator.comparingInt(
                      p -> {
                        Matcher m = version.matcher(p.getFileName().toString());
                        m.matches();
                        return Integer.parseInt(m.group(1));
                      }))
              .toList();
    }
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      for (Path file : files) {
        log("applying %s", file.getFileName());
        s.execute(Files.readString(file));
      }
    }
  }

  private static String gitDescription() {
    String head = git("log", "-1", "--format=%h %s");
    if (head == null) {
      return "unknown";
    }
    String changes = git("status", "--porcelain", "--untracked-files=no");
    return changes == null || changes.isEmpty()
        ? head
        : head + " + local changes to " + changes.lines().map(l -> l.substring(3)).toList();
  }

  private static String git(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
    System.out.flush();
  }
}
