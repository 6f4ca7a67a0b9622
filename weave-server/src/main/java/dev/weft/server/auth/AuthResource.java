package dev.weft.server.auth;

import dev.weft.server.auth.AuthViews.WhoAmI;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tells a caller what its API key is. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects and keys")
public class AuthResource {

  @Inject CurrentPrincipal caller;
  @Inject ApiKeyService keys;

  /** The caller's project and scopes. */
  @GET
  @Path("/whoami")
  @Authenticated
  @Operation(summary = "The project and scopes of the calling API key")
  public Uni<WhoAmI> whoAmI() {
    Principal p = caller.get();
    return Uni.createFrom()
        .item(
            new WhoAmI(
                p.projectName(),
                p.scopes().stream().sorted().map(Scope::wireName).toList(),
                keys.authEnabled()));
  }
}
