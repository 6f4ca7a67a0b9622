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
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private void work() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        ReadableSpan first = queue.poll(delayMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first.toSpanData());
          drainInto(batch);
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
          while (batch.size() < maxBatch && pendingFlush == null && !shutdown.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            ReadableSpan next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
            batch.add(next.toSpanData());
            drainInto(batch);
          }
          export(batch);
        }
        CompletableResultCode flush = pendingFlush;
        if (flush != null) {
          while (!queue.isEmpty()) {
            drainInto(batch);
            export(batch);
          }
          exporter.flush().join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
          synchronized (flushLock) {
            pendingFlush = null;
          }
          flush.succeed();
        }
        if (shutdown.get() && queue.isEmpty() && pendingFlush == null) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
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
    synchronized (flushLock) {
      if (pendingFlush == null) {
        pendingFlush = new CompletableResultCode();
      }
      return pendingFlush;
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
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
