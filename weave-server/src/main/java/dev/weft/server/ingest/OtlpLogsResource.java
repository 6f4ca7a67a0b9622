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
 * OTLP/HTTP logs receiver ({@code POST /v1/logs}) for the GenAI events instrumentations send as log
 * records (prompt messages and choices of a model call, see {@link LogEventService}). Same
 * encodings, limits and keys as {@code /v1/traces}; log records that are not GenAI events of a span
 * are counted in {@code partial_success} and not stored.
 */
@Path("/v1/logs")
@Tag(name = "OTLP")
public class OtlpLogsResource {

  @Inject LogEventService events;
  @Inject CurrentPrincipal caller;
  @Inject IngestConfig config;

  /** Receives one {@code ExportLogsServiceRequest}. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @RequiresScope(Scope.INGEST)
  @Operation(
      summary = "OTLP/HTTP logs export for GenAI events (protobuf or JSON, gzip allowed)",
      description =
          "Keeps the log records that are OpenTelemetry GenAI events (gen_ai.*.message,"
              + " gen_ai.choice, gen_ai.client.inference.operation.details) of a span; their"
              + " messages become the span's input and output once the span is stored. Other"
              + " log records are counted as rejected in partial_success.")
  public Uni<Response> export(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
      byte[] body) {
    OtlpEncoding encoding = OtlpEncoding.fromContentType(contentType);
    Supplier<byte[]> request =
        OtlpRequestBody.read(body, contentEncoding, config.maxDecompressedBytes());
    return events
        .ingest(caller.get(), () -> encoding.decodeLogs(request.get()))
        .map(
            result ->
                Response.ok(
                        encoding.logsExportResponse(
                            result.rejectedRecords(), result.rejectionMessage()),
                        encoding.mediaType())
                    .build());
  }
}
