package dev.weft.server.auth;

import dev.weft.server.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every resource method annotated (or whose class is annotated) with {@link RequiresScope}
 * or {@link Authenticated}: the caller must present a valid key (with that scope). Unannotated
 * methods are public.
 */
public class AuthFilter {

  @Inject ApiKeyService keys;
  @Inject CurrentPrincipal current;
  @Inject DefaultProject defaultProject;

  /** Authenticates the request and checks the scope; a failure ends it with 401/403. */
  @ServerRequestFilter(nonBlocking = true)
  public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
    RequiresScope required = requiredScope(resource);
    boolean anyKey =
        resource.getResourceMethod() != null
            && resource.getResourceMethod().isAnnotationPresent(Authenticated.class);
    if (required == null && !anyKey) {
      return Uni.createFrom().voidItem();
    }
    if (!keys.authEnabled()) {
      current.set(defaultProject.unrestrictedPrincipal());
      return Uni.createFrom().voidItem();
    }
    return keys.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION))
        .invoke(
            principal -> {
              if (required != null && !principal.has(required.value())) {
                throw ProblemException.forbidden(
                    "this API key lacks the '"
                        + required.value().wireName()
                        + "' scope needed here; its scopes are "
                        + Scope.toList(principal.scopes()));
              }
              current.set(principal);
            })
        .replaceWithVoid();
  }

  private static RequiresScope requiredScope(ResourceInfo resource) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return null;
    }
    RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
    return onMethod != null
        ? onMethod
        : resource.getResourceClass().getAnnotation(RequiresScope.class);
  }
}
