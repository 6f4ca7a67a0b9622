package dev.weft.server.ui;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the single-page UI for its deep links: a browser that opens a shared link such as {@code
 * /p/shop/traces/5b8e…} gets {@code index.html}, and the UI's router shows the view. The UI's own
 * routes all start with {@code /p/} or are {@code /signin} (see {@code ui/src/app/routes.tsx});
 * API, OTLP and {@code /q} paths never reach this rule.
 */
@ApplicationScoped
public class UiRoutes {

  /** Whether a request path is one of the UI's client-side routes. */
  static boolean isUiRoute(String path) {
    return path.equals("/signin") || path.equals("/p") || path.startsWith("/p/");
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              if ((rc.request().method() == HttpMethod.GET
                      || rc.request().method() == HttpMethod.HEAD)
                  && isUiRoute(rc.normalizedPath())) {
                rc.reroute("/index.html");
              } else {
                rc.next();
              }
            });
  }
}
