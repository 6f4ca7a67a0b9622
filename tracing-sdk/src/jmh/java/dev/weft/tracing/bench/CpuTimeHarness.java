package dev.weft.tracing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The same cases as {@link TracingOverheadBenchmark}, measured as CPU time of the calling thread
 * per operation (median of rounds). On a shared, loaded machine wall-clock averages include time
 * the thread spent descheduled; CPU time does not. Background export work is not included.
 *
 * <p>{@code java -cp tracing-sdk/target/benchmarks.jar dev.weft.tracing.bench.CpuTimeHarness}
 */
public final class CpuTimeHarness {
  private CpuTimeHarness() {}

  /** Runs every case and prints CPU ns per operation. */
  public static void main(String[] args) {
    TracingOverheadBenchmark b = new TracingOverheadBenchmark();
    b.setUp();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Case> cases =
        List.of(
            new Case("noTracing", b::noTracing),
            new Case("bareOtelSpan", b::bareOtelSpan),
            new Case("weftTracedNoCapture", b::weftTracedNoCapture),
            new Case("weftTracedWithCapture", b::weftTracedWithCapture),
            new Case("weftProxyWithCapture", b::weftProxyWithCapture));
    int ops = 200_000;
    for (Case c : cases) {
      for (int i = 0; i < 10 * ops; i++) {
        sink(c.op().get());
      }
    }
    for (Case c : cases) {
      double[] rounds = new double[9];
      for (int r = 0; r < rounds.length; r++) {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink(c.op().get());
        }
        rounds[r] = (mx.getCurrentThreadCpuTime() - start) / (double) ops;
      }
      Arrays.sort(rounds);
      System.out.printf(
          "%-24s %8.0f ns CPU/op (median of %d rounds; min %.0f, max %.0f)%n",
          c.name(), rounds[rounds.length / 2], rounds.length, rounds[0], rounds[rounds.length - 1]);
    }
    b.tearDown();
  }

  private static int blackhole;

  private static void sink(Object o) {
    blackhole ^= System.identityHashCode(o);
  }

  private record Case(String name, Supplier<Object> op) {}
}
