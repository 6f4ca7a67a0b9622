package dev.weft.server.traces;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The light, flat span list of a trace that the trace view loads for big traces. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TraceSpansApiTest {

  private static final long T0 = (System.currentTimeMillis() - 120_000) * 1_000_000L;

  @Test
  void spansComeFlatByStartWithOnlyRowFieldsAndOffsetsFromTheTraceStart() {
    TestProject project = WeftApi.newProject("spans");
    String trace = traceId();
    List<String> spans = new ArrayList<>();
    spans.add(
        span(
            trace,
            id(1),
            null,
            "invoke_agent bot",
            0,
            900_000_000,
            0,
            "\"gen_ai.operation.name\":\"invoke_agent\""));
    spans.add(
        span(
            trace,
            id(2),
            id(1),
            "chat gpt-4o",
            100_000_000,
            400_000_000,
            0,
            "\"gen_ai.operation.name\":\"chat\",\"gen_ai.request.model\":\"gpt-4o\","
                + "\"gen_ai.usage.input_tokens\":120,\"gen_ai.usage.output_tokens\":30,"
                + "\"gen_ai.input.messages\":\"[{\\\"role\\\":\\\"user\\\",\\\"parts\\\":[{\\\"type\\\":\\\"text\\\",\\\"content\\\":\\\"hi\\\"}]}]\""));
    spans.add(
        span(
            trace,
            id(3),
            id(1),
            "execute_tool search",
            600_000_000,
            200_000_000,
            2,
            "\"gen_ai.operation.name\":\"execute_tool\""));
    // Its parent never arrives: it is still listed, with its parent id, for the client to root.
    spans.add(span(trace, id(4), id(99), "orphan", 50_000_000, 10_000_000, 0, "\"a\":\"b\""));
    ingest(project, spans);

    JsonPath answer = project.get("/traces/" + trace + "/spans");

    assertThat(answer.getInt("summary.spanCount")).isEqualTo(4);
    assertThat(answer.getList("spans.spanId")).containsExactly(id(1), id(4), id(2), id(3));
    Map<String, Object> chat = answer.getMap("spans[2]");
    assertThat(chat)
        .containsEntry("parentSpanId", id(1))
        .containsEntry("kind", "chat")
        .containsEntry("model", "gpt-4o")
        .containsEntry("inputTokens", 120)
        .containsEntry("outputTokens", 30)
        .containsEntry("status", "unset")
        .doesNotContainKeys("attributes", "input", "output", "events", "resource", "children");
    assertThat(answer.getDouble("spans[2].offsetMs")).isEqualTo(100.0);
    assertThat(answer.getDouble("spans[2].durationMs")).isEqualTo(400.0);
    assertThat(answer.getMap("spans[0]")).doesNotContainKey("parentSpanId");
    assertThat(answer.getString("spans[3].status")).isEqualTo("error");
    assertThat(answer.getString("spans[1].parentSpanId")).isEqualTo(id(99));
  }

  @Test
  void aDeeplyNestedTraceIsListedWhole() {
    TestProject project = WeftApi.newProject("deep");
    String trace = traceId();
    List<String> spans = new ArrayList<>();
    int depth = 1500;
    for (int i = 1; i <= depth; i++) {
      spans.add(
          span(
              trace,
              id(i),
              i == 1 ? null : id(i - 1),
              "step " + i,
              i * 1000L,
              1000L * (depth - i + 1),
              0,
              "\"k\":\"v\""));
    }
    ingest(project, spans);

    JsonPath answer = project.get("/traces/" + trace + "/spans");

    assertThat(answer.getList("spans")).hasSize(depth);
    assertThat(answer.getString("spans[1499].parentSpanId")).isEqualTo(id(1499));
  }

  @Test
  void anUnknownTraceIs404WithTheTraceIdInTheMessage() {
    TestProject project = WeftApi.newProject("unknown");
    String trace = traceId();
    as(project.key())
        .get("/api/v1/projects/" + project.name() + "/traces/" + trace + "/spans")
        .then()
        .statusCode(404)
        .body(containsString(trace));
  }

  @Test
  void malformedTraceIdsAre400WithTheExpectedForm() {
    TestProject project = WeftApi.newProject("malformed");
    for (String bad : List.of("abc", "zz" + "0".repeat(30), "0".repeat(33))) {
      as(project.key())
          .get("/api/v1/projects/" + project.name() + "/traces/" + bad + "/spans")
          .then()
          .statusCode(400)
          .body(containsString("32 hex characters"));
    }
  }

  @Test
  void anotherProjectsKeyIsRefusedAndNoKeyIsUnauthorised() {
    TestProject owner = WeftApi.newProject("owner");
    TestProject other = WeftApi.newProject("other");
    String trace = traceId();
    ingest(owner, List.of(span(trace, id(1), null, "root", 0, 1000, 0, "\"k\":\"v\"")));
    String path = "/api/v1/projects/" + owner.name() + "/traces/" + trace + "/spans";

    as(other.key()).get(path).then().statusCode(403);
    io.restassured.RestAssured.given().get(path).then().statusCode(401);
  }

  static void ingest(TestProject project, List<String> spans) {
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
            + "{\"stringValue\":\"svc\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":["
            + String.join(",", spans)
            + "]}]}]}";
    as(project.key())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString("rejected")));
  }

  /** One OTLP/JSON span; attributes given as {@code "key":value} pairs (string or integer). */
  static String span(
      String trace,
      String id,
      String parent,
      String name,
      long startNs,
      long durNs,
      int status,
      String attrs) {
    StringBuilder a = new StringBuilder();
    for (String pair : attrs.split(",(?=\")")) {
      int colon = pair.indexOf("\":");
      String key = pair.substring(1, colon);
      String value = pair.substring(colon + 2);
      String typed =
          value.startsWith("\"")
              ? "{\"stringValue\":" + value + "}"
              : "{\"intValue\":\"" + value + "\"}";
      if (a.length() > 0) {
        a.append(',');
      }
      a.append("{\"key\":\"").append(key).append("\",\"value\":").append(typed).append('}');
    }
    return "{\"traceId\":\""
        + trace
        + "\",\"spanId\":\""
        + id
        + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
        + ",\"name\":\""
        + name
        + "\",\"kind\":1,\"startTimeUnixNano\":\""
        + (T0 + startNs)
        + "\",\"endTimeUnixNano\":\""
        + (T0 + startNs + durNs)
        + "\",\"status\":{\"code\":"
        + status
        + "},\"attributes\":["
        + a
        + "]}";
  }

  static String traceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String id(int n) {
    return String.format("%016x", n);
  }
}
