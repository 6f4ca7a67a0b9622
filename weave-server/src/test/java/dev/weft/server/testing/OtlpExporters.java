package dev.weft.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The real OpenTelemetry SDK exporters, pointed at the server under test. */
public final class OtlpExporters {

  /** The three OTLP transports. */
  public enum Protocol {
    /** OTLP/HTTP with protobuf bodies. */
    HTTP_PROTOBUF,
    /** OTLP/HTTP with JSON bodies. */
    HTTP_JSON,
    /** OTLP/gRPC. */
    GRPC
  }

  private OtlpExporters() {}

  /** A stock exporter for the protocol, sending the API key as a bearer token. */
  public static SpanExporter exporter(
      Protocol protocol, int httpPort, int grpcPort, String apiKey) {
    return switch (protocol) {
      case HTTP_PROTOBUF ->
          OtlpHttpSpanExporter.builder()
              .setEndpoint("http://localhost:" + httpPort + "/v1/traces")
              .addHeader("Authorization", "Bearer " + apiKey)
              .build();
      case HTTP_JSON -> jsonExporter(httpPort, apiKey);
      case GRPC ->
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("http://localhost:" + grpcPort)
              .addHeader("Authorization", "Bearer " + apiKey)
              .build();
    };
  }

  /**
   * OTLP/JSON as the OpenTelemetry Java SDK encodes it ({@code TraceRequestMarshaler}), posted with
   * the JDK HTTP client. The SDK's HTTP exporter has no public JSON switch (and its internal one
   * sends a wrong Content-Length in this version), so the transport is done here and the encoding
   * stays the SDK's own.
   */
  private static SpanExporter jsonExporter(int httpPort, String apiKey) {
    HttpClient client = HttpClient.newHttpClient();
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        try {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          TraceRequestMarshaler.create(spans).writeJsonTo(body);
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/v1/traces"))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + apiKey)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          return response.statusCode() == 200
              ? CompletableResultCode.ofSuccess()
              : CompletableResultCode.ofFailure();
        } catch (Exception e) {
          return CompletableResultCode.ofFailure();
        }
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /**
   * Records spans with a real SDK tracer (the code in {@code body} creates them) and returns them
   * finished, ready to export.
   */
  public static List<SpanData> record(Attributes resource, Consumer<SdkTracerProvider> body) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(resource)))
            .addSpanProcessor(SimpleSpanProcessor.create(memory))
            .build();
    body.accept(provider);
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    List<SpanData> spans = memory.getFinishedSpanItems();
    provider.shutdown();
    return spans;
  }

  /** Exports spans and asserts the server accepted them. */
  public static void exportOk(SpanExporter exporter, Collection<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans).join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("export accepted by the server").isTrue();
  }

  /** A resource naming a service. */
  public static Attributes service(String name) {
    return Attributes.of(AttributeKey.stringKey("service.name"), name);
  }
}
