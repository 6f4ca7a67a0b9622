package dev.weft.server.ingest;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.ingest.otlp.OtlpDecodeException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
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
    boolean gzip = isGzip(contentEncoding);
    if (body == null || body.length == 0) {
      throw ProblemException.badRequest(
          "the request body is empty; send an OTLP ExportTraceServiceRequest");
    }
    return ingest
        .ingest(caller.get(), () -> encoding.decode(gzip ? gunzip(body) : body))
        .map(
            result ->
                Response.ok(
                        encoding.exportResponse(result.rejectedSpans(), result.rejectionMessage()),
                        encoding.mediaType())
                    .build());
  }

  private static boolean isGzip(String contentEncoding) {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String value = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (value.equals("gzip")) {
      return true;
    }
    if (value.equals("identity")) {
      return false;
    }
    throw ProblemException.unsupportedMediaType(
        "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
  }

  private byte[] gunzip(byte[] body) {
    int limit = config.maxDecompressedBytes();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, body.length * 4));
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > limit) {
          throw ProblemException.tooLarge(
              "the request body decompresses to more than "
                  + limit
                  + " bytes (weft.ingest.max-decompressed-bytes); send smaller batches");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      throw new OtlpDecodeException(
          "Content-Encoding is gzip but the body is not valid gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OtlpDecodeException("could not decompress the gzip body: " + e.getMessage(), e);
    }
  }
}
