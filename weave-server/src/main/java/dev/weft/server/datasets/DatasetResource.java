package dev.weft.server.datasets;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.datasets.CanonicalJson;
import dev.weft.datasets.Csv;
import dev.weft.datasets.DatasetDiff;
import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetFormatException;
import dev.weft.datasets.DatasetInfo;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.DatasetVersion;
import dev.weft.datasets.Jsonl;
import dev.weft.datasets.TraceSelection;
import dev.weft.server.auth.Authenticated;
import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.Principal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.datasets.DatasetRepository.StoredRow;
import dev.weft.server.datasets.DatasetService.StoredPage;
import dev.weft.server.datasets.DatasetService.Written;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Datasets of a project: named, versioned lists of JSON rows. Reads need the {@code read} scope;
 * writes (create, new versions, uploads, tags) need {@code ingest} or {@code admin}.
 */
@Path("/api/v1/projects/{project}/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Datasets")
public class DatasetResource {

  /** Media type of JSON Lines uploads and exports. */
  public static final String NDJSON = "application/x-ndjson";

  @Inject DatasetService datasets;
  @Inject DatasetsConfig config;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;

  /**
   * Body of a create request.
   *
   * @param name unique in the project
   * @param description free text
   */
  public record CreateDataset(String name, String description) {}

  /**
   * Body of a tag request.
   *
   * @param version the version number the tag should point at
   */
  public record TagRequest(Integer version) {}

  /**
   * A row as stored: canonical JSON and digest (the shape of the library's {@code DatasetRow}).
   *
   * @param data the row
   * @param digest its digest
   */
  public record RowView(@JsonRawValue String data, String digest) {}

  /**
   * A row with its position (the shape of the library's {@code PositionedRow}).
   *
   * @param position 0-based
   * @param row the row
   */
  public record PositionedRowView(int position, RowView row) {}

  /**
   * A page of rows (the shape of the library's {@code RowPage}).
   *
   * @param version the version read
   * @param rows rows in position order
   * @param nextAfter give as {@code after} for the next page; null on the last
   */
  public record RowPageView(
      DatasetVersion version, List<PositionedRowView> rows, Integer nextAfter) {}

  /** Lists the project's datasets. */
  @GET
  @RequiresScope(Scope.READ)
  @Operation(summary = "List datasets")
  public Uni<List<DatasetInfo>> list(@PathParam("project") String project) {
    return project(project).flatMap(datasets::list);
  }

  /** Creates a dataset with no versions. */
  @POST
  @Authenticated
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Create a dataset: {\"name\": \"qa\", \"description\": \"...\"}")
  public Uni<Response> create(@PathParam("project") String project, byte[] body) {
    CreateDataset req =
        json(body, CreateDataset.class, "{\"name\": \"qa\", \"description\": \"\"}");
    return writer(project)
        .flatMap(id -> datasets.create(id, req.name(), req.description()))
        .map(info -> Response.status(201).entity(info).build());
  }

  /** One dataset. */
  @GET
  @Path("/{name}")
  @RequiresScope(Scope.READ)
  @Operation(summary = "A dataset: latest version number and tags")
  public Uni<DatasetInfo> get(
      @PathParam("project") String project, @PathParam("name") String name) {
    return project(project).flatMap(id -> datasets.get(id, name));
  }

  /** All versions of a dataset, oldest first. */
  @GET
  @Path("/{name}/versions")
  @RequiresScope(Scope.READ)
  @Operation(summary = "List a dataset's versions")
  public Uni<List<DatasetVersion>> versions(
      @PathParam("project") String project, @PathParam("name") String name) {
    return project(project).flatMap(id -> datasets.versions(id, name));
  }

  /** Makes a new version from edits against a base version. */
  @POST
  @Path("/{name}/versions")
  @Authenticated
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary =
          "New version from edits (append, replace, delete) against a base; 409 when the base is"
              + " stale unless force=true")
  public Uni<Response> commit(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @QueryParam("force") @DefaultValue("false") boolean force,
      byte[] body) {
    checkSize(body);
    DatasetEdit parsed =
        json(body, DatasetEdit.class, "{\"base\": 1, \"append\": [{\"input\": \"...\"}]}");
    DatasetEdit edit =
        force && !parsed.force()
            ? new DatasetEdit(
                parsed.base(),
                true,
                parsed.message(),
                parsed.append(),
                parsed.replace(),
                parsed.delete(),
                parsed.deleteDigests())
            : parsed;
    return writer(project).flatMap(id -> datasets.commit(id, name, edit)).map(this::written);
  }

  /** One version: by number, tag, digest or {@code latest}. */
  @GET
  @Path("/{name}/versions/{ref}")
  @RequiresScope(Scope.READ)
  @Operation(summary = "A version by number, tag, digest or 'latest'")
  public Uni<DatasetVersion> version(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @PathParam("ref") String ref) {
    return project(project).flatMap(id -> datasets.version(id, name, ref));
  }

  /** A page of a version's rows, keyset by position. */
  @GET
  @Path("/{name}/versions/{ref}/rows")
  @RequiresScope(Scope.READ)
  @Operation(summary = "Rows of a version after a position (keyset paging)")
  public Uni<RowPageView> rows(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @PathParam("ref") String ref,
      @QueryParam("after") @DefaultValue("-1") int after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return project(project)
        .flatMap(id -> datasets.rows(id, name, ref, after, limit))
        .map(DatasetResource::page);
  }

  /** Rows of the version named by {@code ?version=} (number, tag, digest; default latest). */
  @GET
  @Path("/{name}/rows")
  @RequiresScope(Scope.READ)
  @Operation(summary = "Rows of ?version= (number, tag such as prod, digest; default latest)")
  public Uni<RowPageView> rowsOf(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @QueryParam("version") @DefaultValue("latest") String version,
      @QueryParam("after") @DefaultValue("-1") int after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return rows(project, name, version, after, limit);
  }

  /** A version as JSONL or CSV. */
  @GET
  @Path("/{name}/versions/{ref}/export")
  @RequiresScope(Scope.READ)
  @Produces({NDJSON, "text/csv", MediaType.APPLICATION_JSON})
  @Operation(summary = "Export a version as JSONL (format=jsonl) or CSV (format=csv)")
  public Uni<Response> export(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @PathParam("ref") String ref,
      @QueryParam("format") @DefaultValue("jsonl") String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("jsonl") && !f.equals("csv")) {
      throw ProblemException.badRequest("format must be jsonl or csv, got '" + format + "'");
    }
    return project(project)
        .flatMap(id -> datasets.allRows(id, name, ref))
        .map(
            page -> {
              String file = name + "-v" + page.version().number() + "." + f;
              String text;
              if (f.equals("jsonl")) {
                StringBuilder sb = new StringBuilder();
                page.rows().forEach(r -> sb.append(r.data()).append('\n'));
                text = sb.toString();
              } else {
                List<DatasetRow> rows = new ArrayList<>(page.rows().size());
                for (StoredRow r : page.rows()) {
                  rows.add(DatasetRow.parse(r.data()));
                }
                StringWriter out = new StringWriter();
                Csv.write(rows, out);
                text = out.toString();
              }
              return Response.ok(text, f.equals("jsonl") ? NDJSON : "text/csv")
                  .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                  .header("X-Weft-Dataset-Version", page.version().number())
                  .build();
            });
  }

  /** Export of the version named by {@code ?version=}. */
  @GET
  @Path("/{name}/export")
  @RequiresScope(Scope.READ)
  @Produces({NDJSON, "text/csv", MediaType.APPLICATION_JSON})
  @Operation(summary = "Export ?version= (default latest) as JSONL or CSV")
  public Uni<Response> exportOf(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @QueryParam("version") @DefaultValue("latest") String version,
      @QueryParam("format") @DefaultValue("jsonl") String format) {
    return export(project, name, version, format);
  }

  /** Differences between two versions. */
  @GET
  @Path("/{name}/diff")
  @RequiresScope(Scope.READ)
  @Operation(
      summary =
          "Rows added, removed and changed from one version to another (matched by the id field"
              + " when every row has a unique one, else by content and position)")
  public Uni<DatasetDiff> diff(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @QueryParam("from") String from,
      @QueryParam("to") @DefaultValue("latest") String to) {
    if (from == null || from.isBlank()) {
      throw ProblemException.badRequest("give the versions to compare: ?from=1&to=2");
    }
    return project(project).flatMap(id -> datasets.diff(id, name, from, to));
  }

  /** Points a tag at a version, creating or moving it. */
  @PUT
  @Path("/{name}/tags/{tag}")
  @Authenticated
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Point a tag (prod, v2, ...) at a version: {\"version\": 3}")
  public Uni<DatasetVersion> tag(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @PathParam("tag") String tag,
      byte[] body) {
    TagRequest req = json(body, TagRequest.class, "{\"version\": 3}");
    return writer(project).flatMap(id -> datasets.tag(id, name, tag, req.version()));
  }

  /** Removes a tag. */
  @DELETE
  @Path("/{name}/tags/{tag}")
  @Authenticated
  @Operation(summary = "Remove a tag")
  public Uni<Response> untag(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @PathParam("tag") String tag) {
    return writer(project)
        .flatMap(id -> datasets.untag(id, name, tag))
        .map(v -> Response.noContent().build());
  }

  /** Uploads JSONL or CSV rows as a new version; nothing is stored when any row is bad. */
  @POST
  @Path("/{name}/import")
  @Authenticated
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary =
          "Upload rows as JSONL (Content-Type: application/x-ndjson) or CSV (text/csv): a new"
              + " version replacing (mode=replace) or appending to (mode=append) the latest")
  public Uni<Response> importRows(
      @PathParam("project") String project,
      @PathParam("name") String name,
      @HeaderParam("Content-Type") String contentType,
      @QueryParam("mode") @DefaultValue("replace") String mode,
      @QueryParam("base") Integer base,
      @QueryParam("force") @DefaultValue("false") boolean force,
      @QueryParam("message") String message,
      byte[] body) {
    checkSize(body);
    boolean append =
        switch (mode) {
          case "append" -> true;
          case "replace" -> false;
          default -> throw ProblemException.badRequest("mode must be replace or append");
        };
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    boolean csv = type.startsWith("text/csv");
    boolean jsonl =
        type.startsWith(NDJSON)
            || type.startsWith("application/jsonl")
            || type.startsWith("application/x-jsonlines");
    if (!csv && !jsonl) {
      throw ProblemException.unsupportedMediaType(
          "send rows as JSON Lines (Content-Type: application/x-ndjson) or CSV (Content-Type:"
              + " text/csv), got '"
              + contentType
              + "'");
    }
    List<DatasetRow> rows;
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      StringReader reader = new StringReader(text);
      rows =
          csv
              ? Csv.read(reader, config.maxRowsPerRequest())
              : Jsonl.read(reader, config.maxRowsPerRequest());
    } catch (DatasetFormatException e) {
      if (e.limitExceeded()) {
        throw ProblemException.tooLarge(
            e.getMessage() + " (weft.datasets.max-rows-per-request); nothing was stored");
      }
      throw ProblemException.badRequest(e.getMessage() + "; nothing was stored");
    }
    if (rows.isEmpty() && !append && base == null) {
      // An empty upload is allowed (an empty version) but is more often a mistake; say so.
      throw ProblemException.badRequest(
          "the upload has no rows; to empty a dataset, delete its rows with an edit");
    }
    return writer(project)
        .flatMap(id -> datasets.importRows(id, name, rows, append, base, force, message))
        .map(this::written);
  }

  /** Rows from traces or spans (their input and output) appended as a new version. */
  @POST
  @Path("/{name}/from-traces")
  @Authenticated
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary =
          "Append rows made from traces (root span) or spans: {input, output, trace_id, span_id,"
              + " name, model}")
  public Uni<Response> fromTraces(
      @PathParam("project") String project, @PathParam("name") String name, byte[] body) {
    checkSize(body);
    TraceSelection selection =
        json(body, TraceSelection.class, "{\"traceIds\": [\"4bf92f3577b34da6a3ce929d0e0e4736\"]}");
    return writer(project)
        .flatMap(id -> datasets.fromTraces(id, name, selection))
        .map(this::written);
  }

  private Response written(Written w) {
    return Response.status(w.created() ? 201 : 200).entity(w.version()).build();
  }

  private static RowPageView page(StoredPage p) {
    List<PositionedRowView> rows = new ArrayList<>(p.rows().size());
    for (StoredRow r : p.rows()) {
      rows.add(new PositionedRowView(r.position(), new RowView(r.data(), r.digest())));
    }
    return new RowPageView(p.version(), rows, p.nextAfter());
  }

  private Uni<Long> project(String project) {
    return projects.resolve(caller.get(), project);
  }

  /** Writes need the ingest or the admin scope (checked here: the filter checks one scope). */
  private Uni<Long> writer(String project) {
    Principal p = caller.get();
    if (!p.has(Scope.INGEST) && !p.has(Scope.ADMIN)) {
      return Uni.createFrom()
          .failure(
              ProblemException.forbidden(
                  "changing datasets needs an API key with the 'ingest' or 'admin' scope; this"
                      + " key has "
                      + Scope.toList(p.scopes())));
    }
    return projects.resolve(p, project);
  }

  private void checkSize(byte[] body) {
    if (body != null && body.length > config.maxUploadBytes()) {
      throw ProblemException.tooLarge(DatasetService.tooLargeMessage(body.length, config));
    }
  }

  private <T> T json(byte[] body, Class<T> type, String example) {
    checkSize(body);
    if (body == null || body.length == 0) {
      throw ProblemException.badRequest("send a JSON body such as " + example);
    }
    try {
      T value = CanonicalJson.mapper().readValue(body, type);
      if (value == null) {
        throw ProblemException.badRequest("send a JSON body such as " + example);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest(
          "request body is not valid: "
              + e.getOriginalMessage().replaceAll("\\s+", " ")
              + "; send a JSON body such as "
              + example);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    } catch (IOException e) {
      throw ProblemException.badRequest("request body could not be read: " + e.getMessage());
    }
  }
}
