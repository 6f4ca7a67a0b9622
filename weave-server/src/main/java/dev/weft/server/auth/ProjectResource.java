package dev.weft.server.auth;

import dev.weft.server.auth.AuthViews.CreateKeyRequest;
import dev.weft.server.auth.AuthViews.CreateProjectRequest;
import dev.weft.server.auth.AuthViews.CreatedKeyView;
import dev.weft.server.auth.AuthViews.CreatedProjectView;
import dev.weft.server.auth.AuthViews.KeyView;
import dev.weft.server.auth.AuthViews.ProjectView;
import dev.weft.server.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Projects and their API keys. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects and keys")
public class ProjectResource {

  @Inject ProjectService projects;
  @Inject ApiKeyService keys;
  @Inject CurrentPrincipal caller;

  /** The projects the caller may see. */
  @GET
  @RequiresScope(Scope.READ)
  @Operation(summary = "List the projects visible to the calling key")
  public Uni<List<ProjectView>> list() {
    return projects.visibleTo(caller.get()).map(all -> all.stream().map(ProjectView::of).toList());
  }

  /** Creates a project and returns its first admin key (shown once). */
  @POST
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "Create a project; the answer holds its first admin key, shown only once")
  @APIResponse(
      responseCode = "201",
      description = "The project, with its first admin key and that key's secret",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedProjectView.class)))
  public Uni<Response> create(CreateProjectRequest body) {
    if (body == null) {
      throw ProblemException.badRequest("send a JSON body such as {\"name\": \"my-app\"}");
    }
    return projects
        .create(body.name())
        .map(
            created ->
                Response.status(201)
                    .entity(
                        new CreatedProjectView(
                            ProjectView.of(created.project()),
                            CreatedKeyView.of(created.adminKey())))
                    .build());
  }

  /** The keys of a project (never their secrets). */
  @GET
  @Path("/{project}/keys")
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "List a project's API keys (secrets are never shown again)")
  public Uni<List<KeyView>> listKeys(@PathParam("project") String project) {
    return projects
        .resolve(caller.get(), project)
        .flatMap(keys::list)
        .map(all -> all.stream().map(KeyView::of).toList());
  }

  /** Creates a key; the answer holds its secret, shown only once. */
  @POST
  @Path("/{project}/keys")
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "Create an API key; the answer holds the secret, shown only once")
  @APIResponse(
      responseCode = "201",
      description = "The key, with its secret",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedKeyView.class)))
  public Uni<Response> createKey(@PathParam("project") String project, CreateKeyRequest body) {
    if (body == null || body.name() == null || body.name().isBlank()) {
      throw ProblemException.badRequest(
          "send a JSON body such as {\"name\": \"ci\", \"scopes\": [\"ingest\", \"read\"]}");
    }
    Set<Scope> scopes = parseScopes(body.scopes());
    return projects
        .resolve(caller.get(), project)
        .flatMap(id -> keys.create(id, body.name().trim(), scopes))
        .map(created -> Response.status(201).entity(CreatedKeyView.of(created)).build());
  }

  /** Revokes a key. */
  @DELETE
  @Path("/{project}/keys/{keyId}")
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "Revoke an API key (not the project's last admin key)")
  public Uni<KeyView> revokeKey(
      @PathParam("project") String project, @PathParam("keyId") long keyId) {
    return projects
        .resolve(caller.get(), project)
        .flatMap(id -> keys.revoke(id, keyId))
        .map(KeyView::of);
  }

  private static Set<Scope> parseScopes(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw ProblemException.badRequest(
          "a key needs at least one scope: any of \"ingest\", \"read\", \"admin\"");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      try {
        scopes.add(Scope.parse(String.valueOf(name)));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest(e.getMessage());
      }
    }
    return scopes;
  }
}
