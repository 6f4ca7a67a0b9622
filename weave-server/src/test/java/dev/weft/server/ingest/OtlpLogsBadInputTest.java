package dev.weft.server.ingest;

import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.google.protobuf.ByteString;
import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.OtlpExporters.Recorded;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input to {@code POST /v1/logs} and the gRPC logs export: each case gets a 4xx (or the gRPC
 * status) with a message a person can act on, and the events the project already has waiting stay
 * exactly as they were.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OtlpLogsBadInputTest {

  @Inject OtlpGrpcServer grpc;

  TestProject project;

  @BeforeEach
  void storeBaseline() {
    project = WeftApi.newProject("bad-logs");
    // One waiting event (its span is never sent), stored through the real exporter.
    Recorded call = OtlpLogEventsEndToEndTest.chatCall("baseline", false);
    OtlpExporters.exportLogsOk(
        OtlpExporters.logExporter(
            Protocol.HTTP_PROTOBUF, RestAssured.port, grpc.port(), project.key()),
        call.logs().subList(0, 1));
    assertBaselineUnchanged();
  }

  void assertBaselineUnchanged() {
    assertThat(waitingEvents()).as("the project's waiting events").isEqualTo(1);
  }

  int waitingEvents() {
    try (Connection c = PostgresTestResource.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from span_log_events e join projects p on p.id = e.project_id"
                    + " where p.name = ?")) {
      s.setString(1, project.name());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Response post(String key, String contentType, byte[] body) {
    return as(key).contentType(contentType).body(body).post("/v1/logs");
  }

  static byte[] request(String resourceProject) {
    LogRecord event =
        LogRecord.newBuilder()
            .setEventName("gen_ai.user.message")
            .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .setFlags(1)
            .setTraceId(ByteString.copyFrom(id(16, 3)))
            .setSpanId(ByteString.copyFrom(id(8, 3)))
            .setBody(
                AnyValue.newBuilder()
                    .setKvlistValue(
                        KeyValueList.newBuilder()
                            .addValues(
                                KeyValue.newBuilder()
                                    .setKey("content")
                                    .setValue(AnyValue.newBuilder().setStringValue("Hi")))))
            .build();
    Resource.Builder resource = Resource.newBuilder();
    if (resourceProject != null) {
      resource.addAttributes(
          KeyValue.newBuilder()
              .setKey("weft.project")
              .setValue(AnyValue.newBuilder().setStringValue(resourceProject)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource)
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(event)))
        .build()
        .toByteArray();
  }

  /** The message of a failed protobuf request's {@code google.rpc.Status} body. */
  static String statusMessage(Response response) {
    assertThat(response.contentType()).startsWith("application/x-protobuf");
    try {
      return com.google.rpc.Status.parseFrom(response.asByteArray()).getMessage();
    } catch (Exception e) {
      throw new AssertionError("not a google.rpc.Status body", e);
    }
  }

  static byte[] id(int length, int seed) {
    byte[] id = new byte[length];
    Arrays.fill(id, (byte) seed);
    return id;
  }

  @Test
  void aValidRequestStoresItsEvent() {
    // The control case: the same request the other cases break is accepted.
    post(project.key(), "application/x-protobuf", request(null)).then().statusCode(200);
    assertThat(waitingEvents()).isEqualTo(2);
  }

  @Test
  void anEmptyRequestIsAnsweredWithSuccessAndStoresNothing() throws Exception {
    Response protobuf = post(project.key(), "application/x-protobuf", new byte[0]);
    assertThat(protobuf.statusCode()).isEqualTo(200);
    assertThat(
            io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.parseFrom(
                    protobuf.asByteArray())
                .hasPartialSuccess())
        .isFalse();
    post(project.key(), "application/json", new byte[0]).then().statusCode(200);
    assertBaselineUnchanged();
  }

  @Test
  void truncatedProtobufIs400WithAStatusBody() throws Exception {
    byte[] valid = request(null);
    Response response =
        post(project.key(), "application/x-protobuf", Arrays.copyOf(valid, valid.length - 5));
    assertThat(response.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.asByteArray());
    assertThat(status.getCode()).isEqualTo(3);
    assertThat(status.getMessage()).contains("ExportLogsServiceRequest protobuf");
    assertBaselineUnchanged();
  }

  @Test
  void malformedJsonIs400NamingTheLine() {
    post(project.key(), "application/json", "{\"resourceLogs\": [ {\"scopeLogs\": 7} ]}".getBytes())
        .then()
        .statusCode(400)
        .body("message", containsString("line 1"));
    post(project.key(), "application/json", "{\"resourceLogs\": [".getBytes())
        .then()
        .statusCode(400)
        .body("message", containsString("malformed OTLP/JSON"));
    assertBaselineUnchanged();
  }

  @Test
  void wrongContentTypeIs415() {
    post(project.key(), "text/plain", "hello".getBytes())
        .then()
        .statusCode(415)
        .body("message", containsString("application/x-protobuf or application/json"));
    assertBaselineUnchanged();
  }

  @Test
  void corruptGzipIs400() {
    Response response =
        as(project.key())
            .contentType("application/x-protobuf")
            .header("Content-Encoding", "gzip")
            .body(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5})
            .post("/v1/logs");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(statusMessage(response)).contains("not valid gzip");
    assertBaselineUnchanged();
  }

  @Test
  void gzipBodyIsAccepted() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(request(null));
    }
    as(project.key())
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "gzip")
        .body(out.toByteArray())
        .post("/v1/logs")
        .then()
        .statusCode(200);
    assertThat(waitingEvents()).isEqualTo(2);
  }

  @Test
  void bodyOverTheLimitIs413() {
    post(project.key(), "application/x-protobuf", new byte[16 * 1024 * 1024 + 1])
        .then()
        .statusCode(413);
    assertBaselineUnchanged();
  }

  @Test
  void missingAndWrongKeysAre401() {
    given()
        .contentType("application/x-protobuf")
        .body(request(null))
        .post("/v1/logs")
        .then()
        .statusCode(401);
    post("weft_not-a-key", "application/x-protobuf", request(null)).then().statusCode(401);
    assertBaselineUnchanged();
  }

  @Test
  void aReadOnlyKeyIs403() {
    Response response = post(project.key("read"), "application/x-protobuf", request(null));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(statusMessage(response)).contains("ingest");
    assertBaselineUnchanged();
  }

  @Test
  void eventsNamingAnotherProjectAre403AndNothingIsStored() {
    TestProject other = WeftApi.newProject("bad-logs-other");
    Response response = post(project.key(), "application/x-protobuf", request(other.name()));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(statusMessage(response)).contains("'" + other.name() + "'", "weft.project");
    assertBaselineUnchanged();
  }

  @Test
  void metricsAreRefusedWithTheSettingThatStopsThem() {
    Response metrics =
        as(project.key())
            .contentType("application/x-protobuf")
            .body(new byte[] {0x0a, 0x00})
            .post("/v1/metrics");
    assertThat(metrics.statusCode()).isEqualTo(404);
    assertThat(statusMessage(metrics)).contains("OTEL_METRICS_EXPORTER=none");
    given().contentType("application/json").body("{}").post("/v1/metrics").then().statusCode(401);
    assertBaselineUnchanged();
  }

  @Test
  void grpcMetricsAreRefusedWithTheSettingThatStopsThem() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + grpc.port()
                                + "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"))
                    .header("Content-Type", "application/grpc")
                    .header("Authorization", "Bearer " + project.key())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // A trailers-only gRPC answer: the status is in the headers.
    assertThat(response.headers().firstValue("grpc-status")).contains("12");
    assertThat(
            URLDecoder.decode(
                response.headers().firstValue("grpc-message").orElseThrow(),
                StandardCharsets.UTF_8))
        .contains("OTEL_METRICS_EXPORTER=none");
    assertBaselineUnchanged();
  }

  @Test
  void grpcExportWithAWrongKeyFailsAndStoresNothing() {
    CompletableResultCode result =
        OtlpExporters.logExporter(Protocol.GRPC, RestAssured.port, grpc.port(), "weft_wrong")
            .export(OtlpLogEventsEndToEndTest.chatCall("denied", false).logs())
            .join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).isFalse();
    assertBaselineUnchanged();
  }
}
