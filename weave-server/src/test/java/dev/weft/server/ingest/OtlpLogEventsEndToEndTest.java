package dev.weft.server.ingest;

import static dev.weft.server.testing.OtlpExporters.exportLogsOk;
import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.recordWithLogs;
import static dev.weft.server.testing.OtlpExporters.service;
import static dev.weft.server.testing.WeftApi.as;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.OtlpExporters.Recorded;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GenAI events sent as OTLP log records, the way the OpenTelemetry Java agent's OpenAI
 * instrumentation sends prompt messages and choices, by the real SDK log exporters: whichever
 * arrives first, the span or its events, the stored span ends up with the events' messages as its
 * input and output.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OtlpLogEventsEndToEndTest {

  @Inject OtlpGrpcServer grpc;

  SpanExporter spans(Protocol protocol, TestProject project) {
    return OtlpExporters.exporter(protocol, RestAssured.port, grpc.port(), project.key());
  }

  LogRecordExporter logs(Protocol protocol, TestProject project) {
    return OtlpExporters.logExporter(protocol, RestAssured.port, grpc.port(), project.key());
  }

  /**
   * A span of the given attributes, with the log records {@code events} emits while it is current
   * (so they carry its ids), recorded by the real SDK.
   */
  static Recorded spanWithEvents(UnaryOperator<SpanBuilder> span, Consumer<Logger> events) {
    return recordWithLogs(
        service("assistant"),
        (tracers, loggers) -> {
          Span started = span.apply(tracers.get("openai-java").spanBuilder("chat")).startSpan();
          try (Scope ignored = started.makeCurrent()) {
            events.accept(loggers.get("openai-java"));
          } finally {
            started.end();
          }
        });
  }

  /** A chat call as the OpenAI instrumentation records it: the span, and one event per message. */
  static Recorded chatCall(String question, boolean eventNameAsAttribute) {
    return spanWithEvents(
        span ->
            span.setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.system", "openai")
                .setAttribute("gen_ai.request.model", "gpt-4o")
                .setAttribute(longKey("gen_ai.usage.input_tokens"), 21L)
                .setAttribute(longKey("gen_ai.usage.output_tokens"), 3L),
        log -> {
          emit(log, eventNameAsAttribute, "gen_ai.system.message", text("Answer in one word."));
          emit(log, eventNameAsAttribute, "gen_ai.user.message", text(question));
          emit(
              log,
              eventNameAsAttribute,
              "gen_ai.choice",
              Value.of(
                  Map.of(
                      "index", Value.of(0L),
                      "finish_reason", Value.of("stop"),
                      "message", Value.of(Map.of("content", Value.of("Paris."))))));
        });
  }

  static Value<?> text(String content) {
    return Value.of(Map.of("content", Value.of(content)));
  }

  static void emit(Logger log, boolean nameAsAttribute, String name, Value<?> body) {
    var record = log.logRecordBuilder().setAttribute(stringKey("gen_ai.system"), "openai");
    if (nameAsAttribute) {
      record.setAttribute(stringKey("event.name"), name);
    } else {
      record.setEventName(name);
    }
    record.setBody(body).emit();
  }

  static JsonPath awaitSpanWithOutput(TestProject project, Recorded call) {
    String path =
        "/traces/" + call.spans().get(0).getTraceId() + "/spans/" + call.spans().get(0).getSpanId();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> project.get(path).getString("output.messages[0].content") != null);
    return project.get(path);
  }

  static void assertChatMessages(JsonPath span, String question) {
    assertThat(span.getList("input.messages.role")).containsExactly("system", "user");
    assertThat(span.getList("input.messages.content"))
        .containsExactly("Answer in one word.", question);
    assertThat(span.getList("output.messages.role")).containsExactly("assistant");
    assertThat(span.getString("output.messages[0].content")).isEqualTo("Paris.");
    assertThat(span.getString("output.messages[0].finishReason")).isEqualTo("stop");
    // The span's own fields are untouched.
    assertThat(span.getString("model")).isEqualTo("gpt-4o");
    assertThat(span.getLong("usage.inputTokens")).isEqualTo(21);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void eventsSentBeforeTheirSpanBecomeItsInputAndOutput(Protocol protocol) {
    TestProject project = WeftApi.newProject("logs-first");
    Recorded call = chatCall("Capital of France?", protocol == Protocol.HTTP_JSON);
    assertThat(call.logs()).hasSize(3);

    exportLogsOk(logs(protocol, project), call.logs());
    assertThat(waitingEvents(call)).isEqualTo(3);
    exportOk(spans(protocol, project), call.spans());

    assertChatMessages(awaitSpanWithOutput(project, call), "Capital of France?");
    await().atMost(Duration.ofSeconds(10)).until(() -> waitingEvents(call) == 0);
  }

  @Test
  void eventsSentAfterTheirSpanFillTheStoredSpan() {
    TestProject project = WeftApi.newProject("span-first");
    Recorded call = chatCall("Capital of France, please?", false);

    exportOk(spans(Protocol.GRPC, project), call.spans());
    String path =
        "/traces/" + call.spans().get(0).getTraceId() + "/spans/" + call.spans().get(0).getSpanId();
    assertThat(project.get(path).getString("input")).isNull();
    exportLogsOk(logs(Protocol.GRPC, project), call.logs());

    assertChatMessages(awaitSpanWithOutput(project, call), "Capital of France, please?");
    // The trace list's preview reads the new input too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "Capital of France, please?"
                    .equals(project.get("/traces").getString("items[0].inputPreview")));
  }

  @Test
  void aResentLogsExportIsStoredOnce() {
    TestProject project = WeftApi.newProject("logs-twice");
    Recorded call = chatCall("Twice?", false);
    LogRecordExporter exporter = logs(Protocol.HTTP_PROTOBUF, project);

    exportLogsOk(exporter, call.logs());
    exportLogsOk(exporter, call.logs());
    assertThat(waitingEvents(call)).isEqualTo(3);
    exportOk(spans(Protocol.HTTP_PROTOBUF, project), call.spans());

    JsonPath span = awaitSpanWithOutput(project, call);
    assertThat(span.getList("input.messages")).hasSize(2);
    assertThat(span.getList("output.messages")).hasSize(1);
  }

  @Test
  void aSpansOwnMessagesWinOverItsEvents() {
    TestProject project = WeftApi.newProject("own-input");
    Recorded call =
        spanWithEvents(
            span ->
                span.setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"own\"}]}]"),
            log -> {
              emit(log, false, "gen_ai.user.message", text("from the event"));
              emit(
                  log,
                  false,
                  "gen_ai.choice",
                  Value.of(Map.of("message", text("answer from the event"))));
            });

    exportOk(spans(Protocol.HTTP_PROTOBUF, project), call.spans());
    exportLogsOk(logs(Protocol.HTTP_PROTOBUF, project), call.logs());

    JsonPath span = awaitSpanWithOutput(project, call);
    assertThat(span.getList("input.messages.content")).containsExactly("own");
    assertThat(span.getString("output.messages[0].content")).isEqualTo("answer from the event");
  }

  @Test
  void theNewestDetailsEventGivesInputAndOutput() {
    TestProject project = WeftApi.newProject("details");
    Recorded call =
        spanWithEvents(
            span -> span.setAttribute("gen_ai.operation.name", "chat"),
            log ->
                log.logRecordBuilder()
                    .setEventName("gen_ai.client.inference.operation.details")
                    .setAttribute(
                        stringKey("gen_ai.input.messages"),
                        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]")
                    .setAttribute(
                        stringKey("gen_ai.output.messages"),
                        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],"
                            + "\"finish_reason\":\"stop\"}]")
                    .emit());

    exportLogsOk(logs(Protocol.HTTP_PROTOBUF, project), call.logs());
    exportOk(spans(Protocol.HTTP_PROTOBUF, project), call.spans());

    JsonPath span = awaitSpanWithOutput(project, call);
    assertThat(span.getString("input.messages[0].content")).isEqualTo("Hi");
    assertThat(span.getString("output.messages[0].content")).isEqualTo("Hello");
  }

  @Test
  void otherLogRecordsAreCountedAsRejectedAndNotStored() throws Exception {
    TestProject project = WeftApi.newProject("mixed-logs");
    byte[] traceId = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    byte[] spanId = HexFormat.of().parseHex("b7ad6b7169203331");
    LogRecord genAi =
        LogRecord.newBuilder()
            .setEventName("gen_ai.user.message")
            .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .setFlags(1)
            .setTraceId(com.google.protobuf.ByteString.copyFrom(traceId))
            .setSpanId(com.google.protobuf.ByteString.copyFrom(spanId))
            .setBody(
                AnyValue.newBuilder()
                    .setKvlistValue(
                        io.opentelemetry.proto.common.v1.KeyValueList.newBuilder()
                            .addValues(
                                KeyValue.newBuilder()
                                    .setKey("content")
                                    .setValue(AnyValue.newBuilder().setStringValue("Hi")))))
            .build();
    LogRecord appLog =
        LogRecord.newBuilder()
            .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .setSeverityText("INFO")
            .setBody(AnyValue.newBuilder().setStringValue("user logged in"))
            .build();
    LogRecord noSpan = genAi.toBuilder().clearTraceId().clearSpanId().build();
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(genAi)
                            .addLogRecords(appLog)
                            .addLogRecords(noSpan)))
            .build();

    Response response =
        as(project.key())
            .contentType("application/x-protobuf")
            .body(request.toByteArray())
            .post("/v1/logs");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/x-protobuf");
    ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.asByteArray());
    assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .startsWith("2 log records rejected: ")
        .contains("not a GenAI event")
        .contains("no trace_id or span_id");
    assertThat(waitingEvents(traceId)).isEqualTo(1);

    Response json =
        as(project.key())
            .contentType("application/json")
            .body(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                    + "{\"timeUnixNano\":\"1760000000000000000\",\"body\":{\"stringValue\":\"x\"}}"
                    + "]}]}]}")
            .post("/v1/logs");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.jsonPath().getString("partialSuccess.rejectedLogRecords")).isEqualTo("1");
    assertThat(json.jsonPath().getString("partialSuccess.errorMessage"))
        .contains("not a GenAI event");
  }

  @Test
  void eventsOfAnUnsampledSpanAreRejectedInsteadOfWaitingForIt() {
    TestProject project = WeftApi.newProject("unsampled");
    InMemoryLogRecordExporter memory = InMemoryLogRecordExporter.create();
    SdkLoggerProvider loggers =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(memory))
            .build();
    SdkTracerProvider tracers = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
    Span span = tracers.get("t").spanBuilder("chat").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      emit(loggers.get("t"), false, "gen_ai.user.message", text("not sampled"));
    } finally {
      span.end();
    }
    List<LogRecordData> logs = memory.getFinishedLogRecordItems();
    assertThat(logs.get(0).getSpanContext().isValid()).isTrue();
    assertThat(logs.get(0).getSpanContext().isSampled()).isFalse();

    byte[] body;
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      LogsRequestMarshaler.create(logs).writeJsonTo(out);
      body = out.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Response response =
        as(project.key()).contentType("application/json").body(body).post("/v1/logs");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.jsonPath().getString("partialSuccess.rejectedLogRecords")).isEqualTo("1");
    assertThat(response.jsonPath().getString("partialSuccess.errorMessage"))
        .contains("its span was not sampled");
    assertThat(waitingEvents(HexFormat.of().parseHex(span.getSpanContext().getTraceId()))).isZero();
  }

  @Test
  void theWaitingGaugeCountsEventsUntilTheirSpanArrives() {
    TestProject project = WeftApi.newProject("gauge");
    Recorded call = chatCall("Counted?", false);
    exportLogsOk(logs(Protocol.HTTP_PROTOBUF, project), call.logs());
    // Earlier tests may have left events waiting (spans never sent): the gauge must equal the
    // table's count, these three included, and fall by exactly three when their span comes.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> waitingGauge() >= 3 && waitingGauge() == countAllWaiting());
    long before = waitingGauge();

    exportOk(spans(Protocol.HTTP_PROTOBUF, project), call.spans());

    awaitSpanWithOutput(project, call);
    await().atMost(Duration.ofSeconds(10)).until(() -> waitingGauge() == before - 3);
  }

  static long waitingGauge() {
    String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("weft_ingest_log_events_waiting "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }

  static long countAllWaiting() {
    try (Connection c = PostgresTestResource.connect();
        ResultSet r = c.createStatement().executeQuery("select count(*) from span_log_events")) {
      r.next();
      return r.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deletingATraceDeletesItsWaitingEvents() {
    TestProject project = WeftApi.newProject("erase");
    Recorded call = chatCall("Forget me", false);
    exportOk(spans(Protocol.HTTP_PROTOBUF, project), List.of(call.spans().get(0)));
    // Stop the periodic pass from moving them first: the span is deleted before the events come.
    as(project.key())
        .delete(
            "/api/v1/projects/" + project.name() + "/traces/" + call.spans().get(0).getTraceId())
        .then()
        .statusCode(200);
    exportLogsOk(logs(Protocol.HTTP_PROTOBUF, project), call.logs());
    assertThat(waitingEvents(call)).isEqualTo(3);

    as(project.key())
        .delete(
            "/api/v1/projects/" + project.name() + "/traces/" + call.spans().get(0).getTraceId())
        .then()
        .statusCode(404);

    assertThat(waitingEvents(call)).isZero();
  }

  static int waitingEvents(Recorded call) {
    return waitingEvents(HexFormat.of().parseHex(call.spans().get(0).getTraceId()));
  }

  static int waitingEvents(byte[] traceId) {
    try (Connection c = PostgresTestResource.connect();
        PreparedStatement s =
            c.prepareStatement("select count(*) from span_log_events where trace_id = ?")) {
      s.setBytes(1, traceId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
