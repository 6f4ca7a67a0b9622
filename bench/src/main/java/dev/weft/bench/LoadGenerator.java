package dev.weft.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many independent OTLP/HTTP exporters sending back to back: each client has its own {@link
 * HttpClient} (its own HTTP/1.1 connection, like separate services), sends a fresh request as soon
 * as the previous one is answered, and treats 503 the way OTLP exporters do — wait for {@code
 * Retry-After}, then send the same request again.
 *
 * <p>Export latency is measured from the first attempt to the final 200, so back-off time counts,
 * as it does for an application's exporter. Exports that complete inside the measured window count
 * toward throughput and latency; those in the warm-up, or still in flight when the window closes,
 * are still counted as accepted so the stored-rows check sees every span the server acknowledged.
 */
public final class LoadGenerator {

  /**
   * What the clients saw.
   *
   * @param windowSeconds the measured window's length
   * @param spansInWindow spans acknowledged (200, minus partial-success rejections) in the window
   * @param exportsInWindow successful exports completed in the window
   * @param latenciesNanos sorted export latencies of those exports
   * @param spansAcceptedTotal spans acknowledged over the whole run, warm-up included
   * @param spansRejectedTotal spans the server reported as rejected in partial_success
   * @param overloaded 503 answers (each followed by a back-off and a resend)
   * @param failures exports that failed otherwise (other status codes, I/O errors)
   * @param firstFailure the first such failure's description, or {@code null}
   * @param bytesPerRequest mean request body size
   */
  public record Result(
      double windowSeconds,
      long spansInWindow,
      long exportsInWindow,
      long[] latenciesNanos,
      long spansAcceptedTotal,
      long spansRejectedTotal,
      long overloaded,
      long failures,
      String firstFailure,
      long bytesPerRequest) {

    /** Accepted spans per second in the window. */
    public double spansPerSecond() {
      return spansInWindow / windowSeconds;
    }

    /** The latency at quantile {@code q} (0..1), in milliseconds, nearest-rank. */
    public double latencyMillis(double q) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * latenciesNanos.length);
      return latenciesNanos[Math.min(latenciesNanos.length, Math.max(1, rank)) - 1] / 1e6;
    }
  }

  private final URI endpoint;
  private final String apiKey;
  private final List<RequestTemplate> templates;
  private final int clients;

  /**
   * Prepares the clients; nothing is sent before {@link #run}.
   *
   * @param endpoint the server's {@code /v1/traces}
   * @param apiKey sent as a bearer token
   * @param templates the request pool; clients cycle through it
   * @param clients concurrent clients
   */
  public LoadGenerator(URI endpoint, String apiKey, List<RequestTemplate> templates, int clients) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.templates = templates;
    this.clients = clients;
  }

  /** Runs the warm-up, then the measured window, then waits for in-flight exports. */
  public Result run(Duration warmup, Duration window, Runnable onWindowStart, Runnable onWindowEnd)
      throws InterruptedException {
    long start = System.nanoTime();
    long windowStart = start + warmup.toNanos();
    long windowEnd = windowStart + window.toNanos();
    List<Client> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Client c = new Client(i, windowStart, windowEnd);
      all.add(c);
      Thread t = new Thread(c, "otlp-client-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    sleepUntil(windowStart);
    onWindowStart.run();
    sleepUntil(windowEnd);
    onWindowEnd.run();
    for (Thread t : threads) {
      t.join();
    }
    long spansInWindow = 0;
    long exportsInWindow = 0;
    long total = 0;
    long rejected = 0;
    long overloaded = 0;
    long failures = 0;
    long bytes = 0;
    long requests = 0;
    String firstFailure = null;
    List<long[]> latencyParts = new ArrayList<>();
    for (Client c : all) {
      spansInWindow += c.spansInWindow;
      exportsInWindow += c.latencyCount;
      total += c.spansAccepted;
      rejected += c.spansRejected;
      overloaded += c.overloaded;
      failures += c.failures;
      bytes += c.bytesSent;
      requests += c.requests;
      if (firstFailure == null && c.firstFailure.get() != null) {
        firstFailure = c.firstFailure.get();
      }
      latencyParts.add(Arrays.copyOf(c.latencies, c.latencyCount));
    }
    long[] latencies = latencyParts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        window.toNanos() / 1e9,
        spansInWindow,
        exportsInWindow,
        latencies,
        total,
        rejected,
        overloaded,
        failures,
        firstFailure,
        requests == 0 ? 0 : bytes / requests);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 500)));
    }
  }

  /** One exporter; its counters are read only after its thread has ended. */
  private final class Client implements Runnable {
    private final int index;
    private final long windowStart;
    private final long windowEnd;
    private final SplittableRandom random;
    private final HttpClient http;
    private long[] latencies = new long[1024];
    private int latencyCount;
    private long spansInWindow;
    private long spansAccepted;
    private long spansRejected;
    private long overloaded;
    private long failures;
    private long bytesSent;
    private long requests;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    Client(int index, long windowStart, long windowEnd) {
      this.index = index;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.random = new SplittableRandom(System.nanoTime() ^ (0x9E3779B97F4A7C15L * (index + 1)));
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }

    @Override
    public void run() {
      int next = index % templates.size();
      while (System.nanoTime() < windowEnd) {
        RequestTemplate template = templates.get(next);
        next = (next + 1) % templates.size();
        export(template.withFreshIds(random), template.spanCount());
      }
    }

    private void export(byte[] body, int spans) {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/x-protobuf")
              .header("Authorization", "Bearer " + apiKey)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      long started = System.nanoTime();
      while (true) {
        HttpResponse<byte[]> response;
        try {
          requests++;
          bytesSent += body.length;
          response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          fail("I/O error: " + e);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        int status = response.statusCode();
        if (status == 503) {
          overloaded++;
          long wait = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
          try {
            Thread.sleep(Math.max(1, wait) * 1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          continue;
        }
        if (status != 200) {
          fail(
              "HTTP "
                  + status
                  + ": "
                  + new String(response.body(), 0, Math.min(300, response.body().length)));
          return;
        }
        long finished = System.nanoTime();
        long rejected = rejectedSpans(response.body());
        spansRejected += rejected;
        spansAccepted += spans - rejected;
        if (finished >= windowStart && finished <= windowEnd) {
          spansInWindow += spans - rejected;
          if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
          }
          latencies[latencyCount++] = finished - started;
        }
        return;
      }
    }

    private void fail(String description) {
      failures++;
      firstFailure.compareAndSet(null, description);
      // A failing server would otherwise be hammered in a tight loop.
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long rejectedSpans(byte[] body) {
    if (body.length == 0) {
      return 0;
    }
    try {
      ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
      return response.hasPartialSuccess() ? response.getPartialSuccess().getRejectedSpans() : 0;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return 0;
    }
  }
}
