package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** A statement that completes only when the test releases it. */
  static final class Gate {
    final List<List<Integer>> batches = new ArrayList<>();
    final List<CompletableFuture<Void>> pending = new ArrayList<>();

    synchronized Uni<Void> write(List<Integer> rows) {
      batches.add(List.copyOf(rows));
      CompletableFuture<Void> f = new CompletableFuture<>();
      pending.add(f);
      return Uni.createFrom().completionStage(f);
    }

    void releaseAll() {
      List<CompletableFuture<Void>> now;
      synchronized (this) {
        now = new ArrayList<>(pending);
        pending.clear();
      }
      now.forEach(f -> f.complete(null));
    }
  }

  @Test
  void requestsWaitingTogetherShareOneStatement() {
    Gate gate = new Gate();
    GroupCommit<Integer> commit = new GroupCommit<>("rows", 100, 50, 1, 1, gate::write);
    var first = commit.submit(List.of(1)).subscribeAsCompletionStage();
    var second = commit.submit(List.of(2, 3)).subscribeAsCompletionStage();
    var third = commit.submit(List.of(4)).subscribeAsCompletionStage();
    assertThat(gate.batches).containsExactly(List.of(1));
    gate.releaseAll();
    assertThat(first).isCompleted();
    assertThat(gate.batches).containsExactly(List.of(1), List.of(2, 3, 4));
    assertThat(second).isNotDone();
    gate.releaseAll();
    assertThat(second).isCompleted();
    assertThat(third).isCompleted();
  }

  @Test
  void aFullQueueFailsWith503AndRetryAfter() {
    Gate gate = new Gate();
    GroupCommit<Integer> commit = new GroupCommit<>("rows", 3, 50, 1, 7, gate::write);
    commit.submit(List.of(1)).subscribeAsCompletionStage();
    commit.submit(List.of(2, 3)).subscribeAsCompletionStage();
    var refused = commit.submit(List.of(4, 5)).subscribeAsCompletionStage();
    assertThat(refused)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(503);
              assertThat(e.retryAfterSeconds()).isEqualTo(7);
            });
    assertThat(commit.queued()).isEqualTo(2);
  }

  @Test
  void aFailedStatementFailsEveryRequestInIt() {
    GroupCommit<Integer> commit =
        new GroupCommit<>(
            "rows", 10, 10, 1, 1, rows -> Uni.createFrom().failure(new IllegalStateException("x")));
    var result = commit.submit(List.of(1)).subscribeAsCompletionStage();
    assertThat(result).isCompletedExceptionally();
    // The writer slot was given back: the next request is attempted (and fails the same way).
    assertThat(commit.submit(List.of(2)).subscribeAsCompletionStage()).isCompletedExceptionally();
  }
}
