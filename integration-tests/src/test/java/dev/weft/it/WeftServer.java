package dev.weft.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Weft server, started once per test JVM as a separate process on its own embedded
 * PostgreSQL (a fresh data directory), exactly as a user runs it. Tests share it and isolate
 * themselves by creating their own project ({@link #newProject}).
 */
public final class WeftServer {

  /** The admin key of project {@code default}. */
  public static final String ADMIN_KEY = "weft_integration-tests-admin-key";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static WeftServer instance;

  private final Process process;
  private final int httpPort;
  private final int grpcPort;

  private WeftServer(Process process, int httpPort, int grpcPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
  }

  /**
   * The running server, started on first use and stopped when the JVM ends. With the system
   * property {@code weft.it.server.url} (e.g. {@code http://localhost:8095}) the tests use that
   * already running server instead, whose bootstrap admin key must be {@link #ADMIN_KEY}: handy to
   * look at what a test left behind, e.g. the UI journeys' seeded project.
   */
  public static synchronized WeftServer get() {
    String external = System.getProperty("weft.it.server.url", "");
    if (instance == null && !external.isBlank()) {
      URI uri = URI.create(external);
      instance = new WeftServer(null, uri.getPort(), -1);
    }
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  /** {@code http://localhost:<port>}: OTLP/HTTP, REST API. */
  public String httpUrl() {
    return "http://localhost:" + httpPort;
  }

  /** {@code http://localhost:<port>} of OTLP/gRPC. */
  public String grpcUrl() {
    return "http://localhost:" + grpcPort;
  }

  /** Creates a project with a unique name; returns it with its admin key. */
  public Project newProject(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode created =
        send("POST", "/api/v1/projects", ADMIN_KEY, "{\"name\":\"" + name + "\"}", 201);
    return new Project(this, name, created.at("/adminKey/secret").asText());
  }

  /**
   * Sends a request and checks its status.
   *
   * @return the JSON answer ({@code null} for an empty body)
   */
  public JsonNode send(
      String method, String path, String key, String jsonBody, int expectedStatus) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(httpUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expectedStatus) {
        throw new AssertionError(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? null : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * A project created for one test.
   *
   * @param server the server
   * @param name project name
   * @param key its admin key (all scopes)
   */
  public record Project(WeftServer server, String name, String key) {

    /** GET below {@code /api/v1/projects/{name}}, expecting 200. */
    public JsonNode get(String path) {
      return server.send("GET", "/api/v1/projects/" + name + path, key, null, 200);
    }
  }

  private static WeftServer start() {
    try {
      Path jar =
          Path.of(
              System.getProperty(
                  "weft.server.app", "../weave-server/target/quarkus-app/quarkus-run.jar"));
      if (!Files.exists(jar)) {
        throw new IllegalStateException("no packaged server at " + jar + " (run mvn package)");
      }
      Path dataDir = Files.createTempDirectory("weft-it-db");
      int httpPort = freePort();
      int grpcPort = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(new File("target/weft-server.log"));
      builder.environment().put("WEFT_EMBEDDED_DB_DIR", dataDir.toString());
      builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
      builder.environment().put("WEFT_GRPC_PORT", String.valueOf(grpcPort));
      builder.environment().put("WEFT_AUTH_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
      builder.environment().remove("WEFT_DATABASE_URL");
      builder.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
      Process process = builder.start();
      WeftServer server = new WeftServer(process, httpPort, grpcPort);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the server", e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited; see target/weft-server.log");
      }
      try {
        HttpResponse<String> health =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(httpUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("the server did not become ready; see target/weft-server.log");
  }

  private void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
