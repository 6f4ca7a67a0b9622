package dev.weft.server.ingest;

import dev.weft.server.auth.ApiKeyService;
import dev.weft.server.auth.AuthConfig;
import dev.weft.server.auth.DefaultProject;
import dev.weft.server.auth.Principal;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.DatabaseFailures;
import dev.weft.server.common.ProblemException;
import dev.weft.server.common.ProblemMappers;
import dev.weft.server.ingest.otlp.OtlpDecodeException;
import dev.weft.server.ingest.otlp.OtlpProtobufDecoder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * OTLP/gRPC receiver on its own port (default 4317): {@code
 * opentelemetry.proto.collector.trace.v1.TraceService/Export} for spans and {@code
 * opentelemetry.proto.collector.logs.v1.LogsService/Export} for GenAI events sent as log records.
 * The API key travels in the {@code authorization} metadata. Messages are taken as raw bytes and go
 * through the same decoders and services as OTLP/HTTP.
 */
@ApplicationScoped
public class OtlpGrpcServer {

  /** The full gRPC method name of the OTLP trace export. */
  public static final String EXPORT_METHOD =
      "opentelemetry.proto.collector.trace.v1.TraceService/Export";

  /** The full gRPC method name of the OTLP logs export. */
  public static final String LOGS_EXPORT_METHOD =
      "opentelemetry.proto.collector.logs.v1.LogsService/Export";

  /** The OTLP metrics export, which Weft does not take. */
  static final String METRICS_EXPORT_METHOD =
      "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

  private static final Logger LOG = Logger.getLogger(OtlpGrpcServer.class);

  @Inject Vertx vertx;
  @Inject GrpcConfig grpcConfig;
  @Inject IngestConfig ingestConfig;
  @Inject AuthConfig authConfig;
  @Inject ApiKeyService keys;
  @Inject DefaultProject defaultProject;
  @Inject IngestService ingest;

  @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
  int httpPort;

  @Inject LogEventService logEvents;

  private HttpServer server;

  void start(@Observes StartupEvent event) throws Exception {
    if (!grpcConfig.enabled()) {
      return;
    }
    GrpcServer grpc =
        GrpcServer.server(
            vertx, new GrpcServerOptions().setMaxMessageSize(ingestConfig.maxDecompressedBytes()));
    grpc.callHandler(this::handle);
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setPort(grpcConfig.port())
                    .setHost(grpcConfig.host())
                    .setHttp2ClearTextEnabled(true))
            .requestHandler(
                request -> {
                  if (isGrpc(request.getHeader("Content-Type"))) {
                    grpc.handle(request);
                  } else {
                    notGrpc(request);
                  }
                })
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    LOG.infof("OTLP/gRPC receiver listening on %s:%d", grpcConfig.host(), server.actualPort());
  }

  void stop(@Observes ShutdownEvent event) {
    if (server != null) {
      server.close();
    }
  }

  /** Whether a request's {@code Content-Type} says it is a gRPC call (on either port). */
  static boolean isGrpc(String contentType) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/grpc");
  }

  /**
   * Answers a plain HTTP request, almost always an OTLP/HTTP exporter pointed at this port (4317 is
   * the well-known OTLP port, and http/protobuf the Java agent's default protocol). Left to the
   * gRPC server it would get HTTP 200 with the error only in a {@code grpc-status} header, which an
   * OTLP/HTTP exporter takes for success: every span would be dropped without a word. A 404 with a
   * {@code google.rpc.Status} in the request's encoding is printed by the exporter instead.
   */
  private void notGrpc(HttpServerRequest request) {
    OtlpEncoding encoding = OtlpEncoding.forAnswer(request.getHeader("Content-Type"));
    String message =
        "this is Weft's OTLP/gRPC port; OTLP/HTTP (http/protobuf, http/json) goes to the HTTP port,"
            + " e.g. OTEL_EXPORTER_OTLP_ENDPOINT=http://<host>:"
            + httpPort
            + " — or set OTEL_EXPORTER_OTLP_PROTOCOL=grpc to keep this port";
    request
        .response()
        .setStatusCode(404)
        .putHeader("Content-Type", encoding.mediaType())
        .end(Buffer.buffer(encoding.status(ProblemMappers.grpcCode(404), message)));
  }

  /** The port the receiver listens on (useful when configured as 0). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  private void handle(GrpcServerRequest<Buffer, Buffer> request) {
    GrpcServerResponse<Buffer, Buffer> response = request.response();
    String method = request.fullMethodName();
    if (!EXPORT_METHOD.equals(method) && !LOGS_EXPORT_METHOD.equals(method)) {
      response
          .status(GrpcStatus.UNIMPLEMENTED)
          .statusMessage(
              METRICS_EXPORT_METHOD.equals(method)
                  ? OtlpMetricsResource.NO_METRICS
                  : "this port serves only " + EXPORT_METHOD + " and " + LOGS_EXPORT_METHOD)
          .end();
      return;
    }
    String authorization = request.headers().get("authorization");
    // Panache needs an isolated (duplicated) context; the gRPC server hands us the root one.
    Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
    VertxContextSafetyToggle.setContextSafe(context, true);
    request.handler(
        message ->
            context.runOnContext(
                ignored ->
                    principal(authorization)
                        .flatMap(principal -> export(method, principal, message.getBytes()))
                        .subscribe()
                        .with(
                            answer -> response.end(Buffer.buffer(answer)),
                            f -> fail(response, f))));
    request.exceptionHandler(e -> LOG.debug("OTLP/gRPC stream failed", e));
  }

  /** Stores one export request; the answer is the serialized export response. */
  private Uni<byte[]> export(String method, Principal principal, byte[] message) {
    if (LOGS_EXPORT_METHOD.equals(method)) {
      return logEvents
          .ingest(principal, () -> OtlpProtobufDecoder.decodeLogs(message))
          .map(
              r ->
                  OtlpEncoding.PROTOBUF.logsExportResponse(
                      r.rejectedRecords(), r.rejectionMessage()));
    }
    return ingest
        .ingest(principal, () -> OtlpProtobufDecoder.decode(message))
        .map(r -> OtlpEncoding.PROTOBUF.exportResponse(r.rejectedSpans(), r.rejectionMessage()));
  }

  private Uni<Principal> principal(String authorization) {
    if (!authConfig.enabled()) {
      return Uni.createFrom().item(defaultProject.unrestrictedPrincipal());
    }
    return keys.authenticate(authorization)
        .invoke(
            principal -> {
              if (!principal.has(Scope.INGEST)) {
                throw ProblemException.forbidden(
                    "this API key lacks the 'ingest' scope needed to export spans and events");
              }
            });
  }

  private static void fail(GrpcServerResponse<Buffer, Buffer> response, Throwable failure) {
    int code;
    String message;
    if (failure instanceof ProblemException p) {
      code = ProblemMappers.grpcCode(p.problem().status());
      message = p.problem().detail();
    } else if (failure instanceof OtlpDecodeException d) {
      code = 3;
      message = d.getMessage();
    } else if (DatabaseFailures.unavailable(failure)) {
      // UNAVAILABLE: exporters retry it. An outage, not a bug: one line, no stack trace.
      LOG.warnf("The database is unavailable: %s", failure);
      code = 14;
      message = "the database cannot be reached right now (it may be restarting); retry later";
    } else if (DatabaseFailures.conflict(failure)) {
      // UNAVAILABLE, retried by exporters: the transaction lost to a concurrent one, nothing
      // stored.
      LOG.infof("An OTLP/gRPC export's transaction lost a conflict: %s", failure);
      code = 14;
      message = ProblemMappers.CONFLICT_MESSAGE;
    } else {
      LOG.error("OTLP/gRPC export failed", failure);
      code = 13;
      message = "the server failed to store the spans; the cause is in the server log";
    }
    response.status(GrpcStatus.valueOf(code)).statusMessage(message).end();
  }
}
