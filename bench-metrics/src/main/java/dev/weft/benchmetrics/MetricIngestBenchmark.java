package dev.weft.benchmetrics;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Metric-ingestion benchmark. One throwaway PostgreSQL (durable commits), the packaged Weft server
 * as a separate process on it, then two phases of the same length and concurrency:
 *
 * <ol>
 *   <li><b>API</b>: {@code --runs} concurrent runs, each a client thread appending batches of
 *       {@code --batch} points ({@code POST /runs/{id}/metrics}) one after another, as an SDK's
 *       background flusher does;
 *   <li><b>ceiling</b>: as many JDBC connections each {@code COPY}ing batches of the same rows
 *       straight into {@code run_metrics}, one transaction per batch.
 * </ol>
 *
 * Prints points/s of both and their ratio. Everything shares the machine's cores: the client, the
 * server and PostgreSQL in the API phase, the client and PostgreSQL in the ceiling phase.
 */
public final class MetricIngestBenchmark {

  private MetricIngestBenchmark() {}

  /** Runs the benchmark; {@code --help} lists the options. */
  public static void main(String[] args) throws Exception {
    int runs = 8;
    int batch = 1000;
    int seconds = 20;
    int warmup = 15;
    Path jar = Path.of("weave-server/target/quarkus-app/quarkus-run.jar");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--server-jar" -> jar = Path.of(args[++i]);
        case "--help" -> {
          System.out.println(
              "options: --runs N (8) --batch POINTS (1000) --seconds S (20) --warmup S (15)"
                  + " --server-jar PATH (weave-server/target/quarkus-app/quarkus-run.jar)");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " not found: build the server (mvn -B -q -DskipTests package -pl weave-server)");
    }
    Path data = Files.createTempDirectory("weft-bench-metrics-pg");
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(true)
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("max_wal_size", "2GB")
            .start()) {
      String jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      System.out.printf(
          Locale.ROOT,
          "machine: %d cores, %s %s, Java %s, PostgreSQL %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name"),
          System.getProperty("os.arch"),
          System.getProperty("java.version"),
          query(jdbcUrl, "show server_version"));
      System.out.printf(
          Locale.ROOT,
          "load: %d runs x batches of %d points, %d s measured after %d s warm-up%n",
          runs,
          batch,
          seconds,
          warmup);
      double api;
      try (Server server =
          Server.start(jar, jdbcUrl, data.resolveSibling(data.getFileName() + ".log"))) {
        api = apiPhase(server, runs, batch, warmup, seconds);
      }
      double copy = copyPhase(jdbcUrl, runs, batch, warmup, seconds);
      System.out.printf(Locale.ROOT, "API  : %,12.0f points/s%n", api);
      System.out.printf(Locale.ROOT, "COPY : %,12.0f points/s (raw write ceiling)%n", copy);
      System.out.printf(Locale.ROOT, "ratio: %.2f of the ceiling%n", api / copy);
    }
  }

  /** A body of {@code count} points of key {@code loss} from {@code step}. */
  static String body(long step, int count, Instant now) {
    StringBuilder sb = new StringBuilder(count * 80).append("{\"points\":[");
    String time = now.toString();
    for (int i = 0; i < count; i++) {
      long s = step + i;
      String key = (i & 1) == 0 ? "loss" : "system/cpu";
      sb.append(i == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(key)
          .append("\",\"step\":")
          .append(s / 2)
          .append(",\"value\":")
          .append(Math.sin(s / 100.0))
          .append(",\"time\":\"")
          .append(time)
          .append("\"}");
    }
    return sb.append("]}").toString();
  }

  private static double apiPhase(Server server, int runs, int batch, int warmup, int seconds)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = server.base + "/api/v1/projects/default/runs";
    for (int r = 0; r < runs; r++) {
      send(client, server.key, base, "{\"id\":\"bench-" + r + "\",\"name\":\"bench\"}", 201);
    }
    AtomicLong measured = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    long[][] latencies = new long[runs][];
    for (int r = 0; r < runs; r++) {
      int run = r;
      Thread t =
          new Thread(
              () -> {
                List<Long> lat = new ArrayList<>();
                long step = 0;
                try {
                  while (System.nanoTime() < end) {
                    String body = body(step, batch, Instant.now());
                    long t0 = System.nanoTime();
                    int status =
                        post(client, server.key, base + "/bench-" + run + "/metrics", body);
                    long t1 = System.nanoTime();
                    if (status == 503) {
                      Thread.sleep(100);
                      continue;
                    }
                    if (status != 200) {
                      throw new IllegalStateException("metrics append answered " + status);
                    }
                    step += batch;
                    if (t0 >= measureFrom && t1 <= end) {
                      measured.addAndGet(batch);
                      lat.add(t1 - t0);
                    }
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
                latencies[run] = lat.stream().mapToLong(Long::longValue).toArray();
              },
              "run-" + r);
      threads.add(t);
      t.start();
    }
    // Server CPU over the measured window: how much of the gap to the ceiling is the server's own
    // work (HTTP, JSON, validation, encoding) on a machine whose cores everything shares.
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime())));
    Duration cpuBefore = server.cpu();
    for (Thread t : threads) {
      t.join();
    }
    Duration cpuUsed = server.cpu().minus(cpuBefore);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("API phase failed", failures.get(0));
    }
    if (measured.get() > 0) {
      System.out.printf(
          Locale.ROOT,
          "server CPU: %.1f s in the measured window, %.1f µs per point%n",
          cpuUsed.toMillis() / 1000.0,
          cpuUsed.toNanos() / 1000.0 / measured.get());
    }
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    if (all.length > 0) {
      System.out.printf(
          Locale.ROOT,
          "API request latency: p50 %.1f ms, p99 %.1f ms (%d requests measured)%n",
          all[all.length / 2] / 1e6,
          all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.99))] / 1e6,
          all.length);
    }
    return measured.get() / (double) seconds;
  }

  private static double copyPhase(String jdbcUrl, int runs, int batch, int warmup, int seconds)
      throws Exception {
    AtomicLong measured = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    long projectId =
        Long.parseLong(query(jdbcUrl, "select id from projects where name = 'default'"));
    CountDownLatch done = new CountDownLatch(runs);
    List<Throwable> failures = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      int run = r;
      new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                  CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                  String sql =
                      "copy run_metrics (project_id, run_id, key, step, value, time) from stdin";
                  long step = 0;
                  while (System.nanoTime() < end) {
                    String time = Instant.now().toString();
                    StringBuilder rows = new StringBuilder(batch * 60);
                    for (int i = 0; i < batch; i++) {
                      long s = step + i;
                      rows.append(projectId)
                          .append("\tceiling-")
                          .append(run)
                          .append('\t')
                          .append((i & 1) == 0 ? "loss" : "system/cpu")
                          .append('\t')
                          .append(s / 2)
                          .append('\t')
                          .append(Math.sin(s / 100.0))
                          .append('\t')
                          .append(time)
                          .append('\n');
                    }
                    long t0 = System.nanoTime();
                    copy.copyIn(sql, new StringReader(rows.toString()));
                    long t1 = System.nanoTime();
                    step += batch;
                    if (t0 >= measureFrom && t1 <= end) {
                      measured.addAndGet(batch);
                    }
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                } finally {
                  done.countDown();
                }
              },
              "copy-" + r)
          .start();
    }
    done.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("COPY phase failed", failures.get(0));
    }
    return measured.get() / (double) seconds;
  }

  private static void send(HttpClient client, String key, String url, String body, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static int post(HttpClient client, String key, String url, String body)
      throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String query(String jdbcUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The packaged server as a child process on the bench's database. */
  static final class Server implements AutoCloseable {
    final Process process;
    final String base;
    final String key = "weft_bench-metrics-0123456789abcdef";

    private Server(Process process, String base) {
      this.process = process;
      this.base = base;
    }

    static Server start(Path jar, String jdbcUrl, Path log) throws Exception {
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              jar.toString());
      builder.environment().put("WEFT_DATABASE_URL", jdbcUrl);
      builder.environment().put("WEFT_DATABASE_USERNAME", "postgres");
      builder.environment().put("WEFT_DATABASE_PASSWORD", "");
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
      builder.environment().put("WEFT_GRPC_ENABLED", "false");
      builder
          .environment()
          .put("WEFT_AUTH_BOOTSTRAP_ADMIN_KEY", "weft_bench-metrics-0123456789abcdef");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-server"));
      Server server = new Server(process, "http://127.0.0.1:" + port);
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the server exited; see " + log);
        }
        try {
          HttpResponse<Void> r =
              client.send(
                  HttpRequest.newBuilder(URI.create(server.base + "/q/health/ready")).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return server;
          }
        } catch (IOException notYet) {
          // Not listening yet.
        }
        if (System.nanoTime() > deadline) {
          server.close();
          throw new IllegalStateException("the server was not ready after 120 s; see " + log);
        }
        Thread.sleep(250);
      }
    }

    /** CPU time the server process has used so far. */
    Duration cpu() {
      return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
