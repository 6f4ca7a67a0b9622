package dev.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The newest OpenTelemetry Java SDK (the version Weft's libraries build on), configured only with
 * the endpoint and the API key header, exports to the packaged server over HTTP and gRPC.
 */
class OtlpSdkExportIT {

  @Test
  void stockSdkExportersReachTheServerWithOnlyEndpointAndKey() throws Exception {
    WeftServer server = WeftServer.get();
    WeftServer.Project project = server.newProject("sdk");
    SpanExporter http =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.httpUrl() + "/v1/traces")
            .addHeader("Authorization", "Bearer " + project.key())
            .build();
    SpanExporter grpc =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(server.grpcUrl())
            .addHeader("Authorization", "Bearer " + project.key())
            .build();
    String[] traceIds = new String[2];
    int i = 0;
    for (SpanExporter exporter : new SpanExporter[] {http, grpc}) {
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "it")))
              .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
              .build();
      Span span =
          provider
              .get("it")
              .spanBuilder("chat gpt-4o-mini")
              .setAttribute("gen_ai.operation.name", "chat")
              .setAttribute("gen_ai.request.model", "gpt-4o-mini")
              .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 10L)
              .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 5L)
              .startSpan();
      traceIds[i++] = span.getSpanContext().getTraceId();
      span.end();
      assertThat(provider.shutdown().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    JsonNode list = project.get("/traces");
    assertThat(list.get("items")).hasSize(2);
    for (String traceId : traceIds) {
      JsonNode trace = project.get("/traces/" + traceId);
      assertThat(trace.at("/roots/0/model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(trace.at("/roots/0/usage/totalTokens").asLong()).isEqualTo(15);
      assertThat(trace.at("/summary/costUsd").asDouble()).isPositive();
    }
  }
}
