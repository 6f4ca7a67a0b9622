package dev.weft.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores evaluations on a Weft server and reads comparisons back. Uses the JDK HTTP client: no
 * extra dependency.
 */
public final class WeftClient {

  /** Rows per request when storing results. */
  public static final int BATCH_ROWS = 500;

  private final String url;
  private final String apiKey;
  private final String project;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private WeftClient(String url, String apiKey, String project) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.project = Objects.requireNonNull(project, "project");
  }

  /** A client for one project. */
  public static WeftClient create(String url, String apiKey, String project) {
    return new WeftClient(Objects.requireNonNull(url, "url"), apiKey, project);
  }

  /**
   * A client from {@code WEFT_URL}, {@code WEFT_API_KEY} and {@code WEFT_PROJECT} (default {@code
   * default}), or empty when URL or key is unset.
   */
  public static Optional<WeftClient> fromEnvironment() {
    String url = System.getenv("WEFT_URL");
    String key = System.getenv("WEFT_API_KEY");
    if (url == null || url.isBlank() || key == null || key.isBlank()) {
      return Optional.empty();
    }
    String project = System.getenv().getOrDefault("WEFT_PROJECT", "default");
    return Optional.of(create(url, key, project));
  }

  /**
   * A stored evaluation.
   *
   * @param id evaluation id
   * @param uiUrl where to see it in the web UI: {@code <server>/p/<project>/evaluations/<id>}
   */
  public record Stored(String id, String uiUrl) {}

  /** Stores the evaluation with its summary, then its rows in batches, then marks it finished. */
  public Stored store(EvaluationResult result) {
    EvaluationInfo info = result.info();
    ObjectNode body = EvalRow.CANONICAL.createObjectNode();
    body.put("id", info.id());
    body.put("name", info.name());
    ObjectNode dataset = body.putObject("dataset");
    dataset.put("name", info.datasetName());
    dataset.put("version", info.datasetVersion());
    body.put("model", info.model());
    body.put("prompt", info.prompt());
    body.set("parameters", EvalRow.CANONICAL.valueToTree(info.parameters()));
    body.set("scorers", EvalRow.CANONICAL.valueToTree(info.scorers()));
    body.put("gitCommit", info.gitCommit());
    body.set("summary", EvalRow.CANONICAL.valueToTree(result.summary()));
    body.put("durationMs", result.duration().toMillis());
    send("POST", base(), body, 201);
    List<RowResult> rows = result.rows();
    for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
      ObjectNode batch = EvalRow.CANONICAL.createObjectNode();
      ArrayNode array = batch.putArray("rows");
      for (RowResult r : rows.subList(from, Math.min(rows.size(), from + BATCH_ROWS))) {
        array.add(rowJson(r));
      }
      send("POST", base() + "/" + info.id() + "/rows", batch, 200);
    }
    send("POST", base() + "/" + info.id() + "/finish", EvalRow.CANONICAL.createObjectNode(), 200);
    return new Stored(info.id(), url + "/p/" + enc(project) + "/evaluations/" + enc(info.id()));
  }

  /** The server's row-by-row comparison of two evaluations (JSON as the API answers it). */
  public JsonNode compare(String baseId, String candidateId) {
    return send(
        "GET",
        base() + "/compare?base=" + enc(baseId) + "&candidate=" + enc(candidateId),
        null,
        200);
  }

  /** An evaluation with its first rows (JSON as the API answers it). */
  public JsonNode get(String id) {
    return send("GET", base() + "/" + enc(id), null, 200);
  }

  static ObjectNode rowJson(RowResult r) {
    ObjectNode row = EvalRow.CANONICAL.createObjectNode();
    row.put("index", r.index());
    row.put("trial", r.trial());
    row.put("rowId", r.rowId());
    row.put("rowDigest", r.rowDigest());
    row.set("input", EvalRow.CANONICAL.valueToTree(r.input()));
    row.set("output", EvalRow.CANONICAL.valueToTree(r.output()));
    ObjectNode scores = row.putObject("scores");
    ObjectNode passed = row.putObject("passed");
    ObjectNode reasons = row.putObject("reasons");
    for (Score s : r.scores()) {
      scores.put(s.name(), s.value());
      if (s.passed() != null) {
        passed.put(s.name(), s.passed());
      }
      if (s.reason() != null) {
        reasons.put(s.name(), s.reason());
      }
    }
    row.put("latencyMs", r.latencyMs());
    row.put("inputTokens", r.inputTokens());
    row.put("outputTokens", r.outputTokens());
    row.put("costUsd", r.costUsd());
    row.put("error", r.error());
    row.set("scorerErrors", EvalRow.CANONICAL.valueToTree(r.scorerErrors()));
    row.put("traceId", r.traceId());
    return row;
  }

  private String base() {
    return url + "/api/v1/projects/" + enc(project) + "/evaluations";
  }

  private JsonNode send(String method, String target, JsonNode body, int expected) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + apiKey)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(
                          EvalRow.CANONICAL.writeValueAsBytes(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new WeftException(
            method + " " + target + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? null : EvalRow.CANONICAL.readTree(response.body());
    } catch (IOException e) {
      throw new WeftException(method + " " + target + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException("interrupted", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A request to the Weft server failed; the message holds the server's answer. */
  public static final class WeftException extends RuntimeException {
    WeftException(String message) {
      super(message);
    }

    WeftException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
