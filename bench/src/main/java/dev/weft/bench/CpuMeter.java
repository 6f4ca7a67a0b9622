package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the processes taking part (load generator, server, PostgreSQL) and of the whole
 * machine, read from {@code /proc}. On a 2-core machine shared with other builds, "where did the
 * CPU go" is what explains a ratio, so the report breaks each phase down this way.
 *
 * <p>PostgreSQL forks a process per connection; the postmaster's {@code cutime/cstime} include
 * children that already exited, so summing the postmaster (with its reaped children) and its live
 * descendants counts every PostgreSQL process. Elsewhere than Linux the figures read as zero.
 */
public final class CpuMeter {

  /** Clock ticks per second of {@code /proc} times ({@code USER_HZ}, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  /**
   * CPU seconds consumed so far.
   *
   * @param bench this JVM (the load generator or the COPY writers)
   * @param server the server process, 0 when none
   * @param serverJit of that, the server's JIT compiler threads
   * @param serverGc of that, the server's garbage collector threads
   * @param postgres all PostgreSQL processes
   * @param machineBusy all cores' non-idle time
   * @param machineTotal all cores' time
   */
  public record Sample(
      double bench,
      double server,
      double serverJit,
      double serverGc,
      double postgres,
      double machineBusy,
      double machineTotal) {

    /** The CPU seconds spent since {@code before}. */
    public Sample minus(Sample before) {
      return new Sample(
          bench - before.bench,
          server - before.server,
          serverJit - before.serverJit,
          serverGc - before.serverGc,
          postgres - before.postgres,
          machineBusy - before.machineBusy,
          machineTotal - before.machineTotal);
    }

    /** Busy time of processes other than the three measured ones (other builds, the OS). */
    public double others() {
      return Math.max(0, machineBusy - bench - server - postgres);
    }
  }

  private final long postmasterPid;
  private final long serverPid;

  /**
   * Measures PostgreSQL (the postmaster and its children) and, if given, the server process.
   *
   * @param postmasterPid PostgreSQL's postmaster
   * @param serverPid the server process, or 0
   */
  public CpuMeter(long postmasterPid, long serverPid) {
    this.postmasterPid = postmasterPid;
    this.serverPid = serverPid;
  }

  /** Reads the counters now. */
  public Sample sample() {
    double bench = processTicks(ProcessHandle.current().pid(), false);
    double server = serverPid == 0 ? 0 : processTicks(serverPid, true);
    double[] serverThreads = serverPid == 0 ? new double[2] : jitAndGcTicks(serverPid);
    double postgres = processTicks(postmasterPid, true);
    var children = ProcessHandle.of(postmasterPid).map(ProcessHandle::descendants);
    if (children.isPresent()) {
      for (ProcessHandle child : children.get().toList()) {
        postgres += processTicks(child.pid(), true);
      }
    }
    double[] machine = machineTicks();
    return new Sample(
        bench / TICKS_PER_SECOND,
        server / TICKS_PER_SECOND,
        serverThreads[0] / TICKS_PER_SECOND,
        serverThreads[1] / TICKS_PER_SECOND,
        postgres / TICKS_PER_SECOND,
        machine[0] / TICKS_PER_SECOND,
        machine[1] / TICKS_PER_SECOND);
  }

  /**
   * CPU ticks of a JVM's JIT compiler threads ({@code C1/C2 CompilerThread}) and garbage collector
   * threads ({@code GC Thread}, {@code G1 ...}), by thread name; threads that ended are not
   * counted.
   */
  private static double[] jitAndGcTicks(long pid) {
    double[] ticks = new double[2];
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          int kind =
              name.contains("Compiler")
                  ? 0
                  : name.startsWith("GC ") || name.startsWith("G1 ") ? 1 : -1;
          if (kind >= 0) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            ticks[kind] += Double.parseDouble(f[11]) + Double.parseDouble(f[12]);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process ended: report nothing.
    }
    return ticks;
  }

  /** utime + stime, plus reaped children's time when asked. */
  private static double processTicks(long pid, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may contain spaces; fields are counted after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // After the name, field 3 (state) is index 0, so utime (14) is index 11.
      double ticks = Double.parseDouble(f[11]) + Double.parseDouble(f[12]);
      if (withReapedChildren) {
        ticks += Double.parseDouble(f[13]) + Double.parseDouble(f[14]);
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      // A backend may exit between listing and reading; its time then shows in the postmaster's.
      return 0;
    }
  }

  private static double[] machineTicks() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      double total = 0;
      double idle = 0;
      // user nice system idle iowait irq softirq steal; guest time is already in user.
      for (int i = 1; i <= 8 && i < f.length; i++) {
        double v = Double.parseDouble(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new double[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }
}
