package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The runs REST API ({@code /api/v1/projects/{project}/runs}) over the JDK HTTP client. */
final class HttpRunClient implements RunTransport {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String endpoint;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;

  HttpRunClient(String endpoint, String apiKey, Duration timeout) {
    this.endpoint =
        endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void send(String project, String runId, RunEvent event) throws IOException {
    String base = "/api/v1/projects/" + enc(project) + "/runs";
    switch (event.type()) {
      case RunEvent.CREATE -> call("POST", base, event);
      case RunEvent.PATCH -> call("PATCH", base + "/" + enc(runId), event);
      case RunEvent.METRICS -> call("POST", base + "/" + enc(runId) + "/metrics", event);
      case RunEvent.HEARTBEAT -> call("POST", base + "/" + enc(runId) + "/heartbeat", null);
      case RunEvent.FINISH -> call("POST", base + "/" + enc(runId) + "/finish", event);
      default -> throw new IOException("unknown run event type " + event.type());
    }
  }

  /** GET of one run (used by tests and tools). */
  JsonNode get(String project, String runId) throws IOException {
    HttpResponse<String> r =
        exchange("GET", "/api/v1/projects/" + enc(project) + "/runs/" + enc(runId), null);
    check(r, "GET run");
    return JSON.readTree(r.body());
  }

  private void call(String method, String path, RunEvent event) throws IOException {
    String body =
        event == null || event.body() == null ? null : JSON.writeValueAsString(event.body());
    HttpResponse<String> r = exchange(method, path, body);
    check(r, method + " " + path);
  }

  private HttpResponse<String> exchange(String method, String path, String body)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoint + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RetryableException("cannot reach " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted", e);
    }
  }

  private static void check(HttpResponse<String> r, String what) throws IOException {
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      return;
    }
    String detail = r.body();
    try {
      JsonNode problem = JSON.readTree(r.body());
      if (problem != null && problem.hasNonNull("detail")) {
        detail = problem.get("detail").asText();
      }
    } catch (IOException | RuntimeException e) {
      // plain text body
    }
    String message = what + " answered " + s + ": " + detail;
    if (s == 408 || s == 429 || s >= 500) {
      throw new RetryableException(message, null);
    }
    throw new IOException(message);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
