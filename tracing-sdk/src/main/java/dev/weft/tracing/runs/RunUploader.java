package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a run's events in order from one background thread, so the training loop never waits for
 * the network: metric points are batched (up to 10,000 per request), failures that may pass (server
 * down, 5xx, 429) are retried with exponential backoff, and at most {@code maxQueuedPoints} points
 * wait at a time — more are dropped and counted.
 */
final class RunUploader {

  private static final Logger LOG = Logger.getLogger(RunUploader.class.getName());
  static final int MAX_POINTS_PER_REQUEST = 10_000;

  /** A queued metric point. */
  record Point(String key, long step, double value, String time) {}

  private final RunTransport transport;
  private final String project;
  private final String runId;
  private final int maxQueuedPoints;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedPoints = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedEvents = new AtomicLong();
  private final AtomicBoolean heartbeatQueued = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread worker;
  private volatile long abandonAtNanos = Long.MAX_VALUE;
  private volatile boolean loggedFailure;

  RunUploader(
      RunTransport transport,
      String project,
      String runId,
      int maxQueuedPoints,
      long initialBackoffMillis,
      long maxBackoffMillis) {
    this.transport = transport;
    this.project = project;
    this.runId = runId;
    this.maxQueuedPoints = maxQueuedPoints;
    this.initialBackoffMillis = initialBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.worker = new Thread(this::work, "weft-run-" + runId);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues a point; false (and counted) when the queue is full or the run is closing. */
  boolean point(Point p) {
    if (closing.get() || queuedPoints.get() >= maxQueuedPoints) {
      dropped.incrementAndGet();
      return false;
    }
    queuedPoints.incrementAndGet();
    queue.add(p);
    return true;
  }

  /** Queues a control event (create, patch, finish); these are never dropped for space. */
  void event(RunEvent e) {
    queue.add(e);
  }

  /** Queues a heartbeat unless one is already waiting. */
  void heartbeat() {
    if (!closing.get() && heartbeatQueued.compareAndSet(false, true)) {
      queue.add(new RunEvent(RunEvent.HEARTBEAT, null));
    }
  }

  long droppedPoints() {
    return dropped.get();
  }

  long failedEvents() {
    return failedEvents.get();
  }

  /**
   * Stops accepting points and waits up to {@code timeoutMillis} for everything queued to be
   * delivered; then gives up on what is left (counted as dropped).
   *
   * @return true when everything was delivered
   */
  boolean close(long timeoutMillis) {
    closing.set(true);
    abandonAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    queue.add(STOP);
    try {
      worker.join(timeoutMillis + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean clean = queue.isEmpty() && !worker.isAlive();
    worker.interrupt();
    transport.close();
    return clean && failedEvents.get() == 0;
  }

  private static final Object STOP = new Object();

  private void work() {
    List<Point> points = new ArrayList<>();
    try {
      while (true) {
        Object item = queue.take();
        if (item == STOP) {
          return;
        }
        if (item instanceof Point p) {
          points.add(p);
          // coalesce the points that are already waiting, up to one request's worth
          while (points.size() < MAX_POINTS_PER_REQUEST && queue.peek() instanceof Point) {
            points.add((Point) queue.poll());
          }
          deliver(metricsEvent(points));
          queuedPoints.addAndGet(-points.size());
          points.clear();
        } else if (item instanceof RunEvent e) {
          if (RunEvent.HEARTBEAT.equals(e.type())) {
            heartbeatQueued.set(false);
          }
          deliver(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RunEvent metricsEvent(List<Point> points) {
    ObjectNode body = HttpRunClient.JSON.createObjectNode();
    ArrayNode arr = body.putArray("points");
    for (Point p : points) {
      ObjectNode o = arr.addObject();
      o.put("key", p.key());
      o.put("step", p.step());
      o.put("value", p.value());
      o.put("time", p.time());
    }
    return new RunEvent(RunEvent.METRICS, body);
  }

  private void deliver(RunEvent e) throws InterruptedException {
    long backoff = initialBackoffMillis;
    while (true) {
      try {
        transport.send(project, runId, e);
        return;
      } catch (RunTransport.RetryableException ex) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) > abandonAtNanos) {
          fail(e, ex);
          return;
        }
        Thread.sleep(backoff);
        backoff = Math.min(maxBackoffMillis, backoff * 2);
      } catch (IOException | RuntimeException ex) {
        fail(e, ex);
        return;
      }
    }
  }

  private void fail(RunEvent e, Exception ex) {
    if (RunEvent.HEARTBEAT.equals(e.type())) {
      return;
    }
    failedEvents.incrementAndGet();
    if (RunEvent.METRICS.equals(e.type())) {
      dropped.addAndGet(e.body().get("points").size());
    }
    if (!loggedFailure) {
      loggedFailure = true;
      LOG.log(Level.WARNING, "Weft run " + runId + ": could not deliver " + e.type() + ": " + ex);
    }
  }
}
