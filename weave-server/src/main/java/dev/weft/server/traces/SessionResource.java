package dev.weft.server.traces;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.traces.TraceViews.SessionPage;
import dev.weft.server.traces.TraceViews.SessionSummary;
import dev.weft.server.traces.TraceViews.TracePage;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sessions (conversations, threads) of a project: the traces that share a session id. */
@Path("/api/v1/projects/{project}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.READ)
@Tag(name = "Traces")
public class SessionResource {

  private static final String FROM =
      "ISO-8601 instant: only traces that start at or after it count";
  private static final String TO = "ISO-8601 instant: only traces that start before it count";

  @Inject TraceRepository repository;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;

  /**
   * Sessions with their traces, most recently active first; with {@code from}/{@code to}, only the
   * traces that start in that range count.
   */
  @GET
  @Operation(
      summary =
          "List sessions (conversations), most recently active first; from/to limit the traces"
              + " that count")
  public Uni<SessionPage> sessions(
      @PathParam("project") String project,
      @QueryParam("limit") @Parameter(description = "1..1000, default 50") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("from")
          @Parameter(
              description = FROM,
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          List<String> from,
      @QueryParam("to")
          @Parameter(
              description = TO,
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          List<String> to) {
    int size = limit == null ? TraceQuery.DEFAULT_LIMIT : limit;
    if (size < 1 || size > TraceQuery.MAX_LIMIT) {
      throw ProblemException.badRequest("limit must be between 1 and " + TraceQuery.MAX_LIMIT);
    }
    TraceQuery bounds = TraceQuery.parse(range(from, to));
    TimeRange range = TimeRange.of(bounds.from(), bounds.to());
    String[] after = cursor == null ? null : sessionCursor(cursor);
    OffsetDateTime afterStart = after == null ? null : parseTime(after[0]);
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            id -> repository.sessions(id, range, afterStart, after == null ? null : after[1], size))
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<SessionSummary> items = more ? rows.subList(0, size) : rows;
              String next = null;
              if (more) {
                SessionSummary last = items.get(items.size() - 1);
                next = TraceResource.encode(last.lastStartTime() + "|" + last.sessionId());
              }
              return new SessionPage(List.copyOf(items), next);
            });
  }

  /** The traces of one session, in order; {@code from}/{@code to} keep those that start in it. */
  @GET
  @Path("/{sessionId}")
  @Operation(
      summary =
          "The traces of one session in start order (paged like the trace list); from/to keep"
              + " those that start in that range")
  public Uni<TracePage> session(
      @PathParam("project") String project,
      @PathParam("sessionId") String sessionId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("from")
          @Parameter(
              description = FROM,
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          List<String> from,
      @QueryParam("to")
          @Parameter(
              description = TO,
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          List<String> to) {
    var params = new HashMap<String, List<String>>(range(from, to));
    params.put("session", List.of(sessionId));
    params.put("sort", List.of("startTime"));
    params.put("order", List.of("asc"));
    if (limit != null) {
      params.put("limit", List.of(String.valueOf(limit)));
    }
    if (cursor != null) {
      params.put("cursor", List.of(cursor));
    }
    TraceQuery query = TraceQuery.parse(params);
    return projects
        .resolve(caller.get(), project)
        .flatMap(id -> repository.list(TraceQuerySql.build(id, query)))
        .map(page -> TraceResource.toPage(page, query));
  }

  /**
   * The request's {@code from} and {@code to} (every value given, so the trace list's parser, which
   * checks them, refuses a repeated one), as the trace list's parameters.
   */
  private static Map<String, List<String>> range(List<String> from, List<String> to) {
    Map<String, List<String>> out = new HashMap<>();
    if (from != null && !from.isEmpty()) {
      out.put("from", from);
    }
    if (to != null && !to.isEmpty()) {
      out.put("to", to);
    }
    return out;
  }

  private static String[] sessionCursor(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 2);
      if (parts.length == 2) {
        return parts;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the 400 below
    }
    throw ProblemException.badRequest(
        "invalid cursor; pass the 'nextCursor' value of the previous page unchanged");
  }

  private static OffsetDateTime parseTime(String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(
          "invalid cursor; pass the 'nextCursor' value of the previous page unchanged");
    }
  }
}
