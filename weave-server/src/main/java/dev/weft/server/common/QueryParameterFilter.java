package dev.weft.server.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses query parameters a REST API endpoint does not take, with {@link QueryParameters}' rule: a
 * typo such as {@code ?limt=5} would otherwise be ignored, and the answer would look right. An
 * endpoint takes its {@code @QueryParam}s and the query parameters it declares for the OpenAPI
 * document; endpoints that read the raw query (a {@code UriInfo} parameter) check it themselves.
 * Only {@code /api/} is checked: OTLP receivers ignore what exporters add.
 */
public class QueryParameterFilter {

  /** Per resource method, the names it takes, or empty when it checks the query itself. */
  private static final ConcurrentHashMap<Method, Optional<Set<String>>> TAKES =
      new ConcurrentHashMap<>();

  /** Fails the request with a 400 naming its first unknown query parameter. */
  @ServerRequestFilter(priority = Priorities.USER + 100, nonBlocking = true)
  public void refuseUnknown(ContainerRequestContext request, ResourceInfo resource) {
    Method method = resource.getResourceMethod();
    if (method == null || !request.getUriInfo().getPath().startsWith("/api/")) {
      return;
    }
    Set<String> names = request.getUriInfo().getQueryParameters().keySet();
    if (names.isEmpty()) {
      return;
    }
    TAKES
        .computeIfAbsent(method, QueryParameterFilter::takes)
        .ifPresent(
            takes ->
                QueryParameters.requireKnown(
                    names,
                    takes,
                    takes.isEmpty()
                        ? "this endpoint takes no query parameters"
                        : "this endpoint takes " + String.join(", ", takes)));
  }

  /** The query parameters the method takes, or empty when it reads the raw query. */
  static Optional<Set<String>> takes(Method method) {
    Set<String> names = new TreeSet<>();
    for (java.lang.reflect.Parameter p : method.getParameters()) {
      if (p.getType() == UriInfo.class) {
        return Optional.empty();
      }
      QueryParam query = p.getAnnotation(QueryParam.class);
      if (query != null) {
        names.add(query.value());
      }
    }
    for (Parameter declared : method.getAnnotationsByType(Parameter.class)) {
      if (declared.in() == ParameterIn.QUERY && !declared.name().isEmpty()) {
        names.add(declared.name());
      }
    }
    return Optional.of(java.util.Collections.unmodifiableSet(names));
  }
}
