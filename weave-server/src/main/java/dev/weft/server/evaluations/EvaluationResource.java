package dev.weft.server.evaluations;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.evaluations.EvaluationViews.CreateEvaluation;
import dev.weft.server.evaluations.EvaluationViews.EvaluationPage;
import dev.weft.server.evaluations.EvaluationViews.EvaluationView;
import dev.weft.server.evaluations.EvaluationViews.EvaluationWithRows;
import dev.weft.server.evaluations.EvaluationViews.Leaderboard;
import dev.weft.server.evaluations.EvaluationViews.RowBatch;
import dev.weft.server.evaluations.EvaluationViews.RowsWritten;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Evaluations of a project: stored by the evaluators library (record, rows in batches, finish),
 * read with their rows, compared row by row, and ranked per dataset.
 */
@Path("/api/v1/projects/{project}/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations")
public class EvaluationResource {

  @Inject EvaluationRepository repository;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;

  /** Creates an evaluation record (rows follow with {@code POST /{id}/rows}). */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(
      summary = "Create an evaluation",
      description =
          "Body: id (optional UUID), name, dataset {name, version}, model, prompt, parameters,"
              + " scorers, gitCommit, summary, durationMs. Then POST rows in batches and POST"
              + " finish.")
  public Uni<Response> create(@PathParam("project") String project, CreateEvaluation body) {
    UUID id = EvaluationValidation.create(body);
    return projects
        .resolve(caller.get(), project)
        .flatMap(p -> repository.create(p, id, body))
        .map(v -> Response.status(201).entity(v).build());
  }

  /** Adds a batch of row results; rows already stored (same index and trial) are skipped. */
  @POST
  @Path("/{id}/rows")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.INGEST)
  @Operation(
      summary = "Add row results (≤ 1000 per request)",
      description =
          "Idempotent per (index, trial): a retried batch does not duplicate rows. 409 after"
              + " finish.")
  public Uni<RowsWritten> addRows(
      @PathParam("project") String project, @PathParam("id") String id, RowBatch body) {
    UUID uuid = EvaluationValidation.id(id);
    EvaluationValidation.rows(body == null ? null : body.rows());
    return projects
        .resolve(caller.get(), project)
        .flatMap(p -> repository.writeRows(p, uuid, body.rows()));
  }

  /** Marks the evaluation finished: no more rows, and it appears on leaderboards. */
  @POST
  @Path("/{id}/finish")
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "Finish an evaluation")
  public Uni<EvaluationView> finish(
      @PathParam("project") String project, @PathParam("id") String id) {
    UUID uuid = EvaluationValidation.id(id);
    return projects.resolve(caller.get(), project).flatMap(p -> repository.finish(p, uuid));
  }

  /** Lists evaluations, newest first. */
  @GET
  @RequiresScope(Scope.READ)
  @Operation(summary = "List evaluations (newest first; filter by dataset; keyset paging)")
  public Uni<EvaluationPage> list(
      @PathParam("project") String project,
      @QueryParam("dataset") String dataset,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    int l = limit == null ? 50 : limit;
    if (l < 1 || l > 500) {
      throw ProblemException.badRequest("limit must be between 1 and 500");
    }
    Object[] after = decodeCursor(cursor);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            p -> repository.list(p, dataset, (OffsetDateTime) after[0], (UUID) after[1], l + 1))
        .map(
            items -> {
              String next = null;
              if (items.size() > l) {
                items = items.subList(0, l);
                EvaluationView last = items.get(l - 1);
                next = encodeCursor(last.createdAt(), last.id());
              }
              return new EvaluationPage(List.copyOf(items), next);
            });
  }

  /** One evaluation with a page of its rows, filtered and sorted. */
  @GET
  @Path("/{id}")
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "Get an evaluation with its rows",
      description =
          "Rows: sort=index|score:<name>, order=asc|desc, score=<name> with min/max to keep"
              + " rows in a score range, errors=only|exclude, limit (1..1000, default 100),"
              + " offset.")
  public Uni<EvaluationWithRows> get(
      @PathParam("project") String project,
      @PathParam("id") String id,
      @QueryParam("sort") String sort,
      @QueryParam("order") String order,
      @QueryParam("score") String score,
      @QueryParam("min") Double min,
      @QueryParam("max") Double max,
      @QueryParam("errors") String errors,
      @QueryParam("limit") Integer limit,
      @QueryParam("offset") Integer offset) {
    UUID uuid = EvaluationValidation.id(id);
    RowQuery q = RowQuery.parse(sort, order, score, min, max, errors, limit, offset);
    return projects
        .resolve(caller.get(), project)
        .flatMap(p -> repository.get(p, uuid))
        .flatMap(
            ev ->
                repository
                    .countRows(uuid, q)
                    .flatMap(
                        count ->
                            repository
                                .rows(uuid, q)
                                .map(
                                    rows ->
                                        new EvaluationWithRows(
                                            ev,
                                            rows,
                                            count,
                                            q.offset() + rows.size() < count
                                                ? q.offset() + rows.size()
                                                : null))));
  }

  /** Compares two evaluations row by row. */
  @GET
  @Path("/compare")
  @RequiresScope(Scope.READ)
  @Operation(
      summary = "Compare two evaluations row by row",
      description =
          "Rows pair by row digest. Per shared score: means, mean difference with a 95% paired"
              + " bootstrap interval, a sign test, whether the difference is significant, and"
              + " the largest regressions and improvements (limit per list, default 20).")
  public Uni<Comparison.Result> compare(
      @PathParam("project") String project,
      @QueryParam("base") String base,
      @QueryParam("candidate") String candidate,
      @QueryParam("limit") Integer limit) {
    if (base == null || candidate == null) {
      throw ProblemException.badRequest(
          "name both evaluations: ?base=<evaluation id>&candidate=<evaluation id>");
    }
    UUID b = EvaluationValidation.id(base);
    UUID c = EvaluationValidation.id(candidate);
    int l = limit == null ? 20 : limit;
    if (l < 0 || l > 1000) {
      throw ProblemException.badRequest("limit must be between 0 and 1000");
    }
    return projects
        .resolve(caller.get(), project)
        .flatMap(p -> repository.get(p, b).flatMap(ignored -> repository.get(p, c)))
        .flatMap(
            ignored ->
                repository
                    .scoredRows(b)
                    .flatMap(
                        baseRows ->
                            repository
                                .scoredRows(c)
                                .map(
                                    candRows ->
                                        Comparison.compare(
                                            b.toString(), baseRows, c.toString(), candRows, l))));
  }

  /** Finished evaluations of one dataset ranked by the mean of one score. */
  @GET
  @Path("/leaderboard")
  @RequiresScope(Scope.READ)
  @Operation(summary = "Rank evaluations of a dataset by a score's mean")
  public Uni<Leaderboard> leaderboard(
      @PathParam("project") String project,
      @QueryParam("dataset") String dataset,
      @QueryParam("version") String version,
      @QueryParam("score") String score,
      @QueryParam("limit") Integer limit) {
    if (dataset == null || dataset.isBlank() || score == null || score.isBlank()) {
      throw ProblemException.badRequest(
          "give the dataset and the score to rank by: ?dataset=qa&score=exact_match");
    }
    int l = limit == null ? 50 : limit;
    if (l < 1 || l > 500) {
      throw ProblemException.badRequest("limit must be between 1 and 500");
    }
    return projects
        .resolve(caller.get(), project)
        .flatMap(p -> repository.leaderboard(p, dataset, version, score, l))
        .map(entries -> new Leaderboard(dataset, version, score, entries));
  }

  private static String encodeCursor(Instant createdAt, String id) {
    long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1000;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + "_" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static Object[] decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return new Object[] {null, null};
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int sep = s.indexOf('_');
      long micros = Long.parseLong(s.substring(0, sep));
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      return new Object[] {
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), UUID.fromString(s.substring(sep + 1))
      };
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("cursor is not one this API returned; start without it");
    }
  }
}
