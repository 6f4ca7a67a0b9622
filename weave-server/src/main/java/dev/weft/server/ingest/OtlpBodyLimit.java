package dev.weft.server.ingest;

import dev.weft.server.common.DeclaredLength;
import dev.weft.server.common.ProblemMappers;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses OTLP requests whose declared {@code Content-Length} exceeds {@code
 * weft.ingest.max-request-bytes} before their body is read, with a 413 that says what the limit is
 * (the HTTP layer's own limit is the backstop for chunked bodies).
 */
@ApplicationScoped
public class OtlpBodyLimit {

  @Inject IngestConfig config;

  void install(@Observes Router router) {
    router
        .routeWithRegex("/v1/(traces|logs)")
        .order(-100)
        .handler(
            ctx -> {
              long declared = DeclaredLength.of(ctx.request().getHeader("Content-Length"));
              if (declared > config.maxRequestBytes()) {
                OtlpEncoding encoding =
                    OtlpEncoding.forAnswer(ctx.request().getHeader("Content-Type"));
                byte[] body =
                    encoding.status(
                        ProblemMappers.grpcCode(413),
                        "the request body has "
                            + declared
                            + " bytes; the limit is "
                            + config.maxRequestBytes()
                            + " (weft.ingest.max-request-bytes): send smaller batches");
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", encoding.mediaType())
                    .putHeader("Connection", "close")
                    .end(Buffer.buffer(body));
                return;
              }
              ctx.next();
            });
  }
}
