package dev.weft.server.ingest;

import dev.weft.server.auth.Principal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.common.ProblemException;
import dev.weft.server.ingest.otlp.DecodedRequest;
import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.ingest.otlp.SpanTimeWindow;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.SpanNormalizer;
import dev.weft.server.pricing.CostCalculator;
import dev.weft.server.pricing.PriceService;
import dev.weft.server.pricing.PriceTable;
import dev.weft.server.retention.RetentionConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The ingest pipeline after the wire, shared by OTLP/HTTP and OTLP/gRPC: decode, keep the spans
 * that start inside the accepted time window ({@link SpanTimeWindow}), normalise each span, decide
 * its project, price it, and hand the rows to the {@link SpanWriter}.
 */
@ApplicationScoped
public class IngestService {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Inject SpanWriter writer;
  @Inject PriceService prices;
  @Inject ProjectService projects;
  @Inject IngestConfig config;
  @Inject RetentionConfig retention;

  private Counter accepted;
  private Counter rejected;

  /**
   * The outcome of one export request.
   *
   * @param acceptedSpans spans stored (or already stored: re-sent spans count as accepted)
   * @param rejectedSpans invalid spans dropped
   * @param rejectionMessage why spans were dropped, or empty
   */
  public record Result(int acceptedSpans, int rejectedSpans, String rejectionMessage) {}

  /** Decoded and normalised spans, before their projects are resolved. */
  private record Normalized(
      DecodedRequest request, List<CanonicalSpan> canonical, Set<String> namedProjects) {}

  /** Normalised spans with the project id and price table of each project they name. */
  private record Resolved(
      Normalized batch, Principal principal, Map<String, Long> ids, Map<Long, PriceTable> tables) {}

  @Inject
  void metrics(MeterRegistry registry) {
    accepted =
        Counter.builder("weft.ingest.spans.accepted")
            .description("Spans accepted and committed")
            .register(registry);
    rejected =
        Counter.builder("weft.ingest.spans.rejected")
            .description("Spans rejected as invalid (answered in partial_success)")
            .register(registry);
  }

  /**
   * Decodes and stores one export request for the caller. Must be called on a Vert.x duplicated
   * context (a REST request, or one made with {@code VertxContext.getOrCreateDuplicatedContext}):
   * CPU work (decoding, normalising, serialising) runs on worker threads, database lookups back on
   * that context, and the returned {@code Uni} completes once the spans are committed.
   *
   * <p>A span names its project with {@code weft.project} (on the span or its resource); without it
   * the span belongs to the key's project. A key may only write its own project: a request that
   * names another one is refused as a whole (403) and nothing of it is stored.
   *
   * @param decode decodes the request body; may throw {@code OtlpDecodeException}
   */
  public Uni<Result> ingest(Principal principal, Supplier<DecodedRequest> decode) {
    Context context = Vertx.currentContext();
    Executor onContext = task -> context.runOnContext(ignored -> task.run());
    Executor workers = Infrastructure.getDefaultWorkerPool();
    return Uni.createFrom()
        .item(() -> normalize(decode.get()))
        .runSubscriptionOn(workers)
        .emitOn(onContext)
        .flatMap(batch -> resolve(principal, batch))
        .emitOn(workers)
        .flatMap(resolved -> writer.write(rows(resolved)).replaceWith(resolved.batch.request()))
        // The writer completes on its own thread: answer from the request's context.
        .emitOn(onContext)
        .map(
            request -> {
              accepted.increment(request.spans().size());
              rejected.increment(request.rejectedSpans());
              return new Result(
                  request.spans().size(), request.rejectedSpans(), request.rejectionMessage());
            });
  }

  private Normalized normalize(DecodedRequest decoded) {
    // Spans starting outside the window are rejected like malformed ones (see SpanTimeWindow).
    DecodedRequest request =
        SpanTimeWindow.at(Instant.now(), config.maxClockSkew(), retention.days()).apply(decoded);
    List<CanonicalSpan> canonical = new ArrayList<>(request.spans().size());
    Set<String> named = new TreeSet<>();
    for (DecodedSpan span : request.spans()) {
      CanonicalSpan c = normalizer.normalize(span);
      canonical.add(c);
      if (c.project() != null) {
        named.add(c.project());
      }
    }
    return new Normalized(request, canonical, named);
  }

  private Uni<Resolved> resolve(Principal principal, Normalized batch) {
    return projectIds(principal, batch.namedProjects())
        .map(ids -> new Resolved(batch, principal, ids, new HashMap<>()))
        .flatMap(this::withPriceTables);
  }

  /**
   * The ids of the projects an export request names with {@code weft.project}, plus the caller's
   * own, creating named projects that do not exist yet. A key may only write its own project: a
   * request naming another one fails as a whole with 403 (unless the caller may write every
   * project, i.e. auth is off).
   *
   * @param principal the caller
   * @param named the project names the request's items carry
   * @return project name to id, the caller's project included
   */
  public Uni<Map<String, Long>> projectIds(Principal principal, Set<String> named) {
    Set<String> others = new TreeSet<>(named);
    others.remove(principal.projectName());
    if (!others.isEmpty() && !principal.allProjects()) {
      return Uni.createFrom()
          .failure(
              ProblemException.forbidden(
                  "this API key belongs to project '"
                      + principal.projectName()
                      + "' but the request names project "
                      + String.join(", ", others.stream().map(p -> "'" + p + "'").toList())
                      + " in 'weft.project'; use a key of that project or remove the attribute"));
    }
    Map<String, Long> ids = new HashMap<>(Map.of(principal.projectName(), principal.projectId()));
    Uni<Map<String, Long>> result = Uni.createFrom().item(ids);
    for (String name : others) {
      result =
          result.flatMap(
              r ->
                  projects
                      .getOrCreate(name)
                      .map(
                          p -> {
                            r.put(name, p.id);
                            return r;
                          }));
    }
    return result;
  }

  private Uni<Resolved> withPriceTables(Resolved r) {
    Uni<Resolved> result = Uni.createFrom().item(r);
    for (Long id : Set.copyOf(r.ids().values())) {
      result =
          result.flatMap(
              resolved ->
                  prices
                      .tableFor(id)
                      .map(
                          table -> {
                            resolved.tables().put(id, table);
                            return resolved;
                          }));
    }
    return result;
  }

  private List<SpanRow> rows(Resolved r) {
    List<DecodedSpan> spans = r.batch().request().spans();
    List<SpanRow> rows = new ArrayList<>(spans.size());
    // Spans of one ResourceSpans/ScopeSpans share these objects: serialise each pair once.
    Map<DecodedResource, Map<DecodedScope, String>> resources = new IdentityHashMap<>();
    for (int i = 0; i < spans.size(); i++) {
      DecodedSpan span = spans.get(i);
      CanonicalSpan c = r.batch().canonical().get(i);
      long projectId = c.project() == null ? r.principal().projectId() : r.ids().get(c.project());
      Double cost = CostCalculator.cost(c, r.tables().get(projectId));
      String resource =
          resources
              .computeIfAbsent(span.resource(), k -> new IdentityHashMap<>())
              .computeIfAbsent(span.scope(), k -> SpanRowMapper.resourceJson(span));
      rows.add(SpanRowMapper.toRow(projectId, span, c, cost, resource));
    }
    return rows;
  }
}
