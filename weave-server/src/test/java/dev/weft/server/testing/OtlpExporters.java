package dev.weft.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
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
import java.util.function.BiConsumer;
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
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return postJson(httpPort, "/v1/traces", apiKey, TraceRequestMarshaler.create(spans));
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

  /** A stock log record exporter for the protocol (JSON: the SDK's encoding, as for spans). */
  public static LogRecordExporter logExporter(
      Protocol protocol, int httpPort, int grpcPort, String apiKey) {
    return switch (protocol) {
      case HTTP_PROTOBUF ->
          OtlpHttpLogRecordExporter.builder()
              .setEndpoint("http://localhost:" + httpPort + "/v1/logs")
              .addHeader("Authorization", "Bearer " + apiKey)
              .build();
      case HTTP_JSON ->
          new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> logs) {
              return postJson(httpPort, "/v1/logs", apiKey, LogsRequestMarshaler.create(logs));
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
      case GRPC ->
          OtlpGrpcLogRecordExporter.builder()
              .setEndpoint("http://localhost:" + grpcPort)
              .addHeader("Authorization", "Bearer " + apiKey)
              .build();
    };
  }

  private static CompletableResultCode postJson(
      int httpPort, String path, String apiKey, Marshaler request) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      request.writeJsonTo(body);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
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

  /**
   * Spans and log records recorded with a real SDK tracer and logger (log records emitted while a
   * span is current carry its ids, as instrumentations' GenAI events do).
   *
   * @param spans the finished spans
   * @param logs the emitted log records
   */
  public record Recorded(List<SpanData> spans, List<LogRecordData> logs) {}

  /** Records spans and log records; {@code body} creates them with the two providers. */
  public static Recorded recordWithLogs(
      Attributes resource, BiConsumer<SdkTracerProvider, SdkLoggerProvider> body) {
    Resource merged = Resource.getDefault().merge(Resource.create(resource));
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    SdkLoggerProvider loggers =
        SdkLoggerProvider.builder()
            .setResource(merged)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
            .build();
    List<SpanData> spans = record(resource, tracers -> body.accept(tracers, loggers));
    loggers.forceFlush().join(10, TimeUnit.SECONDS);
    List<LogRecordData> logRecords = logs.getFinishedLogRecordItems();
    loggers.shutdown();
    return new Recorded(spans, logRecords);
  }

  /** Exports log records and asserts the server accepted them. */
  public static void exportLogsOk(LogRecordExporter exporter, Collection<LogRecordData> logs) {
    CompletableResultCode result = exporter.export(logs).join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("logs export accepted by the server").isTrue();
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
