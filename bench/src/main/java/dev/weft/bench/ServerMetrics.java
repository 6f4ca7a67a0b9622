package dev.weft.bench;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
   * Reads the metrics now; an empty snapshot on any failure. The bench scrapes once a second during
   * the measured window and that CPU counts against the load generator's share, so this is a plain
   * blocking {@link HttpURLConnection} on the calling thread (its keep-alive cache reuses the
   * connection): no selector or executor threads to hand the answer across.
   */
  public static ServerMetrics scrape(URI base, String apiKey) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) base.resolve("/q/metrics").toURL().openConnection();
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(10_000);
      connection.setRequestProperty("Authorization", "Bearer " + apiKey);
      int status = connection.getResponseCode();
      if (status != 200) {
        if (connection.getErrorStream() != null) {
          connection.getErrorStream().close();
        }
        return new ServerMetrics(Map.of());
      }
      try (InputStream in = connection.getInputStream()) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
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
