package dev.weft.bench;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Many independent OTLP/HTTP exporters sending back to back: each client has its own HTTP/1.1
 * keep-alive connection (like separate services), sends a fresh request as soon as the previous one
 * is answered, and treats 503 the way OTLP exporters do — wait for {@code Retry-After}, then send
 * the same request again.
 *
 * <p>The generator shares the machine's cores with the server and PostgreSQL, so whatever CPU it
 * burns lowers the rate it measures. It therefore does as little per request as it can: all clients
 * run on ONE Netty event loop, each a sequential chain of callbacks on its own channel (send, read
 * the whole answer with Netty's HTTP decoder, send the next) rather than a thread. A request is the
 * template's head, encoded once, plus its body copied once from the {@link RequestTemplate} into a
 * pooled direct buffer with fresh ids; both go to the socket as they are in one gathering write
 * (and again, unchanged, after a 503).
 *
 * <p>Export latency is measured from the first attempt to the final 200, so back-off time counts,
 * as it does for an application's exporter. Exports that complete inside the measured window count
 * toward throughput and latency; those still in flight when the window closes are still counted as
 * accepted, so the stored-rows check sees every span the server acknowledged in the window's drive.
 */
public final class LoadGenerator {

  /**
   * What the clients saw.
   *
   * @param windowSeconds the measured window's length
   * @param spansInWindow spans acknowledged (200, minus partial-success rejections) in the window
   * @param exportsInWindow successful exports completed in the window
   * @param latenciesNanos sorted export latencies of those exports
   * @param spansAcceptedTotal spans acknowledged by the window's drive, in-flight tail included
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

  private static final long REQUEST_TIMEOUT_SECONDS = 120;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  /** Requests sent to the local sink before the run, in all (see {@link #warmUpJit}). */
  private static final int JIT_WARM_UP_EXPORTS = 8192;

  private static final Duration JIT_WARM_UP_LIMIT = Duration.ofSeconds(30);

  /** More answer body than this is not kept: an OTLP answer is a few bytes, an error page less. */
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

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

  /**
   * Runs the warm-up, then the measured window, then waits for the window's in-flight exports.
   * Before any of that, the clients' own code is warmed up against a local sink (see {@link
   * #warmUpJit}).
   *
   * <p>The warm-up is two drives of half its length, each followed by {@code afterWarmUp} with no
   * export in flight; the window is a third drive. So every warm-up export has been answered before
   * {@code afterWarmUp} runs, and the caller can reset what the warm-up wrote (the benchmark
   * empties the span tables there, as the COPY ceiling starts each run from an empty table); the
   * returned result counts only the window's drive. The first half already ends the way the window
   * starts (connections closed, the server idle for a moment, then new connections), so the
   * server's JIT compiles that transition in the warm-up, not in the window.
   */
  public Result run(
      Duration warmup,
      Runnable afterWarmUp,
      Duration window,
      Runnable onWindowStart,
      Runnable onWindowEnd)
      throws InterruptedException {
    EventLoopGroup loop = new NioEventLoopGroup(1, daemon("otlp-event-loop"));
    try {
      warmUpJit(loop);
      Duration half = warmup.dividedBy(2);
      for (Duration part : List.of(half, warmup.minus(half))) {
        long partEnd = System.nanoTime() + part.toNanos();
        // An empty window: nothing of the warm-up counts toward throughput or latency.
        Result warm = new Drive(loop, endpoint, partEnd, partEnd, Long.MAX_VALUE).await(part);
        if (warm.failures() > 0 || warm.overloaded() > 0) {
          IngestBenchmark.log(
              "warm-up: %d x 503, %d failures%s",
              warm.overloaded(),
              warm.failures(),
              warm.firstFailure() == null ? "" : " (first: " + warm.firstFailure() + ")");
        }
        afterWarmUp.run();
      }
      onWindowStart.run();
      long windowStart = System.nanoTime();
      long windowEnd = windowStart + window.toNanos();
      Drive drive = new Drive(loop, endpoint, windowStart, windowEnd, Long.MAX_VALUE);
      sleepUntil(windowEnd);
      onWindowEnd.run();
      return drive.await(window);
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Sends {@link #JIT_WARM_UP_EXPORTS} requests through the same clients to a sink on this JVM's
   * loopback, then waits for the JIT compilers to go idle, so the generator's code path is compiled
   * before it shares the cores with the server. At the tens of requests per second a server
   * answers, it would otherwise run interpreted, and then be compiled by C2 bit by bit, through
   * most of the measured window, costing several times its steady-state CPU, all of it taken from
   * the server. ({@code bench/run.sh} also lowers the JIT's thresholds, so that this warm-up gets
   * the hot path all the way to C2.) Nothing reaches the server; the sink answers every request
   * with an empty 200. Should the sink fail, the run goes on without it.
   */
  private void warmUpJit(EventLoopGroup loop) throws InterruptedException {
    long started = System.nanoTime();
    EventLoopGroup sinkLoop = new NioEventLoopGroup(1, daemon("otlp-warm-up-sink"));
    try {
      Channel sink =
          new ServerBootstrap()
              .group(sinkLoop)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline().addLast(new HttpServerCodec(), new Sink());
                    }
                  })
              .bind(InetAddress.getLoopbackAddress(), 0)
              .sync()
              .channel();
      int port = ((InetSocketAddress) sink.localAddress()).getPort();
      URI target = URI.create("http://127.0.0.1:" + port + endpoint.getRawPath());
      long now = System.nanoTime();
      long perClient = Math.max(1, JIT_WARM_UP_EXPORTS / clients);
      Result result =
          new Drive(loop, target, now, now + JIT_WARM_UP_LIMIT.toNanos(), perClient)
              .await(JIT_WARM_UP_LIMIT);
      sink.close().sync();
      awaitCompilerIdle();
      IngestBenchmark.log(
          "load generator JIT warm-up: %d requests to a local sink, %.1f s",
          result.exportsInWindow(), (System.nanoTime() - started) / 1e9);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // Netty's sync() also rethrows checked causes, e.g. a BindException
      IngestBenchmark.log("load generator JIT warm-up failed (%s), going on without it", e);
    } finally {
      sinkLoop
          .shutdownGracefully(0, 1, TimeUnit.SECONDS)
          .awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Waits until the JIT compilers have worked off what the warm-up queued (their total time stops
   * growing), so those compilations do not run during the measured window instead.
   */
  private static void awaitCompilerIdle() throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + JIT_WARM_UP_LIMIT.toNanos();
    long last = jit.getTotalCompilationTime();
    int quiet = 0;
    while (quiet < 3 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      long now = jit.getTotalCompilationTime();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
  }

  /** Answers every complete request with an empty 200, as a server accepting all spans does. */
  private static final class Sink extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof LastHttpContent) {
        DefaultFullHttpResponse ok =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ok.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(ok);
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The clients, started against one target, until the window closes or their budget is spent. */
  private final class Drive {
    private final List<ByteBuf> heads = new ArrayList<>();
    private final List<Client> all = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(clients);

    Drive(
        EventLoopGroup loop, URI target, long windowStart, long windowEnd, long exportsPerClient) {
      for (RequestTemplate template : templates) {
        heads.add(requestHead(target, apiKey, template.size()));
      }
      Bootstrap bootstrap =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
              .option(ChannelOption.TCP_NODELAY, true)
              .remoteAddress(target.getHost(), target.getPort());
      for (int i = 0; i < clients; i++) {
        all.add(
            new Client(bootstrap, heads, i, windowStart, windowEnd, exportsPerClient, finished));
      }
      // Every client's callbacks run on the one event loop, so a client's counters are only ever
      // touched by that thread; the latch publishes them to the caller of await.
      loop.execute(() -> all.forEach(Client::nextExport));
    }

    /** Waits for every client to finish its last export. */
    Result await(Duration window) throws InterruptedException {
      try {
        finished.await();
        return merge(all, window);
      } finally {
        heads.forEach(ByteBuf::release);
      }
    }
  }

  /**
   * The request line and headers for a body of {@code size} bytes, encoded once by Netty's HTTP
   * encoder and then only copied to the socket: every request of a template has the same head.
   */
  static ByteBuf requestHead(URI endpoint, String apiKey, int size) {
    DefaultHttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, endpoint.getRawPath());
    request
        .headers()
        .set(HttpHeaderNames.HOST, endpoint.getHost() + ":" + endpoint.getPort())
        .set(HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf")
        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey)
        .set(HttpHeaderNames.CONTENT_LENGTH, size);
    EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
    encoder.writeOutbound(request);
    ByteBuf encoded = encoder.readOutbound();
    ByteBuf head = PooledByteBufAllocator.DEFAULT.directBuffer(encoded.readableBytes());
    head.writeBytes(encoded);
    encoded.release();
    encoder.finishAndReleaseAll();
    return head;
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

  /**
   * One exporter: its own connection (opened on first use and again after the server closed it) and
   * a chain of callbacks on the event loop — send, read the whole answer, then back off and resend,
   * or send the next request. Its counters are read only after it has counted down the latch.
   */
  @ChannelHandler.Sharable // by the connections it opens one after another, never at once
  private final class Client extends ChannelInboundHandlerAdapter {
    private final Bootstrap bootstrap;
    private final List<ByteBuf> heads;
    private final long windowStart;
    private final long windowEnd;
    private final CountDownLatch finished;
    private final SplittableRandom random;
    private int next;
    private long exportsLeft;

    private Channel channel;
    // The export in progress: its body is resent unchanged after a 503.
    private ByteBuf head;
    private ByteBuf body;
    private int spans;
    private long started;
    // The attempt in progress.
    private boolean awaitingAnswer;
    private int status;
    private String retryAfter;
    private boolean closeAfterAnswer;
    private final ByteBuf answer = Unpooled.buffer(256);
    private ScheduledFuture<?> timeout;
    private Throwable ioFailure;

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
        Bootstrap bootstrap,
        List<ByteBuf> heads,
        int index,
        long windowStart,
        long windowEnd,
        long exports,
        CountDownLatch finished) {
      this.bootstrap = bootstrap;
      this.exportsLeft = exports;
      this.heads = heads;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.finished = finished;
      this.random = new SplittableRandom(System.nanoTime() ^ (0x9E3779B97F4A7C15L * (index + 1)));
      this.next = index % templates.size();
    }

    /** Sends the next request of the pool, or stops once the window has closed. */
    void nextExport() {
      if (System.nanoTime() >= windowEnd || exportsLeft-- == 0) {
        if (channel != null) {
          channel.close();
        }
        answer.release();
        finished.countDown();
        return;
      }
      RequestTemplate template = templates.get(next);
      head = heads.get(next);
      next = (next + 1) % templates.size();
      // The one copy of the request: template bytes with fresh ids, straight into the buffer
      // the socket is written from.
      body = PooledByteBufAllocator.DEFAULT.directBuffer(template.size());
      template.writeWithFreshIds(random, body);
      spans = template.spanCount();
      started = System.nanoTime();
      attempt();
    }

    private void attempt() {
      requests++;
      bytesSent += body.readableBytes();
      if (channel != null && channel.isActive()) {
        send();
        return;
      }
      bootstrap
          .clone()
          .handler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline().addLast(new HttpResponseDecoder(), Client.this);
                }
              })
          .connect()
          .addListener(
              (ChannelFuture connected) -> {
                if (!connected.isSuccess()) {
                  endExport();
                  fail("I/O error: " + connected.cause());
                  return;
                }
                channel = connected.channel();
                send();
              });
    }

    private void send() {
      awaitingAnswer = true;
      status = 0;
      retryAfter = null;
      closeAfterAnswer = false;
      ioFailure = null;
      answer.clear();
      // Duplicates: Netty releases what it has written, the buffers themselves stay ours.
      channel.write(head.retainedDuplicate(), channel.voidPromise());
      channel.writeAndFlush(body.retainedDuplicate(), channel.voidPromise());
      timeout =
          channel.eventLoop().schedule(this::timedOut, REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (!awaitingAnswer || ctx.channel() != channel) {
          return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
          ioFailure = o.decoderResult().cause();
          ctx.close();
          return;
        }
        if (msg instanceof HttpResponse response) {
          status = response.status().code();
          retryAfter = response.headers().get(HttpHeaderNames.RETRY_AFTER);
          closeAfterAnswer = !HttpUtil.isKeepAlive(response);
        }
        if (msg instanceof HttpContent content) {
          ByteBuf bytes = content.content();
          answer.writeBytes(
              bytes, Math.min(bytes.readableBytes(), MAX_ANSWER_BYTES - answer.readableBytes()));
          if (msg instanceof LastHttpContent) {
            answered();
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel) {
        ioFailure = cause;
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() != channel) {
        return; // one this client already let go of
      }
      channel = null;
      if (awaitingAnswer) {
        awaitingAnswer = false;
        timeout.cancel(false);
        endExport();
        fail(
            "I/O error: "
                + (ioFailure != null ? ioFailure : "connection closed before the answer"));
      }
    }

    private void timedOut() {
      if (awaitingAnswer) {
        ioFailure =
            new java.util.concurrent.TimeoutException(
                "no answer within " + REQUEST_TIMEOUT_SECONDS + " s");
        channel.close();
      }
    }

    private void answered() {
      awaitingAnswer = false;
      timeout.cancel(false);
      if (closeAfterAnswer) {
        // The server ends this connection; the next attempt opens a new one instead of writing
        // into it while it closes.
        channel.close();
        channel = null;
      }
      if (status == 503) {
        overloaded++;
        bootstrap
            .config()
            .group()
            .schedule(this::attempt, retryAfterMillis(retryAfter), MILLISECONDS);
        return;
      }
      endExport();
      if (status != 200) {
        byte[] text = ByteBufUtil.getBytes(answer, 0, Math.min(300, answer.readableBytes()));
        fail("HTTP " + status + ": " + new String(text, StandardCharsets.UTF_8));
        return;
      }
      long finishedAt = System.nanoTime();
      long rejected = rejectedSpans(ByteBufUtil.getBytes(answer));
      spansRejected += rejected;
      spansAccepted += spans - rejected;
      if (finishedAt >= windowStart && finishedAt <= windowEnd) {
        spansInWindow += spans - rejected;
        if (latencyCount == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = finishedAt - started;
      }
      nextExport();
    }

    /** The export is over: its body goes back to the pool (once Netty has written it too). */
    private void endExport() {
      body.release();
      body = null;
    }

    private void fail(String description) {
      failures++;
      if (firstFailure == null) {
        firstFailure = description;
        firstFailureAt = System.nanoTime();
      }
      bootstrap.config().group().schedule(this::nextExport, FAILURE_PAUSE_MILLIS, MILLISECONDS);
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
