package dev.weft.server.traces;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.common.QueryParameters;
import dev.weft.server.traces.TraceViews.SpanView;
import dev.weft.server.traces.TraceViews.TraceCount;
import dev.weft.server.traces.TraceViews.TraceDeletion;
import dev.weft.server.traces.TraceViews.TraceFacets;
import dev.weft.server.traces.TraceViews.TracePage;
import dev.weft.server.traces.TraceViews.TraceSpans;
import dev.weft.server.traces.TraceViews.TraceSummary;
import dev.weft.server.traces.TraceViews.TraceTree;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Traces, spans and sessions of a project. */
@Path("/api/v1/projects/{project}/traces")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.READ)
@Tag(name = "Traces")
public class TraceResource {

  private static final Duration FACET_DEFAULT_RANGE = Duration.ofDays(7);

  private static final Set<String> LIST_PARAMS =
      Set.of(
          "from",
          "to",
          "name",
          "status",
          "model",
          "provider",
          "kind",
          "minDurationMs",
          "minCost",
          "q",
          "session",
          "run",
          "attr",
          "sort",
          "order",
          "limit",
          "cursor",
          "total");

  @Inject TraceRepository repository;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;

  /** Lists traces; see {@link TraceQuery} for the filter grammar. */
  @GET
  @Operation(
      summary = "List traces with filters, sorting and keyset paging",
      description =
          "Filters (all optional, AND-ed): from, to (ISO-8601 instants on the trace start);"
              + " name (the trace's name, exact; repeatable, any of them); status=ok|error; model, provider, kind (repeatable or comma-separated; any"
              + " span matching any value); minDurationMs; minCost (USD); q (text in any span's"
              + " input or output, case-insensitive); session; run; attr=key=value (repeatable,"
              + " equality on any span's attribute or its resource's, e.g. service.name). sort=startTime|duration|tokens|cost,"
              + " order=desc|asc, limit=1..1000 (default 50), cursor=nextCursor of the previous"
              + " page. total=true also counts every trace the filters match (whatever the page),"
              + " up to 10,000: the page's total is then {count, exact}, with exact=false meaning"
              + " more than count.")
  // The filters are read from the raw query (to reject unknown names); these declarations put
  // them in the published contract, from which the UI's types are generated.
  @Parameter(
      name = "from",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "to",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "name",
      in = ParameterIn.QUERY,
      description =
          "the trace's name (its root span's, else its earliest span's), exact; repeatable: any"
              + " of them",
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  @Parameter(
      name = "status",
      in = ParameterIn.QUERY,
      schema =
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"ok", "error"}))
  @Parameter(
      name = "model",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  @Parameter(
      name = "provider",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  @Parameter(
      name = "kind",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  @Parameter(
      name = "minDurationMs",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.NUMBER))
  @Parameter(name = "minCost", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.NUMBER))
  @Parameter(name = "q", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "session", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "run", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
  @Parameter(
      name = "attr",
      in = ParameterIn.QUERY,
      description =
          "key=value: some span has the attribute, or its resource has it (service.name,"
              + " deployment.environment.name, ...), with this value as text",
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  @Parameter(
      name = "sort",
      in = ParameterIn.QUERY,
      schema =
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"startTime", "duration", "tokens", "cost"}))
  @Parameter(
      name = "order",
      in = ParameterIn.QUERY,
      schema =
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"desc", "asc"}))
  @Parameter(
      name = "limit",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "total", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.BOOLEAN))
  public Uni<TracePage> list(@PathParam("project") String project, @Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParameters.requireKnown(
        params.keySet(), LIST_PARAMS, "the trace list takes " + LIST_PARAMS);
    TraceQuery query = TraceQuery.parse(params);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            id -> {
              Uni<TracePage> page =
                  repository.list(TraceQuerySql.build(id, query)).map(p -> toPage(p, query));
              if (!query.total()) {
                return page;
              }
              // Both statements go to the pool at once.
              return Uni.combine()
                  .all()
                  .unis(page, repository.count(TraceQuerySql.count(id, query)))
                  .with(
                      (p, counted) ->
                          new TracePage(p.items(), p.nextCursor(), TraceCount.of(counted)));
            });
  }

  /**
   * Trace names, models, providers and kinds seen in the project's traces, for filter suggestions;
   * the range defaults to the last 7 days.
   */
  @GET
  @Path("/facets")
  @Operation(
      summary =
          "Trace names, models, providers and span kinds present in a time range (default: last 7"
              + " days)")
  @Parameter(
      name = "from",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "to",
      in = ParameterIn.QUERY,
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  public Uni<TraceFacets> facets(@PathParam("project") String project, @Context UriInfo uri) {
    TimeRange range =
        TimeRange.ofQuery(
            uri.getQueryParameters(),
            "facets take from and to",
            Instant.now(),
            to -> to.minus(FACET_DEFAULT_RANGE));
    return projects
        .resolve(caller.get(), project)
        .flatMap(id -> repository.facets(id, range.from(), range.to()));
  }

  /** One trace as a tree of spans. */
  @GET
  @Path("/{traceId}")
  @Operation(summary = "A trace as a tree of spans with canonical fields and raw attributes")
  public Uni<TraceTree> trace(
      @PathParam("project") String project, @PathParam("traceId") String traceId) {
    return withTrace(
        project,
        traceId,
        (projectId, id, summary) ->
            repository
                .spans(projectId, id)
                .map(spans -> new TraceTree(summary, TraceTreeBuilder.build(spans))));
  }

  /**
   * Deletes a trace with all its spans (for example a conversation a user asked to have erased).
   * Spans of it that arrive later make a new trace.
   */
  @DELETE
  @Path("/{traceId}")
  @RequiresScope(Scope.ADMIN)
  @Operation(
      summary =
          "Delete a trace and all its spans (admin key); later spans of it would form a new trace")
  public Uni<TraceDeletion> delete(
      @PathParam("project") String project, @PathParam("traceId") String traceId) {
    byte[] id = hexId(traceId, 16, "trace id");
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> repository.delete(projectId, id))
        .map(
            spans -> {
              if (spans == null) {
                throw ProblemException.notFound(
                    "project '" + project + "' has no trace " + traceId);
              }
              return new TraceDeletion(traceId.toLowerCase(java.util.Locale.ROOT), spans);
            });
  }

  /**
   * The spans of one trace in a light, flat form (no attributes, messages or events), for views of
   * big traces: a client links them by {@code parentSpanId} and fetches a whole span on demand.
   */
  @GET
  @Path("/{traceId}/spans")
  @Operation(
      summary = "A trace's spans, flat and light: ids, parent, name, kind, status, timing, usage",
      description =
          "Every stored span of the trace by start time, with only what a tree row or timeline"
              + " bar needs; offsetMs is relative to summary.startTime. A span whose parent is"
              + " not in the list is a root. Fetch one span for its attributes and messages.")
  public Uni<TraceSpans> spans(
      @PathParam("project") String project, @PathParam("traceId") String traceId) {
    return withTrace(
        project,
        traceId,
        (projectId, id, summary) ->
            repository
                .spanRows(projectId, id, summary.startTime())
                .map(rows -> new TraceSpans(summary, rows)));
  }

  /** What to read once a trace is known to exist in the caller's project. */
  @FunctionalInterface
  private interface TraceReader<T> {
    Uni<T> read(long projectId, byte[] traceId, TraceSummary summary);
  }

  /** Resolves the project and the trace (400 for a malformed id, 404 for an unknown trace). */
  private <T> Uni<T> withTrace(String project, String traceId, TraceReader<T> reader) {
    byte[] id = hexId(traceId, 16, "trace id");
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId ->
                repository
                    .summary(projectId, id)
                    .flatMap(
                        summary ->
                            summary == null
                                ? Uni.createFrom()
                                    .<T>failure(
                                        ProblemException.notFound(
                                            "project '" + project + "' has no trace " + traceId))
                                : reader.read(projectId, id, summary)));
  }

  /** One span. */
  @GET
  @Path("/{traceId}/spans/{spanId}")
  @Operation(summary = "One span with canonical fields and raw attributes")
  public Uni<SpanView> span(
      @PathParam("project") String project,
      @PathParam("traceId") String traceId,
      @PathParam("spanId") String spanId) {
    byte[] trace = hexId(traceId, 16, "trace id");
    byte[] span = hexId(spanId, 8, "span id");
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> repository.span(projectId, trace, span))
        .onItem()
        .ifNull()
        .failWith(
            () ->
                ProblemException.notFound(
                    "project '" + project + "' has no span " + spanId + " in trace " + traceId));
  }

  /** Turns a fetched page (one row more than the limit) into the answer with its next cursor. */
  public static TracePage toPage(TraceRepository.Page page, TraceQuery query) {
    boolean more = page.items().size() > query.limit();
    if (!more) {
      return new TracePage(page.items(), null, null);
    }
    int last = query.limit() - 1;
    Cursor next =
        new Cursor(
            query.sort(),
            query.ascending(),
            page.sortValues().get(last),
            HexFormat.of().parseHex(page.items().get(last).traceId()));
    return new TracePage(List.copyOf(page.items().subList(0, query.limit())), next.encode(), null);
  }

  /** Parses a hex id of the given byte length; 400 otherwise. */
  static byte[] hexId(String hex, int bytes, String what) {
    if (hex == null || hex.length() != bytes * 2) {
      throw ProblemException.badRequest(
          "invalid " + what + " '" + hex + "': expected " + bytes * 2 + " hex characters");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "invalid " + what + " '" + hex + "': expected " + bytes * 2 + " hex characters");
    }
  }

  static String encode(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
