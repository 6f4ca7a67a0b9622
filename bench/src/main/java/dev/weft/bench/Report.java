package dev.weft.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's results as Markdown: printed to the console and written to the report file, so a
 * run can be pasted into an issue or into {@code docs/benchmarks.md} unchanged.
 *
 * @param options the settings of the run
 * @param machine where it ran
 * @param postgresVersion PostgreSQL's version and durability settings
 * @param started when the run started
 * @param git the checked-out commit
 * @param attributeBytes mean encoded attribute bytes per span
 * @param chatAttributeBytes mean encoded attribute bytes per chat span
 * @param bodyBytes mean export request size
 * @param rows the rows the ceiling copied
 * @param indexes the ceiling table's indexes
 * @param copyRuns the ceiling runs
 * @param load the load phase, or {@code null} with {@code --copy-only}
 * @param loadCpu CPU time in the measured window
 * @param metricsStart server metrics at the window's start
 * @param metricsEnd server metrics at the window's end
 * @param loadDatabase WAL and commits from the end of the warm-up on (window and in-flight tail)
 * @param queueDepthMean mean of the server's ingest queue depth sampled in the window
 * @param queueDepthMax its largest sample
 * @param storedSpans rows {@code spans} gained from the end of the warm-up to the end of the load
 * @param traceRows {@code count(*)} of {@code traces} after the load
 * @param traceSpanCount what {@code sum(span_count)} of {@code traces} gained over the same time
 */
public record Report(
    BenchOptions options,
    Machine machine,
    String postgresVersion,
    Instant started,
    String git,
    double attributeBytes,
    double chatAttributeBytes,
    double bodyBytes,
    CopyRows rows,
    List<String> indexes,
    List<CopyCeiling.Run> copyRuns,
    LoadGenerator.Result load,
    CpuMeter.Sample loadCpu,
    ServerMetrics metricsStart,
    ServerMetrics metricsEnd,
    BenchPostgres.Stats loadDatabase,
    double queueDepthMean,
    double queueDepthMax,
    long storedSpans,
    long traceRows,
    long traceSpanCount) {

  /** The ratio the issue sets as the goal: ingest at least 70% of the COPY ceiling. */
  public static final double TARGET_RATIO = 0.7;

  /**
   * Above this share of the server's CPU in its JIT compiler threads, the window was still
   * compiling; once the server has warmed up, the share is about 1 %.
   */
  private static final double STEADY_JIT_SHARE = 0.05;

  /** The best ceiling run. */
  public CopyCeiling.Run bestCeiling() {
    CopyCeiling.Run best = copyRuns.get(0);
    for (CopyCeiling.Run r : copyRuns) {
      if (r.rowsPerSecond() > best.rowsPerSecond()) {
        best = r;
      }
    }
    return best;
  }

  /** Renders the report. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    CopyCeiling.Run best = bestCeiling();
    line(md, "# Weft ingest benchmark");
    line(md, "");
    line(
        md, "Run %s, commit `%s`.", started.truncatedTo(ChronoUnit.SECONDS), git.replace("`", "'"));
    line(md, "");
    line(md, "## Machine");
    line(md, "");
    line(md, "| | |");
    line(md, "|---|---|");
    line(md, "| CPU | %d cores, %s |", machine.cores(), machine.cpuModel());
    line(md, "| RAM | %.1f GiB |", machine.memoryGiB());
    line(md, "| Java | %s |", machine.java());
    line(md, "| PostgreSQL | %s |", postgresVersion);
    line(md, "| OS | %s |", machine.os());
    line(md, "| Load average at start (1 min) | %s |", machine.loadAverage());
    line(md, "");
    line(md, "## Results");
    line(md, "");
    if (load != null && load.failures() > 0) {
      line(
          md,
          "> **%,d exports failed** (first: %s): the ingest figure does not describe a healthy"
              + " server.",
          load.failures(),
          load.firstFailure());
      line(md, "");
    }
    line(md, "| | spans/s |");
    line(md, "|---|---:|");
    for (CopyCeiling.Run r : copyRuns) {
      line(
          md,
          "| COPY ceiling, %s, %d writer%s%s | %,.0f |",
          r.format().label(),
          r.writers(),
          r.writers() == 1 ? "" : "s",
          r == best ? " (ceiling)" : "",
          r.rowsPerSecond());
    }
    if (load != null) {
      line(
          md,
          "| Ingest: OTLP/HTTP protobuf, %d clients, durable commit | %,.0f |",
          options.clients(),
          load.spansPerSecond());
      double ratio = load.spansPerSecond() / best.rowsPerSecond();
      line(
          md,
          "| **Ratio ingest / ceiling** | **%.2f** (target ≥ %.2f: %s) |",
          ratio,
          TARGET_RATIO,
          ratio >= TARGET_RATIO ? "met" : "not met");
      line(md, "");
      line(md, "| Export latency (first attempt to 200) | ms |");
      line(md, "|---|---:|");
      line(md, "| p50 | %.1f |", load.latencyMillis(0.50));
      line(md, "| p99 | %.1f |", load.latencyMillis(0.99));
      line(md, "| max | %.1f |", load.latencyMillis(1.0));
      line(md, "");
      line(
          md,
          "- Exports in the %.0f s window: %,d (%,.1f/s); 503 answers: %,d; other failures: %,d%s;"
              + " spans rejected in partial_success: %,d.",
          load.windowSeconds(),
          load.exportsInWindow(),
          load.exportsInWindow() / load.windowSeconds(),
          load.overloaded(),
          load.failures(),
          load.firstFailure() == null ? "" : " (first: " + load.firstFailure() + ")",
          load.spansRejectedTotal());
      long accepted = load.spansAcceptedTotal();
      line(
          md,
          "- Stored check (exports sent after the warm-up): accepted %,d spans, rows added to"
              + " `spans` = %,d: %s. `traces`: %,d rows, sum(span_count) grew by %,d%s.",
          accepted,
          storedSpans,
          accepted == storedSpans
              ? "**no loss** (accepted == stored)"
              : "**MISMATCH** (" + (storedSpans - accepted) + ")",
          traceRows,
          traceSpanCount,
          traceSpanCount == storedSpans ? " (matches)" : " (differs from the span count)");
    }
    line(md, "");
    line(md, "## Setup");
    line(md, "");
    if (load != null) {
      line(
          md,
          "- Load: %d concurrent clients (Netty, one event loop, HTTP/1.1, one keep-alive connection"
              + " each), %d s warm-up in two halves, each ending with %s, then %d s measured from"
              + " new connections; %d spans per request (%,.0f bytes"
              + " protobuf); spans have %,.0f bytes of attributes on average (chat spans %,.0f).",
          options.clients(),
          options.warmup().toSeconds(),
          options.keepWarmupSpans()
              ? "its rows kept (`--keep-warmup-spans`), a checkpoint"
              : "`spans` and `traces` emptied and a checkpoint, as before each ceiling run",
          options.duration().toSeconds(),
          options.spansPerRequest(),
          bodyBytes,
          attributeBytes,
          chatAttributeBytes);
      line(
          md,
          "- Server: `%s` (its default ingest settings), own JVM, on the same PostgreSQL.",
          options.serverJar());
    }
    line(
        md,
        "- Ceiling: measured %s; `COPY bench_copy (%d span columns) FROM STDIN` in %s format,"
            + " %,d rows per statement, each its own durable transaction, %d s per format and"
            + " writer count after a 3 s warm-up; table recreated empty before each run; the best"
            + " run is the ceiling.",
        load == null ? "alone (--copy-only)" : "after the load phase, with the server stopped",
        CopyRows.COLUMNS.size(),
        String.join(" and ", options.copyFormats().stream().map(CopyFormat::label).toList()),
        options.copyBatchRows(),
        options.copyDuration().toSeconds());
    line(
        md,
        "- Ceiling rows: %s, re-keyed with fresh trace/span ids per copy; %,d bytes per row in"
            + " COPY text.",
        rows.source(),
        rows.meanRowBytes());
    line(
        md,
        "- `bench_copy` is `LIKE spans INCLUDING ALL`, partitioned by day like `spans`; indexes:"
            + " %s.",
        indexes.isEmpty() ? "(none)" : "`" + String.join("`; `", indexes) + "`");
    line(md, "");
    line(md, "## Where the time went");
    line(md, "");
    line(
        md,
        "CPU seconds per 1,000 spans (2 cores = 2 CPU-seconds per wall second; \"others\" is"
            + " everything else on the machine, e.g. other builds):");
    line(md, "");
    line(md, "| phase | spans/s | bench | server | PostgreSQL | others | machine busy |");
    line(md, "|---|---:|---:|---:|---:|---:|---:|");
    if (load != null) {
      double k = load.spansInWindow() / 1000.0;
      cpuRow(md, "ingest (window)", load.spansPerSecond(), loadCpu, k, true);
    }
    for (CopyCeiling.Run r : copyRuns) {
      cpuRow(
          md,
          "COPY " + r.format().label() + ", " + r.writers() + " writer(s)",
          r.rowsPerSecond(),
          r.cpu(),
          r.rows() / 1000.0,
          false);
    }
    cpuBound(md, best);
    if (load != null && loadCpu.server() > 0) {
      line(md, "");
      double jitShare = loadCpu.serverJit() / loadCpu.server();
      line(
          md,
          "Of the server's CPU in the window, JIT compiler threads took %.0f %% and garbage"
              + " collector threads %.0f %%%s.",
          100 * jitShare,
          100 * loadCpu.serverGc() / loadCpu.server(),
          jitShare > STEADY_JIT_SHARE
              ? " (a window still compiling is not steady state: use a longer `--warmup`)"
              : "");
    }
    line(md, "");
    line(md, "| phase | WAL bytes/span | WAL records/span | full-page images | commits |");
    line(md, "|---|---:|---:|---:|---:|");
    if (load != null && load.spansAcceptedTotal() > 0) {
      double n = load.spansAcceptedTotal();
      line(
          md,
          "| ingest (window and in-flight tail) | %,.0f | %.1f | %,d | %,d |",
          loadDatabase.walBytes() / n,
          loadDatabase.walRecords() / n,
          loadDatabase.walFullPageImages(),
          loadDatabase.commits());
    }
    for (CopyCeiling.Run r : copyRuns) {
      double n = Math.max(1, r.rows());
      line(
          md,
          "| COPY %s, %d writer(s) | %,.0f | %.1f | %,d | %,d |",
          r.format().label(),
          r.writers(),
          r.database().walBytes() / n,
          r.database().walRecords() / n,
          r.database().walFullPageImages(),
          r.database().commits());
    }
    if (load != null) {
      serverMetrics(md);
    }
    return md.toString();
  }

  private void serverMetrics(StringBuilder md) {
    line(md, "");
    if (metricsStart == null || metricsEnd == null || metricsEnd.isEmpty()) {
      line(md, "Server metrics: `/q/metrics` could not be read.");
      return;
    }
    double statements = metricsEnd.delta(metricsStart, "weft_ingest_batches_total");
    double batchSpans = metricsEnd.delta(metricsStart, "weft_ingest_batch_spans_sum");
    double batchCount = metricsEnd.delta(metricsStart, "weft_ingest_batch_spans_count");
    double writeSeconds = metricsEnd.delta(metricsStart, "weft_ingest_write_latency_seconds_sum");
    double writeCount = metricsEnd.delta(metricsStart, "weft_ingest_write_latency_seconds_count");
    double httpSeconds =
        metricsEnd.delta(metricsStart, "http_server_requests_seconds_sum", "uri=\"/v1/traces\"");
    double httpCount =
        metricsEnd.delta(metricsStart, "http_server_requests_seconds_count", "uri=\"/v1/traces\"");
    double window = load.windowSeconds();
    line(md, "Server metrics in the window (from its `/q/metrics`):");
    line(md, "");
    line(
        md,
        "- write statements (one transaction each): %,.0f (%.1f/s), %.0f spans each on average;",
        statements,
        statements / window,
        batchCount == 0 ? 0 : batchSpans / batchCount);
    line(
        md,
        "- write statement time: %.1f ms on average; summed over statements %.1f s in the %.0f s"
            + " window (statements overlap up to `weft.ingest.writers`, default 2);",
        writeCount == 0 ? 0 : writeSeconds / writeCount * 1000,
        writeSeconds,
        window);
    line(
        md,
        "- ingest queue depth sampled every second: mean %,.0f spans, max %,.0f;",
        queueDepthMean,
        queueDepthMax);
    line(
        md,
        "- `/v1/traces` time inside the server (body read to response): %.1f ms on average over"
            + " %,.0f requests.",
        httpCount == 0 ? 0 : httpSeconds / httpCount * 1000,
        httpCount);
  }

  /**
   * The rates the measured CPU costs allow if the measured processes had every core to themselves:
   * separates "the path is expensive" from "something else was running".
   */
  private void cpuBound(StringBuilder md, CopyCeiling.Run best) {
    int cores = machine.cores();
    List<String> parts = new java.util.ArrayList<>();
    if (load != null && loadCpu != null && load.spansInWindow() > 0) {
      double n = load.spansInWindow();
      double all = (loadCpu.bench() + loadCpu.server() + loadCpu.postgres()) / n;
      double serverSide = (loadCpu.server() + loadCpu.postgres()) / n;
      parts.add(
          String.format(
              Locale.ROOT,
              "ingest ≤ %,.0f spans/s (server + PostgreSQL + load generator), ≤ %,.0f without the"
                  + " load generator's share",
              cores / all,
              cores / serverSide));
    }
    if (best.rows() > 0) {
      double perRow = (best.cpu().bench() + best.cpu().postgres()) / best.rows();
      parts.add(String.format(Locale.ROOT, "COPY ≤ %,.0f rows/s", cores / perRow));
    }
    if (!parts.isEmpty()) {
      line(md, "");
      line(
          md,
          "CPU-bound rates (%d cores ÷ the CPU cost per span above, nothing else running): %s.",
          cores,
          String.join("; ", parts));
    }
  }

  private static void cpuRow(
      StringBuilder md,
      String phase,
      double rate,
      CpuMeter.Sample cpu,
      double thousands,
      boolean withServer) {
    if (cpu == null || thousands <= 0) {
      return;
    }
    line(
        md,
        "| %s | %,.0f | %.3f | %s | %.3f | %.3f | %.0f%% |",
        phase,
        rate,
        cpu.bench() / thousands,
        withServer ? String.format(Locale.ROOT, "%.3f", cpu.server() / thousands) : "—",
        cpu.postgres() / thousands,
        cpu.others() / thousands,
        cpu.machineTotal() == 0 ? 0 : cpu.machineBusy() / cpu.machineTotal() * 100);
  }

  private static void line(StringBuilder md, String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
