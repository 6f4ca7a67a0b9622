package dev.weft.server.traces;

import static dev.weft.server.testing.WeftApi.as;
import static dev.weft.server.traces.TraceSpansApiTest.id;
import static dev.weft.server.traces.TraceSpansApiTest.ingest;
import static dev.weft.server.traces.TraceSpansApiTest.span;
import static dev.weft.server.traces.TraceSpansApiTest.traceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filter suggestions: the models, providers and kinds present in a project's traces. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TraceFacetsApiTest {

  private static String chat(String model, String provider) {
    return span(
        traceId(),
        id(1),
        null,
        "chat " + model,
        0,
        100_000_000,
        0,
        "\"gen_ai.operation.name\":\"chat\",\"gen_ai.request.model\":\""
            + model
            + "\",\"gen_ai.provider.name\":\""
            + provider
            + "\"");
  }

  @Test
  void facetsListEachTraceNameModelProviderAndKindOnceSorted() {
    TestProject project = WeftApi.newProject("facets");
    ingest(
        project,
        List.of(
            chat("gpt-4o", "openai"),
            chat("claude-sonnet-4", "anthropic"),
            chat("gpt-4o", "openai"),
            span(
                traceId(),
                id(2),
                null,
                "execute_tool search",
                0,
                1_000_000,
                0,
                "\"gen_ai.operation.name\":\"execute_tool\"")));

    JsonPath facets = project.get("/traces/facets");

    assertThat(facets.getList("names"))
        .containsExactly("chat claude-sonnet-4", "chat gpt-4o", "execute_tool search");
    assertThat(facets.getList("models")).containsExactly("claude-sonnet-4", "gpt-4o");
    assertThat(facets.getList("providers")).containsExactly("anthropic", "openai");
    assertThat(facets.getList("kinds")).containsExactly("chat", "tool");
  }

  @Test
  void aRangeWithoutTracesHasNoValues() {
    TestProject project = WeftApi.newProject("facets-range");
    ingest(project, List.of(chat("gpt-4o", "openai")));

    JsonPath facets =
        project.get("/traces/facets?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z");

    assertThat(facets.getList("models")).isEmpty();
    assertThat(facets.getString("from")).startsWith("2030-01-01T00:00");
  }

  @Test
  void badRangesAndUnknownParametersAre400WithTheReason() {
    TestProject project = WeftApi.newProject("facets-bad");
    as(project.key())
        .get("/api/v1/projects/" + project.name() + "/traces/facets?from=yesterday")
        .then()
        .statusCode(400)
        .body(containsString("from"));
    as(project.key())
        .get(
            "/api/v1/projects/"
                + project.name()
                + "/traces/facets?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z")
        .then()
        .statusCode(400)
        .body(containsString("'from' must be before 'to'"));
    as(project.key())
        .get("/api/v1/projects/" + project.name() + "/traces/facets?model=x")
        .then()
        .statusCode(400)
        .body(containsString("unknown query parameter 'model'"));
  }

  @Test
  void facetsNeedAKeyOfTheProject() {
    TestProject project = WeftApi.newProject("facets-auth");
    TestProject other = WeftApi.newProject("facets-other");
    given().get("/api/v1/projects/" + project.name() + "/traces/facets").then().statusCode(401);
    as(other.key())
        .get("/api/v1/projects/" + project.name() + "/traces/facets")
        .then()
        .statusCode(403);
  }
}
