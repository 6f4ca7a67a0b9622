package dev.weft.server.ingest;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OTLP/HTTP trace receiver ({@code POST /v1/traces}), per the OTLP specification: protobuf or JSON,
 * optionally gzip-compressed, answered in the request's encoding; partially invalid requests are
 * answered 200 with {@code partial_success}.
 */
@Path("/v1/traces")
@Tag(name = "OTLP")
public class OtlpTraceResource {

  @Inject IngestService ingest;
  @Inject CurrentPrincipal caller;
  @Inject IngestConfig config;

  /** Receives one {@code ExportTraceServiceRequest}. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "OTLP/HTTP trace export (protobuf or JSON, gzip allowed)")
  public Uni<Response> export(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
      byte[] body) {
    OtlpEncoding encoding = OtlpEncoding.fromContentType(contentType);
    Supplier<byte[]> request =
        OtlpRequestBody.read(body, contentEncoding, config.maxDecompressedBytes());
    return ingest
        .ingest(caller.get(), () -> encoding.decode(request.get()))
        .map(
            result ->
                Response.ok(
                        encoding.exportResponse(result.rejectedSpans(), result.rejectionMessage()),
                        encoding.mediaType())
                    .build());
  }
}
