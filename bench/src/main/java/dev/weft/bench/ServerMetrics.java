package dev.weft.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of the server's own Prometheus metrics ({@code /q/metrics}): its write statements,
 * their sizes and latencies. Diffing two snapshots shows how the server batched the load during the
 * measured window — the most direct view of its write path without touching its code. Optional: if
 * the endpoint cannot be read the snapshot is empty and the report says so.
 */
public final class ServerMetrics {

  private final Map<String, Double> values;

  private ServerMetrics(Map<String, Double> values) {
    this.values = values;
  }

  /**
   * One client for every scrape: the bench scrapes once a second during the measured window, and
   * its CPU counts against the load generator's share, so no new client (selector thread,
   * connection) per scrape.
   */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Reads the metrics now; an empty snapshot on any failure. */
  public static ServerMetrics scrape(URI base, String apiKey) {
    try {
      HttpClient client = Http.CLIENT;
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/q/metrics"))
              .header("Authorization", "Bearer " + apiKey)
              .timeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new ServerMetrics(Map.of());
      }
      return parse(response.body());
    } catch (Exception e) {
      return new ServerMetrics(Map.of());
    }
  }

  /** Parses Prometheus text exposition: {@code name{labels} value} per line. */
  static ServerMetrics parse(String text) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      try {
        values.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException ignored) {
        // NaN and friends parse; anything else is not a sample line.
      }
    }
    return new ServerMetrics(values);
  }

  /** Whether anything was read. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * The sum of every series of {@code name} whose labels contain all of {@code labelParts} (e.g.
   * {@code uri="/v1/traces"}); 0 when there is none.
   */
  public double sum(String name, String... labelParts) {
    double total = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      String key = e.getKey();
      int brace = key.indexOf('{');
      String series = brace < 0 ? key : key.substring(0, brace);
      if (!series.equals(name)) {
        continue;
      }
      boolean all = true;
      for (String part : labelParts) {
        all &= key.contains(part);
      }
      if (all && !e.getValue().isNaN()) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** {@link #sum} of this snapshot minus that of {@code before}. */
  public double delta(ServerMetrics before, String name, String... labelParts) {
    return sum(name, labelParts) - before.sum(name, labelParts);
  }
}
