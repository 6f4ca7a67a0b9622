package dev.weft.server.ingest;

import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/metrics}: Weft stores no OTLP metrics, and says so. An SDK or agent given only
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} exports metrics here too (the OpenTelemetry Java agent every
 * minute); the 404 carries the setting that stops it, which the exporters print in their log.
 */
@Path("/v1/metrics")
@Tag(name = "OTLP")
public class OtlpMetricsResource {

  /** What a metrics exporter is told, over OTLP/HTTP and OTLP/gRPC alike. */
  static final String NO_METRICS =
      "Weft stores OTLP traces (/v1/traces) and GenAI log events (/v1/logs), not metrics;"
          + " set OTEL_METRICS_EXPORTER=none, or send metrics to a metrics backend with"
          + " OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

  /** Always 404, with what to do instead. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @RequiresScope(Scope.INGEST)
  @Operation(summary = "Not supported: Weft stores traces and GenAI log events, not metrics (404)")
  public void export() {
    throw ProblemException.notFound(NO_METRICS);
  }
}
