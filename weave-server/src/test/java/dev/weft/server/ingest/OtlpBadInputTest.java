package dev.weft.server.ingest;

import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.record;
import static dev.weft.server.testing.OtlpExporters.service;
import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the OTLP and query endpoints: each case gets a 4xx with a message a person can act
 * on, and what the project already stored stays exactly as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OtlpBadInputTest {

  @Inject OtlpGrpcServer grpc;

  TestProject project;
  String baselineTraceId;

  @BeforeEach
  void storeBaseline() {
    project = WeftApi.newProject("bad");
    List<SpanData> spans =
        record(
            service("base"),
            provider ->
                provider
                    .get("t")
                    .spanBuilder("baseline")
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", "gpt-4o")
                    .startSpan()
                    .end());
    exportOk(
        OtlpExporters.exporter(
            Protocol.HTTP_PROTOBUF, RestAssured.port, grpc.port(), project.key()),
        spans);
    baselineTraceId = spans.get(0).getTraceId();
  }

  void assertBaselineUnchanged() {
    var list = project.get("/traces");
    assertThat(list.getList("items.traceId")).containsExactly(baselineTraceId);
    assertThat(list.getInt("items[0].spanCount")).isEqualTo(1);
  }

  Response post(String contentType, byte[] body) {
    return as(project.key()).contentType(contentType).body(body).post("/v1/traces");
  }

  static byte[] validRequest(byte[] traceId, byte[] spanId) {
    return requestStartingAt(traceId, spanId, System.currentTimeMillis() * 1_000_000L);
  }

  static byte[] requestStartingAt(byte[] traceId, byte[] spanId, long startNanos) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("raw"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(traceId))
                                .setSpanId(ByteString.copyFrom(spanId))
                                .setName("raw span")
                                .setStartTimeUnixNano(startNanos)
                                .setEndTimeUnixNano(startNanos + 5))))
        .build()
        .toByteArray();
  }

  static byte[] id(int length, int seed) {
    byte[] id = new byte[length];
    Arrays.fill(id, (byte) seed);
    return id;
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void truncatedProtobufIs400WithAStatusBody() throws Exception {
    byte[] valid = validRequest(id(16, 7), id(8, 7));
    Response response = post("application/x-protobuf", Arrays.copyOf(valid, valid.length - 9));
    assertThat(response.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.asByteArray());
    assertThat(status.getCode()).isEqualTo(3);
    assertThat(status.getMessage()).contains("protobuf");
    assertBaselineUnchanged();
  }

  @Test
  void otlpHttpSentToTheGrpcPortFailsWithTheFixInsteadOfBeingDroppedSilently() throws Exception {
    List<SpanData> spans =
        record(service("wrong-port"), p -> p.get("t").spanBuilder("lost?").startSpan().end());
    // The Java agent's default protocol is http/protobuf, and 4317 the port everyone knows.
    CompletableResultCode result =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://localhost:" + grpc.port() + "/v1/traces")
            .addHeader("Authorization", "Bearer " + project.key())
            .build()
            .export(spans)
            .join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("an OTLP/HTTP export to the gRPC port must fail").isFalse();

    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + grpc.port() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(validRequest(id(16, 4), id(8, 4))))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(com.google.rpc.Status.parseFrom(response.body()).getMessage())
        .contains("OTLP/gRPC port", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
    assertBaselineUnchanged();
  }

  @Test
  void aGrpcCallToTheHttpPortGetsAGrpcStatusNamingTheGrpcPort() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + RestAssured.port
                                + "/opentelemetry.proto.collector.trace.v1.TraceService/Export"))
                    .header("Content-Type", "application/grpc")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("grpc-status")).contains("12");
    assertThat(
            URLDecoder.decode(
                response.headers().firstValue("grpc-message").orElseThrow(),
                StandardCharsets.UTF_8))
        .contains("OTLP/gRPC goes to port " + grpc.port());
    // The stock gRPC exporter pointed at the HTTP port fails (and prints that message).
    CompletableResultCode result =
        io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://localhost:" + RestAssured.port)
            .addHeader("Authorization", "Bearer " + project.key())
            .build()
            .export(record(service("wrong"), p -> p.get("t").spanBuilder("x").startSpan().end()))
            .join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).isFalse();
    assertBaselineUnchanged();
  }

  @Test
  void wrongContentTypeIs415() {
    post("text/plain", "hello".getBytes())
        .then()
        .statusCode(415)
        .body("message", containsString("application/x-protobuf or application/json"));
    assertBaselineUnchanged();
  }

  @Test
  void corruptGzipIs400() {
    as(project.key())
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "gzip")
        .body(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5})
        .post("/v1/traces")
        .then()
        .statusCode(400);
    as(project.key())
        .contentType("application/json")
        .header("Content-Encoding", "gzip")
        .body("{\"resourceSpans\":[]}")
        .post("/v1/traces")
        .then()
        .statusCode(400)
        .body("message", containsString("gzip"));
    assertBaselineUnchanged();
  }

  @Test
  void unsupportedContentEncodingIs415() {
    as(project.key())
        .contentType("application/json")
        .header("Content-Encoding", "br")
        .body("{}")
        .post("/v1/traces")
        .then()
        .statusCode(415)
        .body("message", containsString("Content-Encoding 'br'"));
  }

  @Test
  void bodyOverTheLimitIs413() {
    byte[] big = new byte[16 * 1024 * 1024 + 1];
    post("application/x-protobuf", big).then().statusCode(413);
    assertBaselineUnchanged();
  }

  @Test
  void gzipBombOverTheDecompressedLimitIs413() throws Exception {
    byte[] bomb = gzip(new byte[65 * 1024 * 1024]);
    as(project.key())
        .contentType("application/json")
        .header("Content-Encoding", "gzip")
        .body(bomb)
        .post("/v1/traces")
        .then()
        .statusCode(413)
        .body("message", containsString("max-decompressed-bytes"));
    assertBaselineUnchanged();
  }

  @Test
  void spanWithIdsOfWrongLengthIsRejectedInPartialSuccessAndTheOthersStored() throws Exception {
    byte[] good = validRequest(id(16, 9), id(8, 9));
    byte[] badTrace = validRequest(id(15, 10), id(8, 10));
    ExportTraceServiceRequest both =
        ExportTraceServiceRequest.newBuilder().mergeFrom(good).mergeFrom(badTrace).build();
    Response response = post("application/x-protobuf", both.toByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse answer =
        ExportTraceServiceResponse.parseFrom(response.asByteArray());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage()).contains("trace_id");

    var list = project.get("/traces");
    assertThat(list.getList("items.traceId"))
        .containsExactlyInAnyOrder(baselineTraceId, "09".repeat(16));
  }

  @Test
  void spansStartingIn1970OrFarAheadAreRejectedInPartialSuccessSayingWhyAndOthersStored()
      throws Exception {
    long nowMillis = System.currentTimeMillis();
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .mergeFrom(requestStartingAt(id(16, 21), id(8, 21), nowMillis * 1_000_000L))
            // Milliseconds sent as nanoseconds: January 1970.
            .mergeFrom(requestStartingAt(id(16, 22), id(8, 22), nowMillis))
            // Three days ahead of the server's clock (the default allows 24 h).
            .mergeFrom(
                requestStartingAt(
                    id(16, 23), id(8, 23), (nowMillis + 3 * 86_400_000L) * 1_000_000L))
            .build();

    Response response = post("application/x-protobuf", request.toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse answer =
        ExportTraceServiceResponse.parseFrom(response.asByteArray());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .contains("start_time_unix_nano is before 2000-01-01")
        .contains("nanoseconds since the Unix epoch")
        .contains("more than 24h ahead of the server's clock");
    assertThat(project.get("/traces").getList("items.traceId"))
        .containsExactlyInAnyOrder(baselineTraceId, "15".repeat(16));
  }

  @Test
  void jsonWithBadHexIdIsRejectedInPartialSuccess() {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":"
            + "\"0102030405060708\",\"name\":\"x\",\"startTimeUnixNano\":\"1700000000000000000\","
            + "\"endTimeUnixNano\":\"1700000000000000001\"}]}]}]}";
    post("application/json", json.getBytes())
        .then()
        .statusCode(200)
        .body("partialSuccess.rejectedSpans", org.hamcrest.Matchers.equalTo("1"));
    assertBaselineUnchanged();
  }

  @Test
  void malformedJsonIs400NamingThePosition() {
    post("application/json", "{\"resourceSpans\": [ {".getBytes())
        .then()
        .statusCode(400)
        .body("code", org.hamcrest.Matchers.equalTo(3))
        .body("message", containsString("line"));
    assertBaselineUnchanged();
  }

  @Test
  void anEmptyRequestIsAnsweredWithSuccessAndStoresNothing() throws Exception {
    // OTLP: "If the server receives an empty request (a request that does not carry any telemetry
    // data) the server SHOULD respond with success." No bytes is the empty
    // ExportTraceServiceRequest.
    Response protobuf = post("application/x-protobuf", new byte[0]);
    assertThat(protobuf.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(protobuf.asByteArray()).hasPartialSuccess())
        .isFalse();
    post("application/json", new byte[0]).then().statusCode(200).body(equalTo("{}"));
    post("application/json", "{}".getBytes()).then().statusCode(200).body(equalTo("{}"));
    as(project.key())
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "gzip")
        .body(gzip(new byte[0]))
        .post("/v1/traces")
        .then()
        .statusCode(200);
    // Still a key, and a content type, are needed.
    given()
        .contentType("application/x-protobuf")
        .body(new byte[0])
        .post("/v1/traces")
        .then()
        .statusCode(401);
    post("text/plain", new byte[0]).then().statusCode(415);
    assertBaselineUnchanged();
  }

  @Test
  void missingWrongAndUnderScopedKeysAreRefused() {
    byte[] body = validRequest(id(16, 11), id(8, 11));
    given()
        .contentType("application/x-protobuf")
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(401);
    as("weft_wrong")
        .contentType("application/json")
        .body("{}")
        .post("/v1/traces")
        .then()
        .statusCode(401)
        .body("message", containsString("not valid"));
    String readOnly = project.key("read");
    as(readOnly)
        .contentType("application/x-protobuf")
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(403);
    assertBaselineUnchanged();
  }

  @Test
  void resourceNamingAnUnknownProjectIs403() {
    String json =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"weft.project\","
            + "\"value\":{\"stringValue\":\"no-such-project\"}}]},\"scopeSpans\":[{\"spans\":[{"
            + "\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\","
            + "\"name\":\"x\",\"startTimeUnixNano\":\"1700000000000000000\","
            + "\"endTimeUnixNano\":\"1700000000000000001\"}]}]}]}";
    post("application/json", json.getBytes())
        .then()
        .statusCode(403)
        .body("message", containsString("no-such-project"));
    assertBaselineUnchanged();
  }

  @Test
  void malformedQueryParametersAre400WithReasons() {
    String base = "/api/v1/projects/" + project.name();
    as(project.key())
        .get(base + "/traces?limit=abc")
        .then()
        .statusCode(400)
        .body("detail", containsString("limit"));
    as(project.key()).get(base + "/traces?limit=0").then().statusCode(400);
    as(project.key())
        .get(base + "/traces?total=yes")
        .then()
        .statusCode(400)
        .body("detail", containsString("use true or false"));
    as(project.key())
        .get(base + "/traces?from=yesterday")
        .then()
        .statusCode(400)
        .body("detail", containsString("ISO-8601"));
    as(project.key())
        .get(base + "/traces?kind=banana")
        .then()
        .statusCode(400)
        .body("detail", containsString("banana"));
    as(project.key()).get(base + "/traces?status=meh").then().statusCode(400);
    as(project.key()).get(base + "/traces?minCost=-1").then().statusCode(400);
    as(project.key())
        .get(base + "/traces?sort=name")
        .then()
        .statusCode(400)
        .body("detail", containsString("startTime"));
    as(project.key())
        .get(base + "/traces?cursor=garbage")
        .then()
        .statusCode(400)
        .body("detail", containsString("cursor"));
    as(project.key()).get(base + "/traces?attr=novalue").then().statusCode(400);
    as(project.key())
        .get(base + "/traces?colour=red")
        .then()
        .statusCode(400)
        .body("detail", containsString("colour"));
    as(project.key())
        .get(base + "/traces/not-hex")
        .then()
        .statusCode(400)
        .body("detail", containsString("32 hex"));
    as(project.key()).get(base + "/traces/" + "ab".repeat(16)).then().statusCode(404);
    as(project.key()).get(base + "/sessions?limit=5000").then().statusCode(400);
    as(project.key())
        .get(base + "/sessions?from=yesterday")
        .then()
        .statusCode(400)
        .body("detail", containsString("ISO-8601"));
    as(project.key())
        .get(base + "/sessions?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")
        .then()
        .statusCode(400)
        .body("detail", containsString("'from' must be before 'to'"));
    as(project.key())
        .get(base + "/sessions?from=2026-11-27T10:00:00Z&from=2026-11-26T10:00:00Z")
        .then()
        .statusCode(400)
        .body("detail", containsString("only once"));
    as(project.key())
        .get(base + "/sessions?since=2026-11-27T10:00:00Z")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown query parameter 'since'"));
    as(project.key())
        .get(base + "/sessions?limit=many")
        .then()
        .statusCode(400)
        .body("detail", containsString("limit"));
    as(project.key())
        .get(base + "/sessions/any-session?limit=many")
        .then()
        .statusCode(400)
        .body("detail", containsString("limit"));
    as(project.key())
        .get(base + "/evaluations?limt=5")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown query parameter 'limt'"))
        .body("detail", containsString("cursor, dataset, limit"));
    as(project.key())
        .get(base + "/datasets?limit=5")
        .then()
        .statusCode(400)
        .body("detail", containsString("takes no query parameters"));
    as(project.key())
        .get(base + "/traces/" + baselineTraceId + "/spans?verbose=1")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown query parameter 'verbose'"));
    as(project.key())
        .get(base + "/evaluations?limit=lots")
        .then()
        .statusCode(400)
        .body("detail", containsString("query parameter 'limit' has a value of the wrong type"));
    as(project.key())
        .get(base + "/sessions/any-session?colour=red")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown query parameter 'colour'"));
    as(project.key())
        .get(base + "/sessions/any-session?to=noon")
        .then()
        .statusCode(400)
        .body("detail", containsString("ISO-8601"));
    assertBaselineUnchanged();
  }

  @Test
  void anotherProjectsTracesCannotBeRead() {
    TestProject other = WeftApi.newProject("other");
    as(other.key())
        .get("/api/v1/projects/" + project.name() + "/traces/" + baselineTraceId)
        .then()
        .statusCode(403)
        .body("detail", containsString("cannot access project"));
  }
}
