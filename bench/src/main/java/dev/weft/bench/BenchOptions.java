package dev.weft.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line settings of the ingest benchmark.
 *
 * @param clients concurrent OTLP/HTTP clients
 * @param warmup load before measuring (JIT, connection pools, partitions)
 * @param duration measured load
 * @param spansPerRequest spans in each export request
 * @param copyDuration measured time of each COPY ceiling run
 * @param copyBatchRows rows per COPY statement (one durable transaction each)
 * @param copyWriters writer counts to measure the ceiling with; the best run is the ceiling
 * @param copyFormats COPY formats to measure the ceiling in (each with every writer count)
 * @param serverJar the server's {@code quarkus-run.jar}
 * @param serverJvmOptions extra JVM options for the server process
 * @param report where the Markdown report is written
 * @param copyOnly measure only the COPY ceiling (no server), with model rows
 */
public record BenchOptions(
    int clients,
    Duration warmup,
    Duration duration,
    int spansPerRequest,
    Duration copyDuration,
    int copyBatchRows,
    List<Integer> copyWriters,
    List<CopyFormat> copyFormats,
    Path serverJar,
    List<String> serverJvmOptions,
    Path report,
    boolean copyOnly) {

  static final String USAGE =
      """
      Usage: bench/run.sh [options]
        --clients N              concurrent OTLP/HTTP clients (default 32)
        --duration SECONDS       measured load duration (default 30)
        --warmup SECONDS         load before measuring (default 30)
        --spans-per-request N    spans per export request (default 100)
        --copy-duration SECONDS  measured duration of each COPY ceiling run (default 15)
        --copy-batch N           rows per COPY transaction (default 2000, the server's batch cap)
        --copy-writers LIST      comma-separated writer counts for the ceiling (default 1,2)
        --copy-formats LIST      COPY formats for the ceiling: text, binary (default both)
        --server-jar PATH        default weave-server/target/quarkus-app/quarkus-run.jar
        --server-jvm-opt OPT     extra JVM option for the server, repeatable
        --report PATH            default bench/target/ingest-report.md
        --copy-only              only measure the COPY ceiling (no server; model rows)
      """;

  /** Parses {@code --name value} pairs; unknown flags are an error. */
  public static BenchOptions parse(String... args) {
    int clients = 32;
    int warmup = 30;
    int duration = 30;
    int spansPerRequest = 100;
    int copyDuration = 15;
    int copyBatch = 2000;
    List<Integer> copyWriters = List.of(1, 2);
    List<CopyFormat> copyFormats = List.of(CopyFormat.TEXT, CopyFormat.BINARY);
    Path serverJar = Path.of("weave-server/target/quarkus-app/quarkus-run.jar");
    List<String> jvmOptions = new ArrayList<>();
    Path report = Path.of("bench/target/ingest-report.md");
    boolean copyOnly = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--copy-only")) {
        copyOnly = true;
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--clients" -> clients = positive(flag, value);
        case "--duration" -> duration = positive(flag, value);
        case "--warmup" -> warmup = nonNegative(flag, value);
        case "--spans-per-request" -> spansPerRequest = positive(flag, value);
        case "--copy-duration" -> copyDuration = positive(flag, value);
        case "--copy-batch" -> copyBatch = positive(flag, value);
        case "--copy-writers" -> {
          List<Integer> counts = new ArrayList<>();
          for (String part : value.split(",")) {
            counts.add(positive(flag, part.trim()));
          }
          copyWriters = List.copyOf(counts);
        }
        case "--copy-formats" -> {
          List<CopyFormat> formats = new ArrayList<>();
          for (String part : value.split(",")) {
            formats.add(CopyFormat.of(part.trim()));
          }
          copyFormats = List.copyOf(formats);
        }
        case "--server-jar" -> serverJar = Path.of(value);
        case "--server-jvm-opt" -> jvmOptions.add(value);
        case "--report" -> report = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return new BenchOptions(
        clients,
        Duration.ofSeconds(warmup),
        Duration.ofSeconds(duration),
        spansPerRequest,
        Duration.ofSeconds(copyDuration),
        copyBatch,
        copyWriters,
        copyFormats,
        serverJar,
        List.copyOf(jvmOptions),
        report,
        copyOnly);
  }

  private static int positive(String flag, String value) {
    int n = nonNegative(flag, value);
    if (n == 0) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
    return n;
  }

  private static int nonNegative(String flag, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new IllegalArgumentException(flag + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a whole number, got '" + value + "'");
    }
  }
}
