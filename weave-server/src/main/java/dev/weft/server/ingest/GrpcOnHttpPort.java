package dev.weft.server.ingest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/**
 * Answers a gRPC call that reached the HTTP port (an exporter set to {@code grpc} but given the
 * HTTP port) with a gRPC status its client prints, {@code UNIMPLEMENTED} naming the OTLP/gRPC port,
 * instead of an HTTP 404 that gRPC clients report as a bare "HTTP status code 404".
 */
@ApplicationScoped
public class GrpcOnHttpPort {

  @Inject OtlpGrpcServer grpc;

  void install(@Observes Router router) {
    router
        .route()
        .order(-200)
        .handler(
            ctx -> {
              if (!OtlpGrpcServer.isGrpc(ctx.request().getHeader("Content-Type"))) {
                ctx.next();
                return;
              }
              // Read the call to its end first: answering earlier resets the HTTP/2 stream,
              // and the client then reports a broken response instead of the status.
              ctx.request()
                  .resume()
                  .body()
                  .onComplete(
                      ignored ->
                          ctx.response()
                              .setStatusCode(200)
                              .putHeader("Content-Type", "application/grpc")
                              // No HTTP compression of the empty body: gRPC clients read it raw.
                              .putHeader("Content-Encoding", "identity")
                              .putHeader("grpc-status", "12")
                              .putHeader("grpc-message", percentEncoded(message()))
                              .end());
            });
  }

  private String message() {
    int port = grpc.port();
    return port > 0
        ? "this is Weft's HTTP port; OTLP/gRPC goes to port "
            + port
            + ", or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf to keep this port"
        : "this is Weft's HTTP port and its OTLP/gRPC receiver is off (weft.grpc.enabled);"
            + " set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf";
  }

  /** The gRPC {@code grpc-message} encoding: UTF-8, bytes outside printable ASCII and % as %XX. */
  static String percentEncoded(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
