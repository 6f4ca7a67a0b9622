package dev.weft.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many independent OTLP/HTTP exporters sending back to back: each client has its own HTTP/1.1
 * keep-alive connection (like separate services), sends a fresh request as soon as the previous one
 * is answered, and treats 503 the way OTLP exporters do — wait for {@code Retry-After}, then send
 * the same request again.
 *
 * <p>The generator shares the machine's cores with the server and PostgreSQL, so whatever CPU it
 * burns lowers the rate it measures. It therefore runs every client on ONE Vert.x (Netty) event
 * loop: each client is a Vert.x {@link HttpClient} limited to one connection, and a sequential loop
 * of callbacks (send, await the answer, send the next) rather than a thread. A request is copied
 * once, from its {@link RequestTemplate} into a pooled direct buffer with fresh ids, and that
 * buffer goes to the socket as is (and again, unchanged, after a 503).
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

  /** Back-off after a 503 without a usable {@code Retry-After}, as OTLP exporters default to. */
  static final long DEFAULT_RETRY_AFTER_MILLIS = 1000;

  /** Pause after a failed export, so a failing server is not hammered in a tight loop. */
  private static final long FAILURE_PAUSE_MILLIS = 100;

  private static final long REQUEST_IDLE_TIMEOUT_MILLIS = 120_000;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

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
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setPreferNativeTransport(false)
                // No classpath extraction into a .vertx cache directory: nothing here reads files.
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    try {
      long start = System.nanoTime();
      long windowStart = start + warmup.toNanos();
      long windowEnd = windowStart + window.toNanos();
      CountDownLatch finished = new CountDownLatch(clients);
      MultiMap headers =
          HttpHeaders.headers()
              .add(HttpHeaders.CONTENT_TYPE, HttpHeaders.createOptimized("application/x-protobuf"))
              .add(HttpHeaders.AUTHORIZATION, HttpHeaders.createOptimized("Bearer " + apiKey));
      List<Client> all = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        all.add(new Client(vertx, i, headers, windowStart, windowEnd, finished));
      }
      // Every client's callbacks run on the one event loop, so a client's counters are only ever
      // touched by that thread; the latch publishes them to this one.
      vertx.runOnContext(ignored -> all.forEach(Client::nextExport));
      sleepUntil(windowStart);
      onWindowStart.run();
      sleepUntil(windowEnd);
      onWindowEnd.run();
      finished.await();
      return merge(all, window);
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Every export has been answered; a slow shutdown of idle connections changes nothing.
      }
    }
  }

  private static Result merge(List<Client> all, Duration window) {
    long spansInWindow = 0;
    long exportsInWindow = 0;
    long total = 0;
    long rejected = 0;
    long overloaded = 0;
    long failures = 0;
    long bytes = 0;
    long requests = 0;
    String firstFailure = null;
    long firstFailureAt = 0;
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
      if (c.firstFailure != null
          && (firstFailure == null || c.firstFailureAt - firstFailureAt < 0)) {
        firstFailure = c.firstFailure;
        firstFailureAt = c.firstFailureAt;
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

  /** One export in progress: its body (resent unchanged after a 503) and when it started. */
  private record Export(ByteBuf body, Buffer buffer, int spans, long started) {}

  /** The answer to one attempt, read in full so the connection can carry the next request. */
  private record Answer(int status, String retryAfter, Buffer body) {}

  /**
   * One exporter: an {@link HttpClient} with a single connection and a chain of callbacks, all on
   * the event loop. Its counters are read only after it has counted down the latch.
   */
  private final class Client {
    private final Vertx vertx;
    private final long windowStart;
    private final long windowEnd;
    private final CountDownLatch finished;
    private final SplittableRandom random;
    private final HttpClient http;
    private final RequestOptions request;
    private int next;
    private long[] latencies = new long[1024];
    private int latencyCount;
    private long spansInWindow;
    private long spansAccepted;
    private long spansRejected;
    private long overloaded;
    private long failures;
    private long bytesSent;
    private long requests;
    private String firstFailure;
    private long firstFailureAt;

    Client(
        Vertx vertx,
        int index,
        MultiMap headers,
        long windowStart,
        long windowEnd,
        CountDownLatch finished) {
      this.vertx = vertx;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.finished = finished;
      this.random = new SplittableRandom(System.nanoTime() ^ (0x9E3779B97F4A7C15L * (index + 1)));
      this.next = index % templates.size();
      this.http =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setProtocolVersion(HttpVersion.HTTP_1_1)
                  .setKeepAlive(true)
                  .setPipelining(false)
                  .setConnectTimeout(CONNECT_TIMEOUT_MILLIS),
              new PoolOptions()
                  .setHttp1MaxSize(1)
                  // No pool cleaner: a timer per client per second would wake the event loop
                  // more often than the answers do; the connections live as long as the run.
                  .setCleanerPeriod(0));
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost(endpoint.getHost())
              .setPort(endpoint.getPort())
              .setURI(endpoint.getRawPath())
              .setHeaders(headers)
              .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MILLIS);
    }

    /** Sends the next request of the pool, or stops once the window has closed. */
    void nextExport() {
      if (System.nanoTime() >= windowEnd) {
        finished.countDown();
        return;
      }
      RequestTemplate template = templates.get(next);
      next = (next + 1) % templates.size();
      ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer(template.size());
      template.writeWithFreshIds(random, body);
      // Vert.x hands Netty an unreleasable slice of this buffer per attempt: it stays ours to
      // resend after a 503 and to release once the export is over.
      attempt(new Export(body, Buffer.buffer(body), template.spanCount(), System.nanoTime()));
    }

    private void attempt(Export export) {
      requests++;
      bytesSent += export.body().readableBytes();
      http.request(request)
          .onComplete(
              opened ->
                  guarded(
                      export,
                      () -> {
                        if (opened.failed()) {
                          release(export);
                          fail("I/O error: " + opened.cause());
                          return;
                        }
                        send(opened.result(), export);
                      }));
    }

    private void send(HttpClientRequest req, Export export) {
      Future<Void> written = req.end(export.buffer());
      Future<Answer> answered =
          req.response()
              .compose(
                  response ->
                      response
                          .body()
                          .map(
                              body ->
                                  new Answer(
                                      response.statusCode(),
                                      response.getHeader(HttpHeaders.RETRY_AFTER),
                                      body)));
      // Only once the write is over too is the body out of Netty's hands (a server may answer
      // before it has read the whole request).
      Future.join(written, answered)
          .onComplete(ignored -> guarded(export, () -> answered(export, answered)));
    }

    /**
     * Runs a step of the chain; should it throw, the export counts as failed and the client goes
     * on, rather than stopping silently and leaving {@link #run} waiting for it forever.
     */
    private void guarded(Export export, Runnable step) {
      try {
        step.run();
      } catch (RuntimeException e) {
        release(export);
        fail("load generator error: " + e);
      }
    }

    private void release(Export export) {
      if (export.body().refCnt() > 0) {
        export.body().release();
      }
    }

    private void answered(Export export, Future<Answer> answered) {
      if (answered.failed()) {
        release(export);
        fail("I/O error: " + answered.cause());
        return;
      }
      Answer answer = answered.result();
      if (answer.status() == 503) {
        overloaded++;
        vertx.setTimer(retryAfterMillis(answer.retryAfter()), id -> attempt(export));
        return;
      }
      release(export);
      if (answer.status() != 200) {
        byte[] text = answer.body().getBytes(0, Math.min(300, answer.body().length()));
        fail("HTTP " + answer.status() + ": " + new String(text, StandardCharsets.UTF_8));
        return;
      }
      long finishedAt = System.nanoTime();
      long rejected = rejectedSpans(answer.body().getBytes());
      spansRejected += rejected;
      spansAccepted += export.spans() - rejected;
      if (finishedAt >= windowStart && finishedAt <= windowEnd) {
        spansInWindow += export.spans() - rejected;
        if (latencyCount == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = finishedAt - export.started();
      }
      nextExport();
    }

    private void fail(String description) {
      failures++;
      if (firstFailure == null) {
        firstFailure = description;
        firstFailureAt = System.nanoTime();
      }
      vertx.setTimer(FAILURE_PAUSE_MILLIS, id -> nextExport());
    }
  }

  /**
   * How long to wait before resending after a 503: {@code Retry-After} as delay-seconds or as an
   * HTTP date, at least one second; one second when it is missing or unreadable.
   */
  static long retryAfterMillis(String header) {
    return retryAfterMillis(header, System.currentTimeMillis());
  }

  static long retryAfterMillis(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return DEFAULT_RETRY_AFTER_MILLIS;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return Math.min(Math.max(1, seconds), Long.MAX_VALUE / 1000) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Math.max(1000, at - nowMillis);
      } catch (DateTimeParseException notADate) {
        return DEFAULT_RETRY_AFTER_MILLIS;
      }
    }
  }

  /** Spans the server reported as rejected in an export response's partial_success. */
  static long rejectedSpans(byte[] body) {
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
