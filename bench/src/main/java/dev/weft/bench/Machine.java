package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the numbers were measured on. Benchmark figures without the machine are meaningless, and
 * this one may be shared with other builds, so the report always starts with it.
 *
 * @param cores logical CPUs available to the JVM
 * @param cpuModel the CPU model name, or {@code unknown}
 * @param memoryGiB total RAM in GiB
 * @param java Java runtime version and vendor
 * @param os operating system and architecture
 * @param loadAverage the 1-minute load average when the run started ({@code /proc/loadavg}), a hint
 *     of what else was running
 */
public record Machine(
    int cores, String cpuModel, double memoryGiB, String java, String os, String loadAverage) {

  /** Describes this machine. */
  public static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        readCpuModel(),
        memoryKiB() / 1024.0 / 1024.0,
        System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        readLoadAverage());
  }

  private static String readLoadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException ignored) {
      // Not Linux: the model is only informative.
    }
    return "unknown";
  }

  private static long memoryKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // Fall through to the JVM's view.
    }
    return Runtime.getRuntime().maxMemory() / 1024;
  }
}
