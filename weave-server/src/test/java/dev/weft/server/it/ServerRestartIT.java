package dev.weft.server.it;

import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.record;
import static dev.weft.server.testing.OtlpExporters.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server, started the way the README starts it (no database configured, so it runs its
 * own embedded PostgreSQL under a data directory): spans exported before a restart are still there
 * after it — also when the first server was killed hard and left its PostgreSQL running.
 */
class ServerRestartIT {

  static final String KEY = "weft_restart-test-key-000000000";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  Path dataDir;
  Process server;

  @AfterEach
  void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroy();
      server.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void spansSurviveAGracefulRestartAndAKill() throws Exception {
    dataDir = Files.createTempDirectory("weft-restart-db");
    int httpPort = freePort();

    server = start(httpPort);
    List<SpanData> first = trace("before restart");
    exportOk(OtlpExporters.exporter(Protocol.HTTP_PROTOBUF, httpPort, 0, KEY), first);
    server.destroy(); // SIGTERM: the server stops its PostgreSQL
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();

    server = start(httpPort);
    assertThat(traceIds(httpPort)).contains(first.get(0).getTraceId());
    List<SpanData> second = trace("before kill");
    exportOk(OtlpExporters.exporter(Protocol.HTTP_PROTOBUF, httpPort, 0, KEY), second);
    server.destroyForcibly(); // SIGKILL: PostgreSQL keeps running, holding the data directory
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();

    server = start(httpPort);
    assertThat(traceIds(httpPort)).contains(first.get(0).getTraceId(), second.get(0).getTraceId());
  }

  private Process start(int httpPort) throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    assertThat(jar).as("packaged server (mvn package)").exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(new File("target/server-restart-it.log"));
    builder.environment().put("WEFT_EMBEDDED_DB_DIR", dataDir.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
    builder.environment().put("WEFT_GRPC_PORT", String.valueOf(freePort()));
    builder.environment().put("WEFT_AUTH_BOOTSTRAP_ADMIN_KEY", KEY);
    builder.environment().remove("WEFT_DATABASE_URL");
    builder.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
    Process process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive())
          .as("server process (see target/server-restart-it.log)")
          .isTrue();
      try {
        HttpResponse<String> health =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return process;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("server did not become ready; see target/server-restart-it.log");
  }

  private static List<SpanData> trace(String name) {
    return record(
        service("restart"), provider -> provider.get("t").spanBuilder(name).startSpan().end());
  }

  private static String traceIds(int httpPort) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/api/v1/projects/default/traces"))
                .header("Authorization", "Bearer " + KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
