package dev.weft.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client for the datasets API of one project ({@code /api/v1/projects/{project}/datasets}), over
 * the JDK's {@link HttpClient}. Thread-safe. Every call throws {@link DatasetApiException} when the
 * server answers with an error.
 *
 * <pre>{@code
 * DatasetClient client = DatasetClient.builder()
 *     .baseUrl("http://localhost:8080").apiKey(key).project("shop").build();
 * client.create("qa", "questions with reference answers");
 * DatasetVersion v1 = client.importJsonl("qa", Files.readString(Path.of("qa.jsonl")));
 * Dataset rows = client.load("qa", "latest");
 * }</pre>
 *
 * <p>A version reference ({@code ref}) is a version number ({@code "3"}), a tag ({@code "prod"}), a
 * version digest, or {@code "latest"}.
 */
public final class DatasetClient {

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final HttpClient http;
  private final String base;
  private final String apiKey;
  private final Duration timeout;

  private DatasetClient(Builder b) {
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
    String url =
        b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.base = url + "/api/v1/projects/" + enc(b.project) + "/datasets";
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
  }

  /** A builder; base URL, API key and project are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Creates a dataset with no versions. */
  public DatasetInfo create(String name, String description) {
    return send(
        "POST",
        "",
        json(Map.of("name", name, "description", orEmpty(description))),
        "application/json",
        DatasetInfo.class);
  }

  /** A dataset. */
  public DatasetInfo get(String name) {
    return send("GET", "/" + enc(name), null, null, DatasetInfo.class);
  }

  /** All datasets of the project. */
  public List<DatasetInfo> list() {
    return send("GET", "", null, null, new TypeReference<List<DatasetInfo>>() {});
  }

  /** Makes a new version from edits against a base version. */
  public DatasetVersion commit(String name, DatasetEdit edit) {
    return send(
        "POST",
        "/" + enc(name) + "/versions",
        json(edit),
        "application/json",
        DatasetVersion.class);
  }

  /** Every version, oldest first. */
  public List<DatasetVersion> versions(String name) {
    return send(
        "GET",
        "/" + enc(name) + "/versions",
        null,
        null,
        new TypeReference<List<DatasetVersion>>() {});
  }

  /** One version's metadata. */
  public DatasetVersion version(String name, String ref) {
    return send("GET", "/" + enc(name) + "/versions/" + enc(ref), null, null, DatasetVersion.class);
  }

  /** One page of rows after position {@code after} ({@code -1} for the first page). */
  public RowPage rows(String name, String ref, int after, int limit) {
    return send(
        "GET",
        "/" + enc(name) + "/versions/" + enc(ref) + "/rows?after=" + after + "&limit=" + limit,
        null,
        null,
        RowPage.class);
  }

  /** Every row of a version, read page by page. */
  public Dataset load(String name, String ref) {
    List<DatasetRow> rows = new ArrayList<>();
    RowPage page = rows(name, ref, -1, 1000);
    int number = page.version().number();
    // Later pages name the number, not the ref, so a tag moved meanwhile cannot mix versions.
    while (true) {
      page.rows().forEach(r -> rows.add(r.row()));
      if (page.nextAfter() == null) {
        break;
      }
      page = rows(name, Integer.toString(number), page.nextAfter(), 1000);
    }
    return new Dataset(name, number, rows);
  }

  /** The differences between two versions. */
  public DatasetDiff diff(String name, String from, String to) {
    return send(
        "GET",
        "/" + enc(name) + "/diff?from=" + enc(from) + "&to=" + enc(to),
        null,
        null,
        DatasetDiff.class);
  }

  /** Points a tag at a version (creating or moving it). */
  public DatasetVersion tag(String name, String tag, int version) {
    return send(
        "PUT",
        "/" + enc(name) + "/tags/" + enc(tag),
        json(Map.of("version", version)),
        "application/json",
        DatasetVersion.class);
  }

  /** Removes a tag. */
  public void untag(String name, String tag) {
    send("DELETE", "/" + enc(name) + "/tags/" + enc(tag), null, null, JsonNode.class);
  }

  /** Uploads JSON Lines as a new version that replaces all rows of the latest version. */
  public DatasetVersion importJsonl(String name, String jsonl) {
    return send(
        "POST", "/" + enc(name) + "/import", jsonl, "application/x-ndjson", DatasetVersion.class);
  }

  /** Uploads CSV as a new version that replaces all rows of the latest version. */
  public DatasetVersion importCsv(String name, String csv) {
    return send("POST", "/" + enc(name) + "/import", csv, "text/csv", DatasetVersion.class);
  }

  /**
   * Uploads JSONL or CSV ({@code contentType} {@code application/x-ndjson} or {@code text/csv}).
   *
   * @param append add the rows after the latest version's rows instead of replacing them
   */
  public DatasetVersion importRows(String name, String body, String contentType, boolean append) {
    return send(
        "POST",
        "/" + enc(name) + "/import?mode=" + (append ? "append" : "replace"),
        body,
        contentType,
        DatasetVersion.class);
  }

  /** A version as JSONL ({@code format} {@code jsonl}) or CSV ({@code csv}). */
  public String export(String name, String ref, String format) {
    return sendText(
        "GET",
        "/" + enc(name) + "/versions/" + enc(ref) + "/export?format=" + enc(format),
        null,
        null);
  }

  /** Appends rows made from traces or spans as a new version. */
  public DatasetVersion fromTraces(String name, TraceSelection selection) {
    return send(
        "POST",
        "/" + enc(name) + "/from-traces",
        json(selection),
        "application/json",
        DatasetVersion.class);
  }

  private <T> T send(String method, String path, String body, String type, Class<T> out) {
    return read(sendText(method, path, body, type), JSON.constructType(out));
  }

  private <T> T send(String method, String path, String body, String type, TypeReference<T> out) {
    return read(sendText(method, path, body, type), JSON.constructType(out));
  }

  private static <T> T read(String text, JavaType type) {
    try {
      return text.isEmpty() ? null : JSON.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("unexpected answer from the server: " + e.getMessage(), e);
    }
  }

  private String sendText(String method, String path, String body, String type) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json, application/x-ndjson, text/csv")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (type != null) {
      rb.header("Content-Type", type + "; charset=utf-8");
    }
    HttpResponse<String> res;
    try {
      res = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the Weft server at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the Weft server", e);
    }
    if (res.statusCode() >= 400) {
      String detail = res.body();
      try {
        JsonNode problem = JSON.readTree(res.body());
        if (problem != null && problem.hasNonNull("detail")) {
          detail = problem.get("detail").asText();
        }
      } catch (IOException | RuntimeException notJson) {
        // keep the raw body as the detail
      }
      throw new DatasetApiException(res.statusCode(), detail);
    }
    return res.body();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(Objects.requireNonNull(s), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Builds a {@link DatasetClient}. */
  public static final class Builder {
    private String baseUrl;
    private String apiKey;
    private String project;
    private Duration timeout = Duration.ofSeconds(60);
    private HttpClient http;

    private Builder() {}

    /** The server, e.g. {@code http://localhost:8080}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** An API key of the project (read scope for reads, ingest or admin for writes). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The project's name. */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /** Connect and request timeout (default 60 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Use this HTTP client instead of a new one. */
    public Builder httpClient(HttpClient http) {
      this.http = http;
      return this;
    }

    /** The client. */
    public DatasetClient build() {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(project, "project");
      return new DatasetClient(this);
    }
  }
}
