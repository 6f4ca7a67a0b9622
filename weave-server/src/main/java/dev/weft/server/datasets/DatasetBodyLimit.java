package dev.weft.server.datasets;

import dev.weft.server.common.DeclaredLength;
import dev.weft.server.common.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses datasets API requests whose declared {@code Content-Length} exceeds {@code
 * weft.datasets.max-upload-bytes} before their body is read, with a 413 problem that names the
 * limit (the resource checks the size of chunked bodies itself).
 */
@ApplicationScoped
public class DatasetBodyLimit {

  @Inject DatasetsConfig config;

  void install(@Observes Router router) {
    router
        .routeWithRegex("/api/v1/projects/[^/]+/datasets(/.*)?")
        .order(-100)
        .handler(
            ctx -> {
              long declared = DeclaredLength.of(ctx.request().getHeader("Content-Length"));
              if (declared > config.maxUploadBytes()) {
                Problem p =
                    Problem.of(
                        413, "Payload Too Large", DatasetService.tooLargeMessage(declared, config));
                String body =
                    new JsonObject()
                        .put("type", p.type())
                        .put("title", p.title())
                        .put("status", p.status())
                        .put("detail", p.detail())
                        .encode();
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(body);
                return;
              }
              ctx.next();
            });
  }
}
