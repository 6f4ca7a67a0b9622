package dev.weft.server.common;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Group commit for hot tables: rows of concurrent requests wait in one bounded queue and are handed
 * to one statement together, many requests per statement, with at most {@code writers} statements
 * in flight. A request completes only after the statement holding its rows has finished (committed,
 * or failed — then every request in that statement fails with it).
 *
 * <p>The same discipline as {@code ingest.SpanWriter}, without its span-specific parts, so other
 * hot tables (metric points) reuse it instead of copying it.
 *
 * @param <T> the row type
 */
public final class GroupCommit<T> {

  private record Pending<T>(List<T> rows, CompletableFuture<Void> done) {}

  private final Object lock = new Object();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private final String what;
  private final int capacity;
  private final int maxBatch;
  private final int writers;
  private final int retryAfterSeconds;
  private final Function<List<T>, Uni<Void>> statement;
  private int queued;
  private int active;

  /**
   * Creates a committer.
   *
   * @param what what the rows are, for the overload message ("metric points")
   * @param capacity rows that may wait; a request that would overflow it fails with 503
   * @param maxBatch most rows handed to one statement (a single larger request still goes alone)
   * @param writers statements in flight at once
   * @param retryAfterSeconds the {@code Retry-After} of the overload answer
   * @param statement writes one batch in one transaction
   */
  public GroupCommit(
      String what,
      int capacity,
      int maxBatch,
      int writers,
      int retryAfterSeconds,
      Function<List<T>, Uni<Void>> statement) {
    this.what = what;
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.writers = writers;
    this.retryAfterSeconds = retryAfterSeconds;
    this.statement = statement;
  }

  /** Rows waiting to be written. */
  public int queued() {
    synchronized (lock) {
      return queued;
    }
  }

  /**
   * Queues rows and completes once they are written.
   *
   * @return a Uni that fails with a 503 {@link ProblemException} when the queue is full
   */
  public Uni<Void> submit(List<T> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Pending<T> pending = new Pending<>(rows, new CompletableFuture<>());
    synchronized (lock) {
      if (queued > 0 && queued + rows.size() > capacity) {
        return Uni.createFrom()
            .failure(
                ProblemException.unavailable(
                    "the write queue is full ("
                        + queued
                        + " "
                        + what
                        + " waiting); retry after the Retry-After delay",
                    retryAfterSeconds));
      }
      queue.add(pending);
      queued += rows.size();
    }
    drain();
    return Uni.createFrom().completionStage(pending.done);
  }

  private void drain() {
    while (true) {
      List<Pending<T>> batch = new ArrayList<>();
      synchronized (lock) {
        if (active >= writers || queue.isEmpty()) {
          return;
        }
        int rows = 0;
        while (!queue.isEmpty()
            && (batch.isEmpty() || rows + queue.peek().rows.size() <= maxBatch)) {
          Pending<T> next = queue.poll();
          batch.add(next);
          rows += next.rows.size();
        }
        queued -= rows;
        active++;
      }
      List<T> rows = new ArrayList<>();
      for (Pending<T> p : batch) {
        rows.addAll(p.rows);
      }
      Uni<Void> write;
      try {
        write = statement.apply(rows);
      } catch (RuntimeException e) {
        write = Uni.createFrom().failure(e);
      }
      write.subscribe().with(ignored -> finish(batch, null), failure -> finish(batch, failure));
    }
  }

  private void finish(List<Pending<T>> batch, Throwable failure) {
    synchronized (lock) {
      active--;
    }
    for (Pending<T> p : batch) {
      if (failure == null) {
        p.done.complete(null);
      } else {
        p.done.completeExceptionally(failure);
      }
    }
    drain();
  }
}
