package dev.weft.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
 * @param keepWarmupSpans do not empty the span tables between the warm-up and the window
 * @param database the PostgreSQL to use, or {@code null} to start an embedded one
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
    boolean copyOnly,
    boolean keepWarmupSpans,
    Database database) {

  /**
   * A PostgreSQL database given on the command line instead of the embedded one.
   *
   * @param url its JDBC URL
   * @param user a superuser (the bench takes checkpoints and reads WAL statistics)
   * @param password that user's password, empty for none
   */
  public record Database(String url, String user, String password) {}

  /**
   * Parses the command line.
   *
   * @throws Usage when {@code --help} was asked for or the arguments are wrong; its message says
   *     what was wrong (empty for {@code --help}) and {@link Usage#text} is the option list
   */
  public static BenchOptions parse(String... args) {
    Flags flags = new Flags();
    // The last of a repeated option wins, so a script's defaults can be overridden after them.
    CommandLine line = new CommandLine(flags).setOverwrittenOptionsAllowed(true);
    try {
      line.parseArgs(args);
    } catch (ParameterException e) {
      throw new Usage(e.getMessage(), line.getUsageMessage());
    }
    if (line.isUsageHelpRequested()) {
      throw new Usage("", line.getUsageMessage());
    }
    try {
      return flags.options();
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage(), line.getUsageMessage());
    }
  }

  /** A command line that asks for help or cannot be run, with the usage text to print. */
  public static final class Usage extends IllegalArgumentException {
    private final transient String text;

    Usage(String message, String text) {
      super(message);
      this.text = text;
    }

    /** The option list, as {@code --help} prints it. */
    public String text() {
      return text;
    }
  }

  @Command(
      name = "bench/run.sh",
      sortOptions = false,
      description = {
        "Ingest throughput of the Weft server against the raw COPY ceiling of the same rows, on"
            + " one embedded PostgreSQL."
      })
  private static final class Flags {
    @Option(
        names = "--clients",
        paramLabel = "N",
        description = "concurrent OTLP/HTTP clients (default ${DEFAULT-VALUE})")
    int clients = 32;

    @Option(
        names = "--duration",
        paramLabel = "SECONDS",
        description = "measured load duration (default ${DEFAULT-VALUE})")
    int duration = 30;

    @Option(
        names = "--warmup",
        paramLabel = "SECONDS",
        description =
            "load before measuring, in two halves (default ${DEFAULT-VALUE}); spans and traces"
                + " are emptied after each, so the window starts from empty tables like each COPY"
                + " ceiling run")
    int warmup = 120;

    @Option(
        names = "--spans-per-request",
        paramLabel = "N",
        description = "spans per export request (default ${DEFAULT-VALUE})")
    int spansPerRequest = 100;

    @Option(
        names = "--copy-duration",
        paramLabel = "SECONDS",
        description = "measured duration of each COPY ceiling run (default ${DEFAULT-VALUE})")
    int copyDuration = 15;

    @Option(
        names = "--copy-batch",
        paramLabel = "N",
        description =
            "rows per COPY transaction (default ${DEFAULT-VALUE}, the server's batch cap)")
    int copyBatch = 2000;

    @Option(
        names = "--copy-writers",
        split = ",",
        paramLabel = "N",
        description = "writer counts for the ceiling, comma-separated (default 1,2)")
    List<String> copyWriters = List.of("1", "2");

    @Option(
        names = "--copy-formats",
        split = ",",
        paramLabel = "FORMAT",
        description = "COPY formats for the ceiling: text, binary (default both)")
    List<String> copyFormats = List.of("text", "binary");

    @Option(
        names = "--server-jar",
        paramLabel = "PATH",
        description = "the server (default ${DEFAULT-VALUE})")
    Path serverJar = Path.of("weave-server/target/quarkus-app/quarkus-run.jar");

    @Option(
        names = "--server-jvm-opt",
        paramLabel = "OPT",
        description = "extra JVM option for the server, repeatable")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(
        names = "--report",
        paramLabel = "PATH",
        description = "where the report goes (default ${DEFAULT-VALUE})")
    Path report = Path.of("bench/target/ingest-report.md");

    @Option(names = "--copy-only", description = "only measure the COPY ceiling (no server)")
    boolean copyOnly;

    @Option(
        names = "--keep-warmup-spans",
        description =
            "do not empty spans and traces after the warm-up (the window then writes into"
                + " tables the warm-up filled)")
    boolean keepWarmupSpans;

    @Option(
        names = "--database-url",
        paramLabel = "JDBC-URL",
        description =
            "measure on this PostgreSQL instead of an embedded one: a dedicated, empty database"
                + " of a server on this machine (its CPU is read from /proc); the bench writes"
                + " spans, traces and bench_copy in it and empties them when it ends")
    String databaseUrl;

    @Option(
        names = "--database-user",
        paramLabel = "NAME",
        description = "superuser for --database-url (default ${DEFAULT-VALUE})")
    String databaseUser = "postgres";

    @Option(
        names = "--database-password",
        paramLabel = "SECRET",
        description = "password for --database-user (default none)")
    String databasePassword = "";

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help")
    boolean help;

    BenchOptions options() {
      List<Integer> writers = new ArrayList<>();
      for (String w : copyWriters) {
        writers.add(positive("--copy-writers", w.trim()));
      }
      List<CopyFormat> formats = new ArrayList<>();
      for (String f : copyFormats) {
        formats.add(CopyFormat.of(f.trim()));
      }
      return new BenchOptions(
          positive("--clients", clients),
          Duration.ofSeconds(nonNegative("--warmup", warmup)),
          Duration.ofSeconds(positive("--duration", duration)),
          positive("--spans-per-request", spansPerRequest),
          Duration.ofSeconds(positive("--copy-duration", copyDuration)),
          positive("--copy-batch", copyBatch),
          List.copyOf(writers),
          List.copyOf(formats),
          serverJar,
          List.copyOf(serverJvmOptions),
          report,
          copyOnly,
          keepWarmupSpans,
          database());
    }

    private Database database() {
      if (databaseUrl == null) {
        return null;
      }
      if (!databaseUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "--database-url expects a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database),"
                + " got '"
                + databaseUrl
                + "'");
      }
      return new Database(databaseUrl, databaseUser, databasePassword);
    }
  }

  private static int positive(String flag, String value) {
    try {
      return positive(flag, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a whole number, got '" + value + "'");
    }
  }

  private static int positive(String flag, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + value);
    }
    return value;
  }

  private static int nonNegative(String flag, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(flag + " must not be negative, got " + value);
    }
    return value;
  }
}
