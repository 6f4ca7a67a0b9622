package dev.weft.server.datasets;

import static dev.weft.server.datasets.Datasets.base;
import static dev.weft.server.datasets.Datasets.create;
import static dev.weft.server.datasets.Datasets.storedVersions;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spans sent over OTLP/JSON become dataset rows of their input and output. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatasetFromTracesTest {

  static final String TRACE_1 = "5b8efff798038103d269b633813fc60c";
  static final String TRACE_2 = "0af7651916cd43dd8448eb211c80319c";

  /** One trace: an agent root span with input/output and a child LLM call with its own. */
  static String trace(String traceId, String question, String answer) {
    long start = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
        + "\"value\":{\"stringValue\":\"qa-app\"}}]},\"scopeSpans\":[{\"spans\":["
        + span(traceId, "00000000000000a1", "", "answer", start, question, answer)
        + ","
        + span(
            traceId,
            "00000000000000a2",
            "00000000000000a1",
            "llm",
            start + 1000,
            "prompt: " + question,
            answer)
        + "]}]}]}";
  }

  static String span(
      String traceId, String id, String parent, String name, long start, String in, String out) {
    return "{\"traceId\":\""
        + traceId
        + "\",\"spanId\":\""
        + id
        + "\",\"parentSpanId\":\""
        + parent
        + "\",\"name\":\""
        + name
        + "\",\"startTimeUnixNano\":\""
        + start
        + "\",\"endTimeUnixNano\":\""
        + (start + 5_000_000)
        + "\",\"attributes\":["
        + "{\"key\":\"input.value\",\"value\":{\"stringValue\":\""
        + in
        + "\"}},"
        + "{\"key\":\"output.value\",\"value\":{\"stringValue\":\""
        + out
        + "\"}}]}";
  }

  static void send(TestProject p, String otlpJson) {
    as(p.key())
        .contentType("application/json")
        .body(otlpJson)
        .post("/v1/traces")
        .then()
        .statusCode(200);
  }

  @Test
  void rootSpansOfSelectedTracesBecomeRows() {
    TestProject p = WeftApi.newProject("ft");
    send(p, trace(TRACE_1, "What is Weft?", "A tracing server."));
    send(p, trace(TRACE_2, "Who wrote it?", "Engineers."));
    create(p, "prod-qa");

    JsonPath v1 =
        JsonPath.from(
            as(p.key())
                .contentType(ContentType.JSON)
                .body(
                    "{\"traceIds\":[\""
                        + TRACE_1
                        + "\",\""
                        + TRACE_2.toUpperCase()
                        + "\"],"
                        + "\"message\":\"from production\"}")
                .post(base(p) + "/prod-qa/from-traces")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    assertThat(v1.getInt("rowCount")).isEqualTo(2);
    JsonPath rows = p.get("/datasets/prod-qa/rows");
    assertThat(rows.getList("rows.row.data.trace_id", String.class))
        .containsExactly(TRACE_1, TRACE_2);
    assertThat(rows.getList("rows.row.data.span_id", String.class))
        .containsOnly("00000000000000a1");
    assertThat(rows.getList("rows.row.data.name", String.class)).containsOnly("answer");
    Map<String, Object> first = rows.getMap("rows[0].row.data");
    assertThat(String.valueOf(first.get("input"))).contains("What is Weft?");
    assertThat(String.valueOf(first.get("output"))).contains("A tracing server.");

    // One chosen span, appended as the next version.
    JsonPath v2 =
        JsonPath.from(
            as(p.key())
                .contentType(ContentType.JSON)
                .body(
                    "{\"spans\":[{\"traceId\":\""
                        + TRACE_1
                        + "\",\"spanId\":\"00000000000000a2\"}]}")
                .post(base(p) + "/prod-qa/from-traces")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    assertThat(v2.getInt("rowCount")).isEqualTo(3);
    assertThat(p.get("/datasets/prod-qa/versions/2/rows").getString("rows[2].row.data.name"))
        .isEqualTo("llm");
  }

  @Test
  void allSpansTakesEverySpanWithInputOrOutput() {
    TestProject p = WeftApi.newProject("ft");
    send(p, trace(TRACE_1, "Q", "A"));
    create(p, "d");
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"traceIds\":[\"" + TRACE_1 + "\"],\"allSpans\":true}")
        .post(base(p) + "/d/from-traces")
        .then()
        .statusCode(201);
    assertThat(p.get("/datasets/d/rows").getList("rows.row.data.name", String.class))
        .containsExactly("answer", "llm");
  }

  @Test
  void unknownOrMalformedSelectionsAre4xxAndStoreNothing() {
    TestProject p = WeftApi.newProject("ft");
    create(p, "d");
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"traceIds\":[\"" + TRACE_1 + "\"]}")
        .post(base(p) + "/d/from-traces")
        .then()
        .statusCode(404)
        .body("detail", containsString("trace " + TRACE_1 + " not found"));
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"traceIds\":[\"xyz\"]}")
        .post(base(p) + "/d/from-traces")
        .then()
        .statusCode(400)
        .body("detail", containsString("32 hexadecimal"));
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{}")
        .post(base(p) + "/d/from-traces")
        .then()
        .statusCode(400);
    // Another project's trace is not visible.
    TestProject other = WeftApi.newProject("ft-other");
    send(other, trace(TRACE_2, "Q", "A"));
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"traceIds\":[\"" + TRACE_2 + "\"]}")
        .post(base(p) + "/d/from-traces")
        .then()
        .statusCode(404);
    assertThat(storedVersions(p)).isZero();
  }
}
