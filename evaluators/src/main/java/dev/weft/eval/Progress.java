package dev.weft.eval;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A one-line progress bar: redrawn in place on a terminal, a line per 10% otherwise (CI logs). */
final class Progress {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final int total;
  private final String name;
  private final boolean terminal = System.console() != null;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final long started = System.nanoTime();
  private volatile long lastDraw;
  private volatile int lastDecile = -1;

  Progress(PrintStream out, int total, String name) {
    this.out = out;
    this.total = total;
    this.name = name;
  }

  void done(boolean rowFailed) {
    if (rowFailed) {
      failed.incrementAndGet();
    }
    int d = done.incrementAndGet();
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw > REDRAW_NANOS || d == total) {
        lastDraw = now;
        synchronized (this) {
          out.print("\r" + line(d));
          out.flush();
        }
      }
    } else {
      int decile = total == 0 ? 10 : d * 10 / total;
      if (decile != lastDecile) {
        synchronized (this) {
          if (decile > lastDecile) {
            lastDecile = decile;
            out.println(line(d));
          }
        }
      }
    }
  }

  void finish() {
    if (out != null && terminal) {
      out.println();
    }
  }

  private String line(int d) {
    int width = 30;
    int filled = total == 0 ? width : d * width / total;
    double secs = (System.nanoTime() - started) / 1e9;
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d rows, %d failed, %.1f rows/s",
        name,
        "#".repeat(filled),
        " ".repeat(width - filled),
        d,
        total,
        failed.get(),
        secs > 0 ? d / secs : 0);
  }
}
