package dev.weft.server.traces;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trace list's text search ({@code q}) against a real PostgreSQL: it finds text in what was
 * said — message content, tool calls, plain input and output values — literally and regardless of
 * case, and not in the JSON around it (field names, roles, finish reasons), which every model call
 * has.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TraceTextSearchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The project holding the four traces, ingested by the first test that needs it. */
  private static TestProject project;

  private static synchronized TestProject project() {
    if (project == null) {
      project = ingest();
    }
    return project;
  }

  private static TestProject ingest() {
    TestProject project = WeftApi.newProject("search");
    ArrayNode spans = JSON.createArrayNode();
    spans.add(
        span(
            "order",
            Map.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.input.messages",
                messages(
                    "user", "Where is my ÜBER-order #42? (see [docs] .* \"quoted\" back\\slash)"),
                "gen_ai.output.messages",
                "[{\"role\":\"assistant\",\"finish_reason\":\"stop\",\"parts\":[{\"type\":"
                    + "\"text\",\"content\":\"It ships tomorrow.\"}]}]")));
    spans.add(
        span(
            "tool-call",
            Map.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.input.messages",
                messages("user", "Check my parcel"),
                "gen_ai.output.messages",
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                    + "\"name\":\"lookup_order\",\"arguments\":{\"order_id\":\"NW-7\"}}]}]")));
    spans.add(
        span(
            "retrieval",
            Map.of(
                "openinference.span.kind", "RETRIEVER",
                "input.value", "refund policy for damaged tents",
                "output.value", "Damaged items are replaced.")));
    spans.add(
        span(
            "plain",
            Map.of(
                "gen_ai.operation.name", "chat", "gen_ai.input.messages", messages("user", "hi"))));
    ObjectNode body = JSON.createObjectNode();
    ObjectNode scopeSpans =
        body.putArray("resourceSpans").addObject().putArray("scopeSpans").addObject();
    scopeSpans.putObject("scope").put("name", "search-test");
    scopeSpans.set("spans", spans);
    as(project.key())
        .contentType(ContentType.JSON)
        .body(body.toString())
        .post("/v1/traces")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString("rejected")));
    assertThat(project.get("/traces").getList("items")).hasSize(4);
    return project;
  }

  private static int spanNumber;

  private static ObjectNode span(String name, Map<String, String> attributes) {
    spanNumber++;
    ObjectNode span = JSON.createObjectNode();
    span.put("traceId", String.format("%032x", 0x5ea4c4L * 1000 + spanNumber));
    span.put("spanId", String.format("%016x", spanNumber));
    span.put("name", name);
    span.put("startTimeUnixNano", String.valueOf(1_780_000_000_000_000_000L + spanNumber));
    span.put("endTimeUnixNano", String.valueOf(1_780_000_001_000_000_000L + spanNumber));
    ArrayNode attrs = span.putArray("attributes");
    attributes.forEach(
        (key, value) -> {
          ObjectNode kv = attrs.addObject();
          kv.put("key", key);
          kv.putObject("value").put("stringValue", value);
        });
    return span;
  }

  private static String messages(String role, String text) {
    ObjectNode part = JSON.createObjectNode().put("type", "text").put("content", text);
    ObjectNode message = JSON.createObjectNode().put("role", role);
    message.putArray("parts").add(part);
    return JSON.createArrayNode().add(message).toString();
  }

  private List<String> found(String q) {
    return as(project().key())
        .queryParam("q", q)
        .get("/api/v1/projects/" + project().name() + "/traces")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.name");
  }

  @ParameterizedTest(name = "q={0} finds {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "über-ORDER | order",
        "(see [docs] .* | order",
        ".* | order",
        "\"quoted\" back\\slash | order",
        "ships TOMORROW | order",
        "lookup_order | tool-call",
        "NW-7 | tool-call",
        "damaged TENTS | retrieval",
        "are replaced | retrieval"
      })
  void textInWhatWasSaidIsFoundLiterallyAndRegardlessOfCase(String q, String trace) {
    assertThat(found(q)).containsExactly(trace);
  }

  @ParameterizedTest(name = "q={0} finds nothing")
  @CsvSource({"role", "content", "user", "assistant", "messages", "parts", "stop", "toolCalls"})
  void fieldNamesRolesAndFinishReasonsAreNotSearched(String q) {
    assertThat(found(q)).isEmpty();
  }

  @Test
  void aSearchCountsWhatItLists() {
    assertThat(
            as(project().key())
                .queryParam("q", "order")
                .queryParam("total", "true")
                .get("/api/v1/projects/" + project().name() + "/traces")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("total.count"))
        .isEqualTo(2); // "ÜBER-order" and the tool call "lookup_order"
  }

  @Test
  void aSearchTooLongOrHoldingNulIsRefusedWithTheReason() {
    String base = "/api/v1/projects/" + project().name() + "/traces";
    as(project().key())
        .queryParam("q", "x".repeat(TraceQuery.MAX_SEARCH_CHARS + 1))
        .get(base)
        .then()
        .statusCode(400)
        .body("detail", containsString("at most 1000 characters"));
    as(project().key())
        .queryParam("q", "a\0b")
        .get(base)
        .then()
        .statusCode(400)
        .body("detail", containsString("NUL"));
    as(project().key())
        .queryParam("session", "\0")
        .get(base)
        .then()
        .statusCode(400)
        .body("detail", containsString("'session' contains the NUL character"));
    assertThat(found("x".repeat(TraceQuery.MAX_SEARCH_CHARS))).isEmpty();
  }
}
