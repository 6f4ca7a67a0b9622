package dev.weft.server.ingest;

import dev.weft.server.auth.Principal;
import dev.weft.server.common.DatabaseFailures;
import dev.weft.server.ingest.LogEventRepository.Match;
import dev.weft.server.ingest.LogEventRepository.NewEvent;
import dev.weft.server.ingest.LogEventRepository.SpanContent;
import dev.weft.server.ingest.LogEventRepository.SpanKey;
import dev.weft.server.ingest.LogEventRepository.Waiting;
import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedLogRecord;
import dev.weft.server.ingest.otlp.GenAiLogEvents;
import dev.weft.server.ingest.otlp.GenAiLogEvents.Selection;
import dev.weft.server.ingest.otlp.GenAiLogEvents.SpanEvent;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.SpanNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * GenAI events received as OTLP log records ({@code POST /v1/logs}, gRPC {@code LogsService}):
 * keeps them until their span is stored, then makes their messages the span's input and output.
 *
 * <p>An instrumentation emits a model call's prompt events when the call starts and its choice
 * events when it returns; the span is exported when it ends, by a different exporter on its own
 * schedule, so the events usually arrive first. They wait in {@code span_log_events}. After each
 * logs export, and every {@code weft.ingest.log-events.apply-interval}, the waiting events are read
 * in batches and their spans looked up by key (in the partitions of the events' days only); the
 * events of each stored span are normalised together exactly like span events ({@link
 * SpanNormalizer#normalizeEvents}), written into the span's input and output where the span has
 * none of its own, and deleted. Events whose span does not arrive within {@code
 * weft.ingest.log-events.max-wait} (an unsampled span, a crashed exporter) are deleted. The span
 * write path does not look at events at all, so it costs nothing when no logs are sent.
 */
@ApplicationScoped
public class LogEventService {

  private static final Logger LOG = Logger.getLogger(LogEventService.class);

  /** Waiting events read per step of a pass. */
  static final int APPLY_BATCH = 2000;

  private final SpanNormalizer normalizer = new SpanNormalizer();
  private final AtomicBoolean applying = new AtomicBoolean();

  /** Events left waiting for their span after the last pass (a gauge). */
  private final AtomicLong waitingAfterPass = new AtomicLong();

  @Inject LogEventRepository repository;
  @Inject IngestService ingest;
  @Inject IngestConfig config;

  private Counter accepted;
  private Counter rejected;

  /**
   * The outcome of one logs export request.
   *
   * @param acceptedEvents GenAI events kept (re-sent ones included)
   * @param rejectedRecords log records not kept
   * @param rejectionMessage why, or empty
   */
  public record Result(int acceptedEvents, int rejectedRecords, String rejectionMessage) {}

  @Inject
  void metrics(MeterRegistry registry) {
    accepted =
        Counter.builder("weft.ingest.log.events.accepted")
            .description("GenAI events received as OTLP log records and stored")
            .register(registry);
    rejected =
        Counter.builder("weft.ingest.log.records.rejected")
            .description("OTLP log records not kept (not GenAI events, or without a span)")
            .register(registry);
    Gauge.builder("weft.ingest.log.events.waiting", waitingAfterPass, AtomicLong::get)
        .description(
            "GenAI log events whose span was not stored at the last pass (deleted after"
                + " weft.ingest.log-events.max-wait)")
        .register(registry);
  }

  /**
   * Decodes and stores one logs export request. Called on a Vert.x duplicated context, as {@link
   * IngestService#ingest}; decoding runs on a worker thread. The answer comes once the events are
   * committed; moving them into stored spans happens after it.
   *
   * @param decode decodes the request body; may throw {@code OtlpDecodeException}
   */
  public Uni<Result> ingest(Principal principal, Supplier<List<DecodedLogRecord>> decode) {
    Context context = Vertx.currentContext();
    Executor onContext = task -> context.runOnContext(ignored -> task.run());
    return Uni.createFrom()
        .item(() -> GenAiLogEvents.select(decode.get()))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        // Project lookups (Hibernate Reactive) run on the request's context.
        .emitOn(onContext)
        .flatMap(
            selection ->
                ingest
                    .projectIds(principal, projectNames(selection))
                    .flatMap(ids -> repository.insert(newEvents(selection, principal, ids)))
                    .replaceWith(selection))
        .map(
            selection -> {
              accepted.increment(selection.events().size());
              rejected.increment(selection.rejected());
              if (!selection.events().isEmpty()) {
                applyPending().subscribe().with(n -> {}, this::logFailure);
              }
              return new Result(
                  selection.events().size(), selection.rejected(), selection.message());
            });
  }

  @Scheduled(
      every = "${weft.ingest.log-events.apply-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return applyPending()
        .flatMap(n -> repository.expire(config.logEvents().maxWait()))
        .invoke(
            expired -> {
              if (expired > 0) {
                LOG.infof(
                    "Deleted %d GenAI log events whose span was not stored within %s",
                    expired, config.logEvents().maxWait());
              }
            })
        .onFailure()
        .invoke(this::logFailure)
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /**
   * Moves every waiting event whose span is stored into that span. One pass at a time: a call while
   * a pass runs returns 0 at once (the running pass or the next scheduled one picks its events up).
   *
   * @return the number of events moved
   */
  public Uni<Integer> applyPending() {
    if (!applying.compareAndSet(false, true)) {
      return Uni.createFrom().item(0);
    }
    return applyFrom(0, new Pass())
        .map(
            pass -> {
              waitingAfterPass.set(pass.read - pass.moved);
              return pass.moved;
            })
        .onTermination()
        .invoke(() -> applying.set(false));
  }

  /** Counts of one pass over the waiting events. */
  private static final class Pass {
    long read;
    int moved;
  }

  /** Handles the waiting events after {@code afterId}, a batch at a time, to the last one. */
  private Uni<Pass> applyFrom(long afterId, Pass pass) {
    return repository
        .waiting(afterId, APPLY_BATCH)
        .flatMap(
            waiting -> {
              if (waiting.isEmpty()) {
                return Uni.createFrom().item(pass);
              }
              long lastId = waiting.get(waiting.size() - 1).id();
              return repository
                  .spanStarts(waiting)
                  .flatMap(starts -> apply(matches(waiting, starts)))
                  .flatMap(
                      moved -> {
                        pass.read += waiting.size();
                        pass.moved += moved;
                        return waiting.size() < APPLY_BATCH
                            ? Uni.createFrom().item(pass)
                            : applyFrom(lastId, pass);
                      });
            });
  }

  /** Moves matched events into their spans; returns how many. */
  private Uni<Integer> apply(List<Match> matches) {
    if (matches.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Uni.createFrom()
        .item(() -> contents(matches))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(contents -> repository.apply(contents, ids(matches)))
        .replaceWith(matches.size());
  }

  /** The events whose span is stored, with the span's start time. */
  static List<Match> matches(List<Waiting> waiting, Map<SpanKey, OffsetDateTime> starts) {
    List<Match> out = new ArrayList<>();
    for (Waiting e : waiting) {
      OffsetDateTime start = starts.get(SpanKey.of(e));
      if (start != null) {
        out.add(new Match(e, start));
      }
    }
    return out;
  }

  /** The content each matched span gets: its events (in time order), normalised together. */
  List<SpanContent> contents(List<Match> matches) {
    Map<SpanKey, List<Match>> bySpan = new LinkedHashMap<>();
    for (Match m : matches) {
      bySpan.computeIfAbsent(SpanKey.of(m.event()), k -> new ArrayList<>()).add(m);
    }
    List<SpanContent> out = new ArrayList<>(bySpan.size());
    for (List<Match> events : bySpan.values()) {
      Waiting first = events.get(0).event();
      List<DecodedEvent> decoded = new ArrayList<>(events.size());
      for (Match m : events) {
        DecodedEvent event = LogEventJson.read(m.event().eventJson());
        if (event != null) {
          decoded.add(event);
        }
      }
      decoded.sort((a, b) -> Long.compare(a.timeUnixNano(), b.timeUnixNano()));
      CanonicalSpan c = normalizer.normalizeEvents(first.traceId(), first.spanId(), decoded);
      SpanRowMapper.Content content = SpanRowMapper.content(c);
      if (content.input() != null || content.output() != null) {
        out.add(
            new SpanContent(
                first.projectId(),
                first.traceId(),
                first.spanId(),
                events.get(0).spanStart(),
                content.input(),
                content.output()));
      }
    }
    return out;
  }

  private static List<Long> ids(List<Match> matches) {
    List<Long> ids = new ArrayList<>(matches.size());
    matches.forEach(m -> ids.add(m.event().id()));
    return ids;
  }

  private static Set<String> projectNames(Selection selection) {
    Set<String> names = new TreeSet<>();
    for (SpanEvent e : selection.events()) {
      if (e.project() != null) {
        names.add(e.project());
      }
    }
    return names;
  }

  private static List<NewEvent> newEvents(
      Selection selection, Principal principal, Map<String, Long> projectIds) {
    List<NewEvent> out = new ArrayList<>(selection.events().size());
    for (SpanEvent e : selection.events()) {
      long projectId = e.project() == null ? principal.projectId() : projectIds.get(e.project());
      out.add(
          new NewEvent(
              projectId,
              e.traceId(),
              e.spanId(),
              SpanRowMapper.time(e.event().timeUnixNano()),
              LogEventJson.write(e.event())));
    }
    return out;
  }

  private void logFailure(Throwable failure) {
    if (DatabaseFailures.unavailable(failure)) {
      // An outage: requests already answer 503 and say so; a pass a second would only repeat it.
      LOG.debugf("Moving GenAI log events into their spans waits for the database: %s", failure);
    } else {
      LOG.warnf("Moving GenAI log events into their spans failed (retried next pass): %s", failure);
    }
  }
}
