package dev.weft.bench;

import dev.weft.server.ingest.SpanCopyEncoder;
import dev.weft.server.ingest.SpanRow;
import dev.weft.server.ingest.SpanRowMapper;
import dev.weft.server.ingest.TraceDelta;
import dev.weft.server.ingest.otlp.DecodedRequest;
import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.ingest.otlp.OtlpProtobufDecoder;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.SpanNormalizer;
import dev.weft.server.pricing.CostCalculator;
import dev.weft.server.pricing.PriceTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU cost of the server's pure ingest pipeline, in process and on one thread: protobuf decoding
 * ({@link OtlpProtobufDecoder}), normalising ({@link SpanNormalizer}), pricing ({@link
 * CostCalculator} with the shipped price table), row mapping ({@link SpanRowMapper}) — what {@code
 * IngestService} does to a request before the database writer takes the rows — and the writer's own
 * encoding of a batch ({@link SpanCopyEncoder}, {@link TraceDelta}). No HTTP, no database: the
 * figures isolate the server's own work per span, which the end-to-end ingest benchmark can only
 * show as a share of a JFR profile.
 *
 * <p>The input is what the ingest benchmark sends ({@link LlmTraceGenerator}, same seed): GenAI
 * agent traces of about 1.5 KB of attributes per span with JSON messages. Each round runs every
 * stage over all requests, stage by stage, and charges the thread's CPU time to that stage; the
 * warm-up rounds let the JIT compile the hot paths first. The report gives each measured round, the
 * median and the best round per stage.
 *
 * <p>Run with {@code bench/pipeline-run.sh} ({@code --help} lists the options).
 */
public final class PipelineBenchmark {

  private PipelineBenchmark() {}

  /** The stages, in pipeline order. */
  private static final String[] STAGES = {"decode", "normalise", "price", "map rows", "encode"};

  /**
   * Runs the benchmark and prints the report.
   *
   * @param args options, see {@code --help}
   */
  public static void main(String[] args) {
    int requests = 20;
    int spansPerRequest = 100;
    int warmupRounds = 150;
    int rounds = 20;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        System.out.println(
            """
            Usage: bench/pipeline-run.sh [options]
              --requests N             distinct export requests (default 20)
              --spans-per-request N    spans per request (default 100, as the ingest benchmark)
              --warmup-rounds N        unmeasured rounds over all requests first (default 150)
              --rounds N               measured rounds (default 20)
            """);
        return;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      int value = Integer.parseInt(args[++i]);
      if (value <= 0) {
        throw new IllegalArgumentException(flag + " must be positive");
      }
      switch (flag) {
        case "--requests" -> requests = value;
        case "--spans-per-request" -> spansPerRequest = value;
        case "--warmup-rounds" -> warmupRounds = value;
        case "--rounds" -> rounds = value;
        default -> throw new IllegalArgumentException("unknown option " + flag + "; see --help");
      }
    }
    run(requests, spansPerRequest, warmupRounds, rounds);
  }

  private static void run(int requestCount, int spansPerRequest, int warmupRounds, int rounds) {
    Machine machine = Machine.describe();
    System.out.printf(
        Locale.ROOT,
        "Machine: %d cores, %s, %.1f GiB, Java %s, load %s%n",
        machine.cores(),
        machine.cpuModel(),
        machine.memoryGiB(),
        machine.java(),
        machine.loadAverage());

    // The ingest benchmark's generator and seed: the same kind of spans it sends.
    LlmTraceGenerator generator =
        new LlmTraceGenerator(20240917L, System.currentTimeMillis() * 1_000_000L);
    List<byte[]> bodies = new ArrayList<>(requestCount);
    long bodyBytes = 0;
    for (int i = 0; i < requestCount; i++) {
      byte[] body = generator.request(spansPerRequest).toByteArray();
      bodies.add(body);
      bodyBytes += body.length;
    }
    int spans = requestCount * spansPerRequest;
    System.out.printf(
        Locale.ROOT,
        "Input: %d requests x %d spans, %.0f bytes of protobuf per span%n",
        requestCount,
        spansPerRequest,
        (double) bodyBytes / spans);

    Pipeline pipeline = new Pipeline(PriceTable.shipped());
    long checksum = 0;
    for (int r = 0; r < warmupRounds; r++) {
      checksum += pipeline.round(bodies, new long[STAGES.length]);
    }
    System.out.printf(
        Locale.ROOT, "Warm-up: %d rounds; measuring %d rounds%n%n", warmupRounds, rounds);

    double[][] perSpan = new double[STAGES.length + 1][rounds];
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s", "round"));
    for (String stage : STAGES) {
      header.append(String.format(Locale.ROOT, "%11s", stage));
    }
    header.append(String.format(Locale.ROOT, "%11s", "total"));
    header.append(String.format(Locale.ROOT, "%11s", "alloc KB"));
    System.out.println(header + "   (CPU µs per span; KB allocated per span)");
    double[] allocation = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long[] nanos = new long[STAGES.length];
      checksum += pipeline.round(bodies, nanos);
      long total = 0;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8d", r + 1));
      for (int s = 0; s < STAGES.length; s++) {
        perSpan[s][r] = nanos[s] / 1000.0 / spans;
        total += nanos[s];
        line.append(String.format(Locale.ROOT, "%11.2f", perSpan[s][r]));
      }
      perSpan[STAGES.length][r] = total / 1000.0 / spans;
      line.append(String.format(Locale.ROOT, "%11.2f", perSpan[STAGES.length][r]));
      allocation[r] = pipeline.lastRoundAllocation() / 1024.0 / spans;
      line.append(String.format(Locale.ROOT, "%11.1f", allocation[r]));
      System.out.println(line);
    }
    StringBuilder median = new StringBuilder(String.format(Locale.ROOT, "%-8s", "median"));
    for (double[] stage : perSpan) {
      median.append(String.format(Locale.ROOT, "%11.2f", median(stage)));
    }
    median.append(String.format(Locale.ROOT, "%11.1f", median(allocation)));
    System.out.println(median);
    // On a shared machine other work slows rounds down, never up: the best round is the steadier
    // figure when the load average is high.
    StringBuilder best = new StringBuilder(String.format(Locale.ROOT, "%-8s", "best"));
    for (double[] stage : perSpan) {
      best.append(String.format(Locale.ROOT, "%11.2f", Arrays.stream(stage).min().orElse(0)));
    }
    best.append(String.format(Locale.ROOT, "%11.1f", Arrays.stream(allocation).min().orElse(0)));
    System.out.println(best);
    // Printed so the JIT cannot drop the work as unused.
    System.out.printf(Locale.ROOT, "%n(checksum %d)%n", checksum);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The stages as {@code IngestService} runs them, timed with the thread's CPU clock. */
  private static final class Pipeline {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.ThreadMXBean allocation =
        threads instanceof com.sun.management.ThreadMXBean t ? t : null;
    private long allocated;
    private final SpanNormalizer normalizer = new SpanNormalizer();
    private final PriceTable prices;
    private final ByteBuf copyData = Unpooled.buffer(1 << 20);

    Pipeline(PriceTable prices) {
      this.prices = prices;
    }

    /** One pass over all requests; adds each stage's CPU nanoseconds to {@code nanos}. */
    long round(List<byte[]> bodies, long[] nanos) {
      int n = bodies.size();
      long a0 = allocatedBytes();
      DecodedRequest[] decoded = new DecodedRequest[n];
      long t0 = cpu();
      for (int i = 0; i < n; i++) {
        decoded[i] = OtlpProtobufDecoder.decode(bodies.get(i));
      }
      long t1 = cpu();
      List<List<CanonicalSpan>> canonical = new ArrayList<>(n);
      for (DecodedRequest request : decoded) {
        List<CanonicalSpan> spans = new ArrayList<>(request.spans().size());
        for (DecodedSpan span : request.spans()) {
          spans.add(normalizer.normalize(span));
        }
        canonical.add(spans);
      }
      long t2 = cpu();
      List<Double[]> costs = new ArrayList<>(n);
      for (List<CanonicalSpan> spans : canonical) {
        Double[] c = new Double[spans.size()];
        for (int i = 0; i < c.length; i++) {
          c[i] = CostCalculator.cost(spans.get(i), prices);
        }
        costs.add(c);
      }
      long t3 = cpu();
      List<List<SpanRow>> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rows.add(rows(decoded[i].spans(), canonical.get(i), costs.get(i)));
      }
      long t4 = cpu();
      long checksum = 0;
      for (List<SpanRow> batch : rows) {
        checksum += encode(batch);
      }
      long t5 = cpu();
      nanos[0] += t1 - t0;
      nanos[1] += t2 - t1;
      nanos[2] += t3 - t2;
      nanos[3] += t4 - t3;
      nanos[4] += t5 - t4;
      allocated = allocatedBytes() - a0;
      return checksum;
    }

    /** As {@code IngestService.rows}: each request's resource and scope serialised once. */
    private static List<SpanRow> rows(
        List<DecodedSpan> spans, List<CanonicalSpan> canonical, Double[] costs) {
      List<SpanRow> rows = new ArrayList<>(spans.size());
      Map<DecodedResource, Map<DecodedScope, String>> resources = new IdentityHashMap<>();
      for (int i = 0; i < spans.size(); i++) {
        DecodedSpan span = spans.get(i);
        String resource =
            resources
                .computeIfAbsent(span.resource(), k -> new IdentityHashMap<>())
                .computeIfAbsent(span.scope(), k -> SpanRowMapper.resourceJson(span));
        rows.add(SpanRowMapper.toRow(1L, span, canonical.get(i), costs[i], resource));
      }
      return rows;
    }

    /**
     * The writer's own work on a batch, as {@code SpanWriter} does it before handing bytes to
     * PostgreSQL: the binary COPY data (into one reused buffer) and the {@code traces} deltas.
     */
    private long encode(List<SpanRow> batch) {
      copyData.clear();
      SpanCopyEncoder.header(copyData);
      for (SpanRow row : batch) {
        SpanCopyEncoder.appendRow(copyData, row);
      }
      SpanCopyEncoder.trailer(copyData);
      return copyData.readableBytes() + TraceDelta.of(batch).size();
    }

    /** Bytes the thread allocated in the last round (0 when the JVM cannot tell). */
    long lastRoundAllocation() {
      return allocated;
    }

    private long allocatedBytes() {
      return allocation == null ? 0 : allocation.getCurrentThreadAllocatedBytes();
    }

    private long cpu() {
      return threads.getCurrentThreadCpuTime();
    }
  }
}
