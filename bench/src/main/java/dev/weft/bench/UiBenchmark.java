package dev.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The UI benchmark: time to interactive of the trace detail page of a 10,000-span trace and of the
 * traces table of a project holding 100,000 traces, in the same headless chromium the end-to-end
 * tests use.
 *
 * <p>Order: an embedded PostgreSQL starts ({@link BenchPostgres}); the packaged server starts
 * against it ({@link ServerProcess}, the UI is inside the server jar); a project is created and
 * filled over OTLP/HTTP protobuf (many spans per request, a few concurrent clients); then {@code
 * npm run bench:ui} in {@code ui/} drives chromium ({@code ui/bench/ui-tti.run.ts}) and writes its
 * measurements, which this class prints with the machine and the trace API's answer (size, time
 * measured from Java as well). A benchmark, not a test: it never fails on its figures.
 */
@Command(
    name = "bench/ui-run.sh",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Time to interactive of the trace detail and traces pages in headless chromium.")
public final class UiBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--traces",
      description = "small traces (1-3 spans) in the project (default ${DEFAULT-VALUE})")
  private int traces = 100_000;

  @Option(
      names = "--big-trace-spans",
      description = "spans of the one large trace (default ${DEFAULT-VALUE})")
  private int bigTraceSpans = 10_000;

  @Option(
      names = "--warm-runs",
      description =
          "reloads measured after the cold load; the median is reported (default ${DEFAULT-VALUE})")
  private int warmRuns = 5;

  @Option(
      names = "--clients",
      description =
          "concurrent OTLP/HTTP clients while filling the project (default ${DEFAULT-VALUE})")
  private int clients = 4;

  @Option(
      names = "--traces-per-request",
      description = "small traces per OTLP request (default ${DEFAULT-VALUE})")
  private int tracesPerRequest = 1_000;

  @Option(names = "--server-jar", description = "the server (default ${DEFAULT-VALUE})")
  private Path serverJar = Path.of("weave-server/target/quarkus-app/quarkus-run.jar");

  @Option(
      names = "--ui-dir",
      description = "the ui module with its node_modules (default ${DEFAULT-VALUE})")
  private Path uiDir = Path.of("ui");

  @Option(
      names = "--report",
      description = "where the Markdown report goes (default ${DEFAULT-VALUE})")
  private Path report = Path.of("bench/target/ui-report.md");

  /** Runs the benchmark; {@code --help} lists the options. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new UiBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    requirePositive("--traces", traces);
    requirePositive("--big-trace-spans", bigTraceSpans);
    requirePositive("--warm-runs", warmRuns);
    requirePositive("--clients", clients);
    requirePositive("--traces-per-request", tracesPerRequest);
    run();
    return 0;
  }

  private void requirePositive(String option, int value) {
    if (value <= 0) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a positive integer, got " + value);
    }
  }

  private static void progress(String message) {
    System.out.println("[ui-bench] " + message);
  }

  private void run() throws Exception {
    if (!Files.isDirectory(uiDir.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(
          uiDir.toAbsolutePath()
              + " has no node_modules: run `cd ui && npm ci` (bench/ui-run.sh does)");
    }
    String chromium = ensureChromium();
    Machine machine = Machine.describe();
    Instant started = Instant.now();
    Path work = Files.createDirectories(report.toAbsolutePath().getParent());
    try (BenchPostgres db = BenchPostgres.start();
        ServerProcess server =
            ServerProcess.start(serverJar, List.of(), db, work.resolve("ui-bench-server.log"))) {
      progress("server up at " + server.baseUri() + " on PostgreSQL " + db.version());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      JsonNode created =
          send(
              http,
              HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/projects"))
                  .header("Authorization", "Bearer " + server.apiKey())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ui-bench\"}"))
                  .build(),
              201);
      String key = created.at("/adminKey/secret").asText();

      UiBenchData data = new UiBenchData(42, System.currentTimeMillis() * 1_000_000L);
      ByteString bigTraceId = data.id(16);
      long t0 = System.nanoTime();
      List<ExportTraceServiceRequest> big = data.bigTrace(bigTraceId, bigTraceSpans, 1_000);
      long bigSpans = export(http, server.baseUri(), key, big, 1);
      double bigSeconds = (System.nanoTime() - t0) / 1e9;
      progress(
          String.format(
              Locale.ROOT,
              "large trace %s: %,d spans in %.1f s",
              UiBenchData.hex(bigTraceId),
              bigSpans,
              bigSeconds));
      t0 = System.nanoTime();
      long smallSpans = fillSmallTraces(http, server.baseUri(), key, data);
      double smallSeconds = (System.nanoTime() - t0) / 1e9;
      progress(
          String.format(
              Locale.ROOT,
              "%,d small traces (%,d spans) in %.1f s (%,.0f spans/s)",
              traces,
              smallSpans,
              smallSeconds,
              smallSpans / smallSeconds));
      long storedTraces =
          db.queryLong(
              "select count(*) from traces t join projects p on p.id = t.project_id"
                  + " where p.name = 'ui-bench'");
      long storedSpans = db.queryLong("select coalesce(sum(span_count), 0) from traces");
      db.execute("vacuum analyze");
      progress(
          "stored: " + storedTraces + " traces, " + storedSpans + " spans; vacuum analyze done");

      Path fixture = work.resolve("ui-bench-fixture.json");
      Path result = work.resolve("ui-bench-result.json");
      Files.deleteIfExists(result);
      ObjectNode f = JSON.createObjectNode();
      f.put("url", server.baseUri().toString());
      f.put("project", "ui-bench");
      f.put("key", key);
      f.put("traceId", UiBenchData.hex(bigTraceId));
      f.put("warmRuns", warmRuns);
      JSON.writerWithDefaultPrettyPrinter().writeValue(fixture.toFile(), f);
      runBrowser(chromium, fixture, result);
      JsonNode browser = JSON.readTree(result.toFile());

      String tracePath = "/api/v1/projects/ui-bench/traces/" + UiBenchData.hex(bigTraceId);
      ApiTiming traceApi = apiTiming(http, server.baseUri().resolve(tracePath + "/spans"), key);
      ApiTiming treeApi = apiTiming(http, server.baseUri().resolve(tracePath), key);
      ApiTiming listApi =
          apiTiming(
              http, server.baseUri().resolve("/api/v1/projects/ui-bench/traces?limit=50"), key);
      String text =
          report(
              machine,
              started,
              db.version(),
              storedTraces,
              storedSpans,
              smallSeconds,
              smallSpans,
              browser,
              traceApi,
              treeApi,
              listApi);
      Files.writeString(report, text);
      System.out.println();
      System.out.println(text);
      progress("report written to " + report);
    }
  }

  private long fillSmallTraces(HttpClient http, URI base, String key, UiBenchData data)
      throws Exception {
    int requests = (traces + tracesPerRequest - 1) / tracesPerRequest;
    AtomicLong spans = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < requests; r++) {
        int count = Math.min(tracesPerRequest, traces - r * tracesPerRequest);
        ExportTraceServiceRequest request;
        synchronized (data) {
          request = data.smallTraces(count);
        }
        futures.add(
            pool.submit(
                () -> {
                  spans.addAndGet(export(http, base, key, List.of(request), 1));
                  return null;
                }));
        if (futures.size() >= clients * 2) {
          futures.remove(0).get();
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return spans.get();
  }

  /** Sends the requests one after another; a 503 waits for Retry-After and resends. */
  private static long export(
      HttpClient http, URI base, String key, List<ExportTraceServiceRequest> requests, int unused)
      throws IOException, InterruptedException {
    long spans = 0;
    for (ExportTraceServiceRequest request : requests) {
      byte[] body = request.toByteArray();
      while (true) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(base.resolve("/v1/traces"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          break;
        }
        if (response.statusCode() != 503) {
          throw new IllegalStateException(
              "/v1/traces answered " + response.statusCode() + ": " + response.body());
        }
        long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(wait * 1000);
      }
      spans += request.getResourceSpans(0).getScopeSpans(0).getSpansCount();
    }
    return spans;
  }

  private static JsonNode send(HttpClient http, HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Size and time of an API answer measured from Java: first call, then the median of 5; plain and
   * with {@code Accept-Encoding: gzip} as a browser asks (the server then compresses).
   */
  private record ApiTiming(
      long bytes,
      double firstMs,
      double medianMs,
      long gzipBytes,
      double gzipFirstMs,
      double gzipMedianMs) {}

  private static ApiTiming apiTiming(HttpClient http, URI uri, String key)
      throws IOException, InterruptedException {
    double[] plain = new double[6];
    double[] gzip = new double[6];
    long bytes = 0;
    long gzipBytes = 0;
    for (int i = 0; i < plain.length; i++) {
      for (boolean compressed : new boolean[] {false, true}) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key);
        if (compressed) {
          request.header("Accept-Encoding", "gzip");
        }
        long t = System.nanoTime();
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        if (compressed) {
          gzip[i] = ms;
          gzipBytes = response.body().length;
        } else {
          plain[i] = ms;
          bytes = response.body().length;
        }
      }
    }
    return new ApiTiming(
        bytes, plain[0], medianOfRest(plain), gzipBytes, gzip[0], medianOfRest(gzip));
  }

  private static double medianOfRest(double[] times) {
    double[] rest = Arrays.copyOfRange(times, 1, times.length);
    Arrays.sort(rest);
    return rest[rest.length / 2];
  }

  private String ensureChromium() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sh", uiDir.resolve("e2e/ensure-chromium.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("no chromium (see the message above)");
    }
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }

  private void runBrowser(String chromium, Path fixture, Path result)
      throws IOException, InterruptedException {
    ProcessBuilder npm =
        new ProcessBuilder("npm", "run", "--silent", "bench:ui")
            .directory(uiDir.toFile())
            .redirectErrorStream(true);
    npm.environment().put("WEFT_UI_BENCH_FIXTURE", fixture.toAbsolutePath().toString());
    npm.environment().put("WEFT_UI_BENCH_RESULT", result.toAbsolutePath().toString());
    npm.environment().put("WEFT_E2E_CHROMIUM", chromium);
    npm.environment().put("NO_COLOR", "1");
    Process process = npm.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("[browser] " + line);
      }
    }
    if (process.waitFor() != 0 || !Files.exists(result)) {
      throw new IllegalStateException("the browser measurement failed (its output is above)");
    }
  }

  private String report(
      Machine m,
      Instant started,
      String postgres,
      long storedTraces,
      long storedSpans,
      double fillSeconds,
      long fillSpans,
      JsonNode b,
      ApiTiming traceApi,
      ApiTiming treeApi,
      ApiTiming listApi) {
    StringBuilder r = new StringBuilder();
    r.append("# Weft UI benchmark: time to interactive\n\n");
    r.append("Run ").append(started).append(".\n\n");
    r.append("## Machine\n\n| | |\n|---|---|\n");
    r.append("| CPU | ").append(m.cores()).append(" cores, ").append(m.cpuModel()).append(" |\n");
    r.append(String.format(Locale.ROOT, "| RAM | %.1f GiB |%n", m.memoryGiB()));
    r.append("| OS | ").append(m.os()).append(" |\n");
    r.append("| Java | ").append(m.java()).append(" |\n");
    r.append("| Browser | ")
        .append(b.path("browser").asText())
        .append(" (headless, --disable-gpu) |\n");
    r.append("| PostgreSQL | ").append(postgres).append(" (embedded, same machine) |\n");
    r.append("| Load average at start (1 min) | ").append(m.loadAverage()).append(" |\n\n");
    r.append("## Data\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "- Project `ui-bench`: %,d traces, %,d spans stored (filled over OTLP/HTTP protobuf in"
                + " %.1f s, %,.0f spans/s, %d clients, %,d traces per request).%n",
            storedTraces,
            storedSpans,
            fillSeconds,
            fillSpans / fillSeconds,
            clients,
            tracesPerRequest));
    r.append(
        String.format(
            Locale.ROOT,
            "- One trace of %,d spans (phases → steps → chat, retrieval, tool → chat; ≈ 1 KB of"
                + " attributes per span).%n%n",
            bigTraceSpans));
    r.append("## Time to interactive (target < 1 s)\n\n");
    r.append("| page | cold (first load) | warm (median of ")
        .append(b.path("warmRuns").asInt())
        .append(" reloads) | first rows visible, cold / warm |\n|---|---:|---:|---:|\n");
    for (String page : List.of("traceDetail", "tracesTable")) {
      JsonNode p = b.path(page);
      r.append(
          String.format(
              Locale.ROOT,
              "| %s | **%.0f ms** | **%.0f ms** | %.0f / %.0f ms |%n",
              page.equals("traceDetail")
                  ? "trace detail, "
                      + String.format(Locale.ROOT, "%,d", bigTraceSpans)
                      + "-span trace"
                  : "traces table, " + String.format(Locale.ROOT, "%,d", storedTraces) + " traces",
              p.at("/cold/interactiveMs").asDouble(),
              p.at("/warm/interactiveMs").asDouble(),
              p.at("/cold/firstRowsMs").asDouble(),
              p.at("/warm/firstRowsMs").asDouble()));
    }
    r.append("\n## API answers behind the pages\n\n");
    r.append(
        "| request | body | on the wire | in the browser, cold / warm | from Java afterwards,"
            + " first / median of 5 | same with gzip |\n");
    r.append("|---|---:|---:|---:|---:|---:|\n");
    r.append(
        apiRow(
            "`GET /traces/{id}/spans` (the " + bigTraceSpans + "-span trace; what the page loads)",
            b.path("traceDetail"),
            traceApi));
    r.append(apiRow("`GET /traces?limit=50`", b.path("tracesTable"), listApi));
    r.append(
        "\nThe browser columns are the page's own requests (Resource Timing: request start to"
            + " last byte); `body` is the decoded answer, `on the wire` its encoded size in the"
            + " browser. The Java figures are taken after the browser's loads (server warm).\n");
    r.append("\nAPI requests of the cold loads (ms from navigation start):\n\n");
    for (String page : List.of("traceDetail", "tracesTable")) {
      for (JsonNode q : b.at("/" + page + "/cold/requests")) {
        r.append(
            String.format(
                Locale.ROOT,
                "- %s: `%s` %d–%d ms, %,d bytes%n",
                page,
                q.path("path").asText(),
                q.path("startMs").asLong(),
                q.path("endMs").asLong(),
                q.path("bytes").asLong()));
      }
    }
    r.append(
        String.format(
            Locale.ROOT,
            "%nFor comparison, the full tree with every attribute (`GET /traces/{id}`, not used by"
                + " the page): %,d bytes (%,d gzipped); from Java %.0f ms first, %.0f ms median"
                + " of 5 (gzip: %.0f / %.0f ms).%n",
            treeApi.bytes(),
            treeApi.gzipBytes(),
            treeApi.firstMs(),
            treeApi.medianMs(),
            treeApi.gzipFirstMs(),
            treeApi.gzipMedianMs()));
    return r.toString();
  }

  private static String apiRow(String name, JsonNode page, ApiTiming java) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d bytes | %,d bytes (%s) | %.0f / %.0f ms | %.0f / %.0f ms | %.0f / %.0f ms |%n",
        name,
        java.bytes(),
        page.at("/cold/api/transferBytes").asLong(),
        page.at("/cold/api/encoding").asText("none"),
        page.at("/cold/api/ms").asDouble(),
        page.at("/warm/api/ms").asDouble(),
        java.firstMs(),
        java.medianMs(),
        java.gzipFirstMs(),
        java.gzipMedianMs());
  }
}
