package dev.weft.tracing.runs;

import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples process and machine resources as {@code system/*} metrics: CPU (process and system,
 * percent), physical memory, JVM heap, GC count and time, and per GPU utilisation and memory from
 * {@code nvidia-smi} when it is installed.
 */
final class SystemMetrics {

  private final String nvidiaSmi;
  private volatile boolean gpuAvailable;

  SystemMetrics(String nvidiaSmi) {
    this.nvidiaSmi = nvidiaSmi;
    this.gpuAvailable = nvidiaSmi != null;
  }

  /** One sample; never throws (a failing source is skipped). */
  Map<String, Double> sample() {
    Map<String, Double> m = new LinkedHashMap<>();
    try {
      var os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        putPercent(m, "system/cpu.process_percent", sun.getProcessCpuLoad());
        putPercent(m, "system/cpu.system_percent", sun.getCpuLoad());
        long total = sun.getTotalMemorySize();
        long free = sun.getFreeMemorySize();
        if (total > 0) {
          m.put("system/memory.used_mb", (total - free) / 1048576.0);
          m.put("system/memory.percent", 100.0 * (total - free) / total);
        }
      }
      m.put("system/cpu.load_average", os.getSystemLoadAverage());
    } catch (Throwable e) {
      // not available on this JVM
    }
    try {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      m.put("system/jvm.heap_used_mb", heap.getUsed() / 1048576.0);
      m.put("system/jvm.heap_committed_mb", heap.getCommitted() / 1048576.0);
      if (heap.getMax() > 0) {
        m.put("system/jvm.heap_max_mb", heap.getMax() / 1048576.0);
      }
      long count = 0;
      long time = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
        time += Math.max(0, gc.getCollectionTime());
      }
      m.put("system/jvm.gc_count", (double) count);
      m.put("system/jvm.gc_time_ms", (double) time);
      m.put("system/jvm.threads", (double) ManagementFactory.getThreadMXBean().getThreadCount());
    } catch (Throwable e) {
      // skip
    }
    if (gpuAvailable) {
      try {
        m.putAll(parseNvidiaSmi(runNvidiaSmi()));
      } catch (Exception e) {
        gpuAvailable = false; // stop asking a tool that does not answer
      }
    }
    return m;
  }

  private static void putPercent(Map<String, Double> m, String key, double load) {
    if (load >= 0) {
      m.put(key, load * 100.0);
    }
  }

  /** Query fields, in the order of the CSV columns. */
  static final List<String> GPU_FIELDS =
      List.of("utilization.gpu", "memory.used", "memory.total", "temperature.gpu", "power.draw");

  private String runNvidiaSmi() throws Exception {
    Process p =
        new ProcessBuilder(
                nvidiaSmi,
                "--query-gpu=" + String.join(",", GPU_FIELDS),
                "--format=csv,noheader,nounits")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("nvidia-smi failed");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * {@code system/gpu.<i>.utilization_percent}, {@code memory_used_mb}, {@code memory_percent},
   * {@code temperature_c}, {@code power_w} from nvidia-smi's CSV (one line per GPU).
   */
  static Map<String, Double> parseNvidiaSmi(String csv) {
    Map<String, Double> m = new LinkedHashMap<>();
    String[] lines = csv.strip().split("\\R");
    for (int gpu = 0; gpu < lines.length; gpu++) {
      String[] cols = lines[gpu].split(",");
      if (cols.length < 3) {
        continue;
      }
      String prefix = "system/gpu." + gpu + ".";
      Double util = num(cols[0]);
      Double used = num(cols[1]);
      Double total = num(cols[2]);
      put(m, prefix + "utilization_percent", util);
      put(m, prefix + "memory_used_mb", used);
      if (used != null && total != null && total > 0) {
        m.put(prefix + "memory_percent", 100.0 * used / total);
      }
      if (cols.length > 3) {
        put(m, prefix + "temperature_c", num(cols[3]));
      }
      if (cols.length > 4) {
        put(m, prefix + "power_w", num(cols[4]));
      }
    }
    return m;
  }

  private static void put(Map<String, Double> m, String k, Double v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  private static Double num(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null; // "[N/A]", "[Not Supported]"
    }
  }

  /** The nvidia-smi executable on the PATH, or null. */
  static String findNvidiaSmi() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      java.nio.file.Path exe = java.nio.file.Path.of(dir, "nvidia-smi");
      if (java.nio.file.Files.isExecutable(exe)) {
        return exe.toString();
      }
    }
    return null;
  }
}
