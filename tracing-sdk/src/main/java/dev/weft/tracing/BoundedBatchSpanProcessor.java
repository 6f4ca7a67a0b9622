package dev.weft.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Like the SDK's {@code BatchSpanProcessor} (bounded queue, one background exporter thread), but it
 * counts exactly what it drops — spans that found the queue full and spans whose export failed
 * after the exporter's own retries — so {@link Weft#droppedSpans()} can report it. Ending a span
 * never blocks: a full queue drops the span.
 */
final class BoundedBatchSpanProcessor implements SpanProcessor {

  private final SpanExporter exporter;
  private final BlockingQueue<ReadableSpan> queue;
  private final int maxBatch;
  private final long delayMillis;
  private final long exportTimeoutMillis;
  private final SdkStats stats;
  private final Thread worker;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final Object flushLock = new Object();
  private volatile CompletableResultCode pendingFlush;
  private volatile boolean workerParked;

  BoundedBatchSpanProcessor(
      SpanExporter exporter,
      int maxQueue,
      int maxBatch,
      long delayMillis,
      long exportTimeoutMillis,
      SdkStats stats) {
    this.exporter = exporter;
    this.queue = new ArrayBlockingQueue<>(maxQueue);
    this.maxBatch = maxBatch;
    this.delayMillis = delayMillis;
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.stats = stats;
    this.worker = new Thread(this::work, "weft-span-exporter");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    if (shutdown.get() || !queue.offer(span)) {
      stats.droppedSpans.incrementAndGet();
      return;
    }
    // Wake the exporter only when a full batch waits: waking it for every span would cost the
    // application thread a system call per span.
    if (workerParked && queue.size() >= maxBatch) {
      wake();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private void wake() {
    workerParked = false;
    LockSupport.unpark(worker);
  }

  private void work() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    long delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    long nextExport = System.nanoTime() + delayNanos;
    while (true) {
      try {
        drainInto(batch);
        CompletableResultCode flush = pendingFlush;
        boolean stopping = shutdown.get();
        if (flush != null || stopping) {
          do {
            export(batch);
            drainInto(batch);
          } while (!batch.isEmpty());
          if (flush != null) {
            exporter.flush().join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
            synchronized (flushLock) {
              pendingFlush = null;
            }
            flush.succeed();
          }
          if (stopping) {
            return;
          }
          nextExport = System.nanoTime() + delayNanos;
          continue;
        }
        long now = System.nanoTime();
        if (batch.size() >= maxBatch || (!batch.isEmpty() && now - nextExport >= 0)) {
          export(batch);
          nextExport = now + delayNanos;
          continue;
        }
        if (batch.isEmpty() && now - nextExport >= 0) {
          nextExport = now + delayNanos; // the delay counts from the first span of a batch
        }
        workerParked = true;
        if (queue.size() < maxBatch && pendingFlush == null && !shutdown.get()) {
          LockSupport.parkNanos(this, Math.max(1, nextExport - System.nanoTime()));
        }
        workerParked = false;
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      } catch (RuntimeException e) {
        stats.error();
        stats.droppedSpans.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  private void drainInto(List<SpanData> batch) {
    while (batch.size() < maxBatch) {
      ReadableSpan s = queue.poll();
      if (s == null) {
        return;
      }
      batch.add(s.toSpanData());
    }
  }

  private void export(List<SpanData> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      CompletableResultCode result = exporter.export(new ArrayList<>(batch));
      result.join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
      if (!result.isSuccess()) {
        stats.droppedSpans.addAndGet(batch.size());
      }
    } catch (RuntimeException e) {
      stats.error();
      stats.droppedSpans.addAndGet(batch.size());
    } finally {
      batch.clear();
    }
  }

  @Override
  public CompletableResultCode forceFlush() {
    if (!worker.isAlive()) {
      return CompletableResultCode.ofSuccess();
    }
    CompletableResultCode result;
    synchronized (flushLock) {
      if (pendingFlush == null) {
        pendingFlush = new CompletableResultCode();
      }
      result = pendingFlush;
    }
    wake();
    return result;
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
    wake();
    CompletableResultCode result = new CompletableResultCode();
    Thread closer =
        new Thread(
            () -> {
              try {
                worker.join(exportTimeoutMillis * 2 + delayMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stats.droppedSpans.addAndGet(queue.size());
              queue.clear();
              exporter.shutdown().whenComplete(result::succeed);
            },
            "weft-span-exporter-shutdown");
    closer.setDaemon(true);
    closer.start();
    return result;
  }
}
