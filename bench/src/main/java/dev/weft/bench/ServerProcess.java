package dev.weft.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Weft server as a separate JVM, started from its packaged {@code quarkus-run.jar} exactly as a
 * user runs it, pointed at the bench's PostgreSQL through {@code WEFT_DATABASE_URL}. A separate
 * process keeps the server's heap, JIT and threads apart from the load generator's, and lets the
 * bench measure its CPU time.
 */
public final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final String apiKey;
  private final Path log;

  private ServerProcess(Process process, int port, String apiKey, Path log) {
    this.process = process;
    this.port = port;
    this.apiKey = apiKey;
    this.log = log;
  }

  /**
   * Starts the server and waits until it reports ready.
   *
   * @param jar the server's {@code quarkus-run.jar}
   * @param jvmOptions extra JVM options
   * @param database the PostgreSQL to use
   * @param log where the server's output goes
   */
  public static ServerProcess start(
      Path jar, List<String> jvmOptions, BenchPostgres database, Path log)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist: build the server first"
              + " (mvn -B -q -DskipTests package -pl weave-server) or pass --server-jar");
    }
    int port = BenchPostgres.freePort();
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String apiKey = "weft_bench-" + HexFormat.of().formatHex(secret);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("WEFT_DATABASE_URL", database.jdbcUrl());
    env.put("WEFT_DATABASE_USERNAME", database.user());
    env.put("WEFT_DATABASE_PASSWORD", database.password());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("WEFT_GRPC_ENABLED", "false");
    env.put("WEFT_AUTH_BOOTSTRAP_ADMIN_KEY", apiKey);
    Files.createDirectories(log.toAbsolutePath().getParent());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    // A child process outlives an interrupted JVM; never leave a server running after the bench.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-server"));
    ServerProcess server = new ServerProcess(process, port, apiKey, log);
    try {
      server.awaitReady(Duration.ofSeconds(120));
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with code " + process.exitValue() + "; its log:\n" + logTail());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // Expected until Quarkus has bound the port.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the server was not ready after " + timeout.toSeconds() + " s; its log:\n" + logTail());
  }

  /** {@code http://127.0.0.1:port}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The admin key the server was started with. */
  public String apiKey() {
    return apiKey;
  }

  /** The server's process id. */
  public long pid() {
    return process.pid();
  }

  /** The last lines of the server's output, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server gracefully (SIGTERM), forcibly after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
