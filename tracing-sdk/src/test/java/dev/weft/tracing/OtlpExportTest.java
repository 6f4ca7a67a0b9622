package dev.weft.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The default exporter: OTLP http/protobuf to {@code <endpoint>/v1/traces} with the API key. */
class OtlpExportTest {

  record Received(String path, String auth, String contentType, byte[] body) {}

  @Test
  void spansGoToTheEndpointWithTheBearerKey() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
          }
          received.add(
              new Received(
                  ex.getRequestURI().getPath(),
                  ex.getRequestHeaders().getFirst("Authorization"),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  body));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
      WeftSdk sdk =
          WeftSdk.builder(
                  Settings.of(
                      k ->
                          switch (k) {
                            case "WEFT_ENDPOINT" -> endpoint;
                            case "WEFT_API_KEY" -> "weft_test_key";
                            case "WEFT_PROJECT" -> "demo";
                            default -> null;
                          }))
              .scheduleDelay(Duration.ofMillis(20))
              .shutdownHook(false)
              .build();
      sdk.op("exported").run(() -> {});
      assertThat(sdk.flush(Duration.ofSeconds(20))).isTrue();
      sdk.shutdown();

      assertThat(received).isNotEmpty();
      Received r = received.get(0);
      assertThat(r.path()).isEqualTo("/v1/traces");
      assertThat(r.auth()).isEqualTo("Bearer weft_test_key");
      assertThat(r.contentType()).isEqualTo("application/x-protobuf");
      String raw = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(raw).contains("exported").contains("weft.project").contains("demo");
      assertThat(sdk.droppedSpans()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aServerThatIsDownCostsSpansNotTheApplication() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    int closedPort = port;
    WeftSdk sdk =
        WeftSdk.builder(
                Settings.of(
                    k ->
                        switch (k) {
                          case "WEFT_ENDPOINT" -> "http://127.0.0.1:" + closedPort;
                          case "OTEL_EXPORTER_OTLP_TIMEOUT" -> "500";
                          default -> null;
                        }))
            .scheduleDelay(Duration.ofMillis(20))
            .exportTimeout(Duration.ofSeconds(20))
            .shutdownHook(false)
            .build();
    for (int i = 0; i < 3; i++) {
      assertThat(sdk.op("work").call(() -> "done")).isEqualTo("done");
    }
    sdk.flush(Duration.ofSeconds(30));

    assertThat(sdk.droppedSpans()).isEqualTo(3);
    sdk.shutdown();
  }
}
