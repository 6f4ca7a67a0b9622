package dev.weft.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.common.QueryParameters;
import dev.weft.server.runs.RunViews.Accepted;
import dev.weft.server.runs.RunViews.AlignedSeries;
import dev.weft.server.runs.RunViews.Comparison;
import dev.weft.server.runs.RunViews.CreateRun;
import dev.weft.server.runs.RunViews.FinishRun;
import dev.weft.server.runs.RunViews.HistoryView;
import dev.weft.server.runs.RunViews.MetricKeyView;
import dev.weft.server.runs.RunViews.PointView;
import dev.weft.server.runs.RunViews.RunPage;
import dev.weft.server.runs.RunViews.RunView;
import dev.weft.server.runs.RunViews.UpdateRun;
import dev.weft.server.traces.TraceQuery;
import dev.weft.server.traces.TraceQuerySql;
import dev.weft.server.traces.TraceRepository;
import dev.weft.server.traces.TraceResource;
import dev.weft.server.traces.TraceViews.TracePage;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Experiment runs: lifecycle, metric history, listing, comparison and linked traces. */
@Path("/api/v1/projects/{project}/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
public class RunResource {

  /** Client-generated run id grammar. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int MAX_COMPARE_RUNS = 20;
  private static final int MAX_COMPARE_KEYS = 20;
  private static final int MAX_HISTORY_POINTS = 100_000;

  @Inject RunRepository runs;
  @Inject MetricWriter writer;
  @Inject RunsConfig config;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;
  @Inject TraceRepository traces;

  /** Creates a run, or returns the existing one with the same id (never overwriting it). */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "Create a run (idempotent on id: 201 new, 200 existing and unchanged)")
  public Uni<Response> create(@PathParam("project") String project, CreateRun body) {
    if (body == null) {
      throw ProblemException.badRequest("expected a JSON object describing the run");
    }
    String id = body.id() == null ? newId() : checkId(body.id());
    checkTags(body.tags());
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.create(projectId, id, body))
        .map(
            c ->
                Response.status(c.created() ? Response.Status.CREATED : Response.Status.OK)
                    .entity(c.run())
                    .build());
  }

  /** Lists runs; see {@link RunQuery} for the grammar. */
  @GET
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "List runs with filters, sort and keyset paging",
      description =
          "state (any of), tag (all of), group, config.<key>=<value>, summary.<key>=<value>"
              + " (value compared as text; gt:/gte:/lt:/lte: compare numbers; ne: differs),"
              + " sort=createdAt|startedAt|name|summary.<key>|config.<key>, order=desc|asc, limit=1..1000,"
              + " cursor=nextCursor.")
  public Uni<RunPage> list(@PathParam("project") String project, @Context UriInfo uri) {
    RunQuery query = RunQuery.parse(uri.getQueryParameters());
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.list(projectId, query))
        .map(
            rows -> {
              boolean more = rows.size() > query.limit();
              List<RunView> items = new ArrayList<>();
              for (int i = 0; i < Math.min(rows.size(), query.limit()); i++) {
                items.add(rows.get(i).getKey());
              }
              String next = null;
              if (more) {
                var last = rows.get(query.limit() - 1);
                next =
                    new RunQuery.Cursor(
                            query.sort(), query.ascending(), last.getValue(), last.getKey().id())
                        .encode();
              }
              return new RunPage(items, next);
            });
  }

  /** Several runs side by side: config differences and series aligned by step. */
  @GET
  @Path("/compare")
  @RequiresScope(Scope.READ)
  @Operation(summary = "Compare runs: config diff and metric series aligned by step")
  public Uni<Comparison> compare(
      @PathParam("project") String project,
      @QueryParam("ids") String ids,
      @QueryParam("keys") String keys,
      @QueryParam("maxPoints") Integer maxPoints) {
    List<String> runIds = csv(ids);
    if (runIds.size() < 1) {
      throw ProblemException.badRequest("give the runs to compare as ids=a,b,c");
    }
    if (runIds.size() > MAX_COMPARE_RUNS) {
      throw ProblemException.badRequest("at most " + MAX_COMPARE_RUNS + " runs can be compared");
    }
    runIds.forEach(RunResource::checkId);
    List<String> metricKeys = csv(keys);
    if (metricKeys.size() > MAX_COMPARE_KEYS) {
      throw ProblemException.badRequest("at most " + MAX_COMPARE_KEYS + " keys can be compared");
    }
    for (String k : metricKeys) {
      checkKey(k);
    }
    int points = maxPoints(maxPoints);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId ->
                runs.getAll(projectId, runIds)
                    .flatMap(
                        found -> {
                          List<String> missing =
                              runIds.stream().filter(id -> !found.containsKey(id)).toList();
                          if (!missing.isEmpty()) {
                            return Uni.createFrom()
                                .failure(
                                    ProblemException.notFound(
                                        "project '" + project + "' has no run(s) " + missing));
                          }
                          List<RunView> ordered = runIds.stream().map(found::get).toList();
                          return series(projectId, runIds, metricKeys, points)
                              .map(series -> new Comparison(ordered, configDiff(ordered), series));
                        }));
  }

  private Uni<Map<String, AlignedSeries>> series(
      long projectId, List<String> runIds, List<String> keys, int maxPoints) {
    if (keys.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Uni<HistoryView>> histories = new ArrayList<>();
    for (String key : keys) {
      for (String run : runIds) {
        histories.add(runs.history(projectId, run, key, maxPoints, false, null, null));
      }
    }
    // One at a time: a comparison should not take the whole pool from ingest.
    Uni<List<HistoryView>> all = Uni.createFrom().item(new ArrayList<>());
    for (Uni<HistoryView> h : histories) {
      all =
          all.flatMap(
              list ->
                  h.map(
                      v -> {
                        list.add(v);
                        return list;
                      }));
    }
    return all.map(list -> align(runIds, keys, list));
  }

  /** Aligns histories (key-major, run-minor order) on the union of their steps. */
  static Map<String, AlignedSeries> align(
      List<String> runIds, List<String> keys, List<HistoryView> histories) {
    Map<String, AlignedSeries> out = new LinkedHashMap<>();
    Iterator<HistoryView> it = histories.iterator();
    for (String key : keys) {
      TreeSet<Long> steps = new TreeSet<>();
      Map<String, Map<Long, Double>> byRun = new LinkedHashMap<>();
      for (String run : runIds) {
        Map<Long, Double> values = new HashMap<>();
        for (PointView p : it.next().points()) {
          steps.add(p.step());
          values.put(p.step(), p.value());
        }
        byRun.put(run, values);
      }
      Map<String, List<Double>> columns = new LinkedHashMap<>();
      for (var e : byRun.entrySet()) {
        List<Double> column = new ArrayList<>(steps.size());
        for (Long step : steps) {
          column.add(e.getValue().get(step));
        }
        columns.put(e.getKey(), column);
      }
      out.put(key, new AlignedSeries(List.copyOf(steps), columns));
    }
    return out;
  }

  /** Config keys (nested ones joined with '.') whose values are not the same in every run. */
  static Map<String, Map<String, JsonNode>> configDiff(List<RunView> runs) {
    List<Map<String, JsonNode>> flat = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    for (RunView run : runs) {
      Map<String, JsonNode> f = new TreeMap<>();
      flatten("", run.config(), f);
      flat.add(f);
      keys.addAll(f.keySet());
    }
    Map<String, Map<String, JsonNode>> diff = new LinkedHashMap<>();
    for (String key : keys) {
      Set<JsonNode> distinct = new LinkedHashSet<>();
      Map<String, JsonNode> perRun = new LinkedHashMap<>();
      for (int i = 0; i < runs.size(); i++) {
        JsonNode v = flat.get(i).getOrDefault(key, NullNode.getInstance());
        distinct.add(v);
        perRun.put(runs.get(i).id(), v);
      }
      if (distinct.size() > 1) {
        diff.put(key, perRun);
      }
    }
    return diff;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node == null) {
      return;
    }
    if (node.isObject() && (prefix.isEmpty() || node.size() > 0)) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (!prefix.isEmpty()) {
      out.put(prefix, node);
    }
  }

  /** One run. */
  @GET
  @Path("/{id}")
  @RequiresScope(Scope.READ)
  @Operation(summary = "One run")
  public Uni<RunView> get(@PathParam("project") String project, @PathParam("id") String id) {
    checkId(id);
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.get(projectId, id))
        .onItem()
        .ifNull()
        .failWith(() -> unknownRun(project, id));
  }

  /** Updates name, group, tags, notes; merges config and summary key by key. */
  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(
      summary = "Update a run",
      description =
          "Absent fields stay; tags replace; config and summary merge key by key (jsonb ||), a"
              + " key set to null is removed.")
  public Uni<RunView> update(
      @PathParam("project") String project, @PathParam("id") String id, UpdateRun body) {
    checkId(id);
    if (body == null) {
      throw ProblemException.badRequest("expected a JSON object with the fields to change");
    }
    checkTags(body.tags());
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.update(projectId, id, body))
        .onItem()
        .ifNull()
        .failWith(() -> unknownRun(project, id));
  }

  /** Records a heartbeat; a crashed run becomes running again. */
  @POST
  @Path("/{id}/heartbeat")
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "Heartbeat: keeps a run from being marked crashed; revives a crashed run")
  public Uni<Response> heartbeat(@PathParam("project") String project, @PathParam("id") String id) {
    checkId(id);
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.heartbeat(projectId, id))
        .map(
            found -> {
              if (!found) {
                throw unknownRun(project, id);
              }
              return Response.noContent().build();
            });
  }

  /** Finishes a run (idempotent: the first finish wins). */
  @POST
  @Path("/{id}/finish")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "Finish a run as finished or failed (idempotent; the first finish wins)")
  public Uni<RunView> finish(
      @PathParam("project") String project, @PathParam("id") String id, FinishRun body) {
    checkId(id);
    if (body == null || body.state() == null) {
      throw ProblemException.badRequest(
          "give the final state: {\"state\":\"finished\"|\"failed\"}");
    }
    if (!body.state().equals("finished") && !body.state().equals("failed")) {
      throw ProblemException.badRequest(
          "invalid state '" + body.state() + "'; a run finishes as finished or failed");
    }
    String summary = body.summary() == null ? null : body.summary().toString();
    return projects
        .resolve(caller.get(), project)
        .flatMap(projectId -> runs.finish(projectId, id, body.state(), summary, body.exitCode()))
        .onItem()
        .ifNull()
        .failWith(() -> unknownRun(project, id));
  }

  /** Appends metric points (idempotent per key and step). */
  @POST
  @Path("/{id}/metrics")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(
      summary = "Append metric points",
      description =
          "Body {\"points\":[{\"key\",\"step\",\"value\",\"time\"?}]}; all or nothing. A (key, step)"
              + " already stored is skipped (replays are idempotent, the first value wins). A"
              + " point below the key's highest stored step must be such a replay, otherwise"
              + " 400.")
  public Uni<Accepted> append(
      @PathParam("project") String project, @PathParam("id") String id, JsonNode body) {
    checkId(id);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId -> {
              MetricBatchParser.Parsed parsed =
                  MetricBatchParser.parse(
                      body,
                      projectId,
                      id,
                      config.maxPointsPerRequest(),
                      OffsetDateTime.now(ZoneOffset.UTC));
              int total = body.get("points").size();
              List<MetricPoint> points = parsed.points();
              List<String> keys = points.stream().map(MetricPoint::key).distinct().toList();
              return runs.maxSteps(projectId, id, keys)
                  .flatMap(
                      maxSteps -> {
                        if (maxSteps == null) {
                          return Uni.createFrom().failure(unknownRun(project, id));
                        }
                        return checkReplays(projectId, id, parsed, maxSteps)
                            .flatMap(ignored -> writer.write(points))
                            .map(ignored -> new Accepted(total));
                      });
            });
  }

  /**
   * The step rule: a point at or below its key's highest stored step is accepted only when that
   * (key, step) is already stored (a replay, skipped); otherwise the request is refused.
   */
  private Uni<Void> checkReplays(
      long projectId, String runId, MetricBatchParser.Parsed parsed, Map<String, Long> maxSteps) {
    List<Integer> candidates = new ArrayList<>();
    List<MetricPoint> points = parsed.points();
    for (int i = 0; i < points.size(); i++) {
      Long max = maxSteps.get(points.get(i).key());
      if (max != null && points.get(i).step() <= max) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> keys = candidates.stream().map(i -> points.get(i).key()).toList();
    List<Long> steps = candidates.stream().map(i -> points.get(i).step()).toList();
    return runs.existing(projectId, runId, keys, steps)
        .map(
            stored -> {
              for (int i : candidates) {
                MetricPoint p = points.get(i);
                if (!stored.contains(p.key() + '\u0000' + p.step())) {
                  throw ProblemException.badRequest(
                      "point "
                          + parsed.indexes().get(i)
                          + " (key '"
                          + p.key()
                          + "', step "
                          + p.step()
                          + ") goes back: the highest stored step of '"
                          + p.key()
                          + "' is "
                          + maxSteps.get(p.key())
                          + ". Steps of a key only grow; a point below the highest step is"
                          + " accepted only as a replay of one already stored. Nothing of this"
                          + " request was stored.");
                }
              }
              return null;
            });
  }

  /** Keys of a run with statistics; with {@code ?key=} the history of that key instead. */
  @GET
  @Path("/{id}/metrics")
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "Metric keys of a run (count, min, max, last); ?key=... gives one key's history")
  // The declared schema is the key list (the UI's generated types need one); the ?key= form
  // answers a HistoryView, documented on /metrics/{key}.
  @APIResponse(
      responseCode = "200",
      description = "The run's metric keys",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = MetricKeyView.class)))
  public Uni<Object> metrics(
      @PathParam("project") String project,
      @PathParam("id") String id,
      @QueryParam("key") String key,
      @QueryParam("maxPoints") Integer maxPoints,
      @QueryParam("x") @DefaultValue("step") String x,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    if (key != null) {
      return history(project, id, key, maxPoints, x, from, to).map(h -> (Object) h);
    }
    checkId(id);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId -> requireRun(projectId, project, id).flatMap(r -> runs.keys(projectId, id)))
        .map(list -> (Object) list);
  }

  /** The history of one key, downsampled to at most {@code maxPoints} points. */
  @GET
  @Path("/{id}/metrics/{key: .+}")
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "History of one metric key, downsampled server-side",
      description =
          "maxPoints (default 1000): at most this many points; min and max of each of maxPoints/2"
              + " equal buckets are kept. x=step|time: the bucket axis; from/to bound it (steps,"
              + " or ISO-8601 instants for x=time), inclusive. Keys with '/' may be sent as is,"
              + " URL-encoded, or as ?key= on /metrics.")
  public Uni<HistoryView> history(
      @PathParam("project") String project,
      @PathParam("id") String id,
      @PathParam("key") String key,
      @QueryParam("maxPoints") Integer maxPoints,
      @QueryParam("x") @DefaultValue("step") String x,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    checkId(id);
    checkKey(key);
    int points = maxPoints(maxPoints);
    boolean byTime;
    if (x.equals("time")) {
      byTime = true;
    } else if (x.equals("step")) {
      byTime = false;
    } else {
      throw ProblemException.badRequest("invalid x '" + x + "'; use step or time");
    }
    Double lo = bound("from", from, byTime);
    Double hi = bound("to", to, byTime);
    if (lo != null && hi != null && lo > hi) {
      throw ProblemException.badRequest("'from' must not be after 'to'");
    }
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId ->
                requireRun(projectId, project, id)
                    .flatMap(r -> runs.history(projectId, id, key, points, byTime, lo, hi)));
  }

  /** The traces produced while the run was active (spans with {@code weft.run.id}). */
  @GET
  @Path("/{id}/traces")
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "Traces of a run",
      description = "Takes the trace list's sort, order, limit and cursor parameters.")
  public Uni<TracePage> traces(
      @PathParam("project") String project, @PathParam("id") String id, @Context UriInfo uri) {
    checkId(id);
    QueryParameters.requireKnown(
        uri.getQueryParameters().keySet(),
        Set.of("sort", "order", "limit", "cursor", "from", "to", "status"),
        "a run's traces take from, to, status, sort, order, limit and cursor");
    Map<String, List<String>> params = new HashMap<>(uri.getQueryParameters());
    params.put("run", List.of(id));
    TraceQuery query = TraceQuery.parse(params);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            projectId ->
                requireRun(projectId, project, id)
                    .flatMap(r -> traces.list(TraceQuerySql.build(projectId, query))))
        .map(page -> TraceResource.toPage(page, query));
  }

  private Uni<RunView> requireRun(long projectId, String project, String id) {
    return runs.get(projectId, id).onItem().ifNull().failWith(() -> unknownRun(project, id));
  }

  private int maxPoints(Integer maxPoints) {
    if (maxPoints == null) {
      return config.defaultMaxPoints();
    }
    if (maxPoints < 2 || maxPoints > MAX_HISTORY_POINTS) {
      throw ProblemException.badRequest(
          "maxPoints must be between 2 and " + MAX_HISTORY_POINTS + ", got " + maxPoints);
    }
    return maxPoints;
  }

  private static Double bound(String name, String value, boolean byTime) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (byTime) {
      try {
        Instant t = Instant.parse(value.trim());
        return t.getEpochSecond() + t.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        throw ProblemException.badRequest(
            "invalid '"
                + name
                + "': with x=time use an ISO-8601 instant such as"
                + " 2026-11-27T10:00:00Z");
      }
    }
    try {
      return (double) Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(
          "invalid '" + name + "': '" + value + "' is not a step (an integer)");
    }
  }

  private static List<String> csv(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank() && !out.contains(part.trim())) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static String checkId(String id) {
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw ProblemException.badRequest(
          "invalid run id '" + id + "': use 1-64 letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private static void checkKey(String key) {
    if (key == null || !MetricBatchParser.KEY.matcher(key).matches()) {
      throw ProblemException.badRequest(
          "invalid metric key '" + key + "': use 1-128 letters, digits, '_', '.', '/', ' ' or '-'");
    }
  }

  private static void checkTags(List<String> tags) {
    if (tags == null) {
      return;
    }
    if (tags.size() > 100) {
      throw ProblemException.badRequest("at most 100 tags per run");
    }
    for (String tag : tags) {
      if (tag == null || tag.isBlank() || tag.length() > 128 || tag.contains(",")) {
        throw ProblemException.badRequest(
            "invalid tag "
                + (tag == null ? "null" : "'" + tag + "'")
                + ": tags are 1-128 characters without ','");
      }
    }
  }

  private static ProblemException unknownRun(String project, String id) {
    return ProblemException.notFound("project '" + project + "' has no run '" + id + "'");
  }

  private static String newId() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
