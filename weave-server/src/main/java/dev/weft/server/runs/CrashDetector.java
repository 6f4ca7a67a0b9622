package dev.weft.server.runs;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Marks runs crashed when their process stopped sending heartbeats: a {@code running} run whose
 * last heartbeat — or, without any, its creation on the server — is older than {@code
 * weft.runs.crash-after}. Server times only, so a client's wrong clock cannot crash or keep alive a
 * run. A later heartbeat makes a crashed run running again.
 */
@ApplicationScoped
public class CrashDetector {

  private static final Logger LOG = Logger.getLogger(CrashDetector.class);

  @Inject RunRepository runs;
  @Inject RunsConfig config;

  /** The scheduled check. */
  @Scheduled(
      every = "${weft.runs.crash-check-every:30s}",
      delayed = "${weft.runs.crash-check-every:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> check() {
    return markCrashed(Clock.systemUTC())
        .onFailure()
        .invoke(e -> LOG.warnf("crash detection failed: %s", e.getMessage()))
        .onFailure()
        .recoverWithItem(0)
        .replaceWithVoid();
  }

  /** Marks silent runs as of the clock's now; returns how many became crashed. */
  public Uni<Integer> markCrashed(Clock clock) {
    OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(config.crashAfter());
    return runs.markCrashed(cutoff)
        .invoke(
            n -> {
              if (n > 0) {
                LOG.infof("marked %d run(s) crashed: no heartbeat since %s", n, cutoff);
              }
            });
  }
}
