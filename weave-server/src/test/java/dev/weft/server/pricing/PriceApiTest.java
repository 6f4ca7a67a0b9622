package dev.weft.server.pricing;

import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The prices API against a real PostgreSQL: overrides with and without prompt-cache prices, the
 * price that applies to a model, what spans then cost, and every kind of bad or unauthorised
 * request, which changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PriceApiTest {

  private static String base(TestProject p) {
    return "/api/v1/projects/" + p.name() + "/prices";
  }

  private static void put(TestProject p, String body, int status) {
    as(p.key()).contentType(ContentType.JSON).body(body).put(base(p)).then().statusCode(status);
  }

  /** Sends one chat span of the model with prompt-cache usage; returns its trace id. */
  private static String chat(TestProject p, String model) {
    String traceId = ChatSpans.traceId();
    ChatSpans.send(
        p,
        ChatSpans.chat(traceId, "00000000000000a1", model, Instant.now(), 12_000L, 500L)
            .with("gen_ai.usage.cache_read.input_tokens", 10_000L)
            .with("gen_ai.usage.cache_creation.input_tokens", 1_000L));
    return traceId;
  }

  private static double cost(TestProject p, String traceId) {
    return p.get("/traces/" + traceId).getDouble("summary.costUsd");
  }

  @Test
  void cachedInputTokensCostTheShippedCachePricesThenTheProjectsOwn() {
    TestProject project = WeftApi.newProject("cache-prices");

    // claude-sonnet-4-5 as shipped: $3 input, $0.30 cache read, $3.75 cache write, $15 output.
    String shipped = chat(project, "claude-sonnet-4-5");
    assertThat(cost(project, shipped))
        .isCloseTo((1_000 * 3.0 + 10_000 * 0.3 + 1_000 * 3.75 + 500 * 15.0) / 1e6, within(1e-9));
    JsonPath span = project.get("/traces/" + shipped + "/spans/00000000000000a1");
    assertThat(span.getLong("usage.inputTokens")).isEqualTo(12_000);
    assertThat(span.getLong("usage.cacheReadTokens")).isEqualTo(10_000);
    assertThat(span.getLong("usage.cacheWriteTokens")).isEqualTo(1_000);

    put(
        project,
        "{\"model\":\"claude-sonnet-4-5\",\"inputPerMillion\":2,\"outputPerMillion\":10,"
            + "\"cacheReadPerMillion\":0.1,\"cacheWritePerMillion\":1}",
        200);
    String own = chat(project, "claude-sonnet-4-5");
    assertThat(cost(project, own))
        .isCloseTo((1_000 * 2.0 + 10_000 * 0.1 + 1_000 * 1.0 + 500 * 10.0) / 1e6, within(1e-9));
    assertThat(cost(project, shipped)).as("stored costs stay").isCloseTo(0.01725, within(1e-9));

    // An override without cache prices prices cached tokens as input.
    put(
        project,
        "{\"model\":\"claude-sonnet-4-5\",\"inputPerMillion\":2,\"outputPerMillion\":10}",
        200);
    String plain = chat(project, "claude-sonnet-4-5");
    assertThat(cost(project, plain)).isCloseTo((12_000 * 2.0 + 500 * 10.0) / 1e6, within(1e-9));
  }

  @Test
  void theEffectivePriceSaysWhereItComesFromWithItsCachePrices() {
    TestProject project = WeftApi.newProject("effective");
    JsonPath shipped = project.get("/prices/effective?model=gpt-4o-2024-08-06");
    assertThat(shipped.getString("source")).isEqualTo("shipped");
    assertThat(shipped.getDouble("inputPerMillion")).isEqualTo(2.5);
    assertThat(shipped.getDouble("cacheReadPerMillion")).isEqualTo(1.25);
    assertThat(shipped.getString("cacheWritePerMillion")).isNull();

    put(
        project,
        "{\"model\":\"gpt-4o\",\"inputPerMillion\":2,\"outputPerMillion\":8,"
            + "\"cacheReadPerMillion\":0.5}",
        200);
    JsonPath own = project.get("/prices/effective?model=gpt-4o-2024-08-06");
    assertThat(own.getString("source")).isEqualTo("override");
    assertThat(own.getDouble("cacheReadPerMillion")).isEqualTo(0.5);

    JsonPath unknown = project.get("/prices/effective?model=acme-llm");
    assertThat(unknown.getString("source")).isEqualTo("unknown");
    assertThat(unknown.getString("inputPerMillion")).isNull();
    assertThat(unknown.getString("cacheReadPerMillion")).isNull();
  }

  @Test
  void settingAPriceTwiceReplacesItAndDeletingItTwiceIsA404() {
    TestProject project = WeftApi.newProject("replace");
    put(project, "{\"model\":\"m-1\",\"inputPerMillion\":1,\"outputPerMillion\":2}", 200);
    put(
        project,
        "{\"model\":\"m-1\",\"inputPerMillion\":3,\"outputPerMillion\":4,"
            + "\"cacheReadPerMillion\":0.3}",
        200);
    JsonPath list = project.get("/prices");
    assertThat(list.getList("overrides")).hasSize(1);
    assertThat(list.getDouble("overrides[0].inputPerMillion")).isEqualTo(3.0);
    assertThat(list.getDouble("overrides[0].cacheReadPerMillion")).isEqualTo(0.3);
    assertThat(list.getInt("shippedModels")).isGreaterThanOrEqualTo(100);

    as(project.key()).delete(base(project) + "?model=m-1").then().statusCode(204);
    as(project.key())
        .delete(base(project) + "?model=m-1")
        .then()
        .statusCode(404)
        .body("detail", containsString("no price override for 'm-1'"));
    assertThat(project.get("/prices").getList("overrides")).isEmpty();
  }

  @Test
  void badPricesAreRefusedWithTheReasonAndChangeNothing() {
    TestProject project = WeftApi.newProject("bad-prices");
    put(project, "{\"model\":\"kept\",\"inputPerMillion\":1,\"outputPerMillion\":2}", 200);
    String[][] cases = {
      {"", "JSON body"},
      {"{\"model\":\"x\",\"outputPerMillion\":1}", "JSON body"},
      {"{\"model\":\"x\",\"inputPerMillion\":-1,\"outputPerMillion\":1}", "finite numbers >= 0"},
      {
        "{\"model\":\"x\",\"inputPerMillion\":1,\"outputPerMillion\":1,\"cacheReadPerMillion\":-0.1}",
        "cacheReadPerMillion"
      },
      {
        "{\"model\":\"x\",\"inputPerMillion\":1,\"outputPerMillion\":1,\"cacheWritePerMillion\":-2}",
        "cacheWritePerMillion"
      },
      {"{\"inputPerMillion\":1,\"outputPerMillion\":1}", "'model'"},
      {
        "{\"model\":\"" + "m".repeat(201) + "\",\"inputPerMillion\":1,\"outputPerMillion\":1}",
        "'model'"
      },
    };
    for (String[] c : cases) {
      as(project.key())
          .contentType(ContentType.JSON)
          .body(c[0])
          .put(base(project))
          .then()
          .statusCode(400)
          .body("detail", containsString(c[1]));
    }
    for (String malformed :
        new String[] {
          "{\"model\":", "{\"model\":\"x\",\"inputPerMillion\":\"cheap\",\"outputPerMillion\":1}"
        }) {
      as(project.key())
          .contentType(ContentType.JSON)
          .body(malformed)
          .put(base(project))
          .then()
          .statusCode(400);
    }
    as(project.key())
        .get(base(project) + "/effective")
        .then()
        .statusCode(400)
        .body("detail", containsString("?model="));
    JsonPath list = project.get("/prices");
    assertThat(list.getList("overrides.model")).containsExactly("kept");
    assertThat(list.getDouble("overrides[0].inputPerMillion")).isEqualTo(1.0);
  }

  @Test
  void onlyTheProjectsAdminKeysSetPricesAndOnlyItsKeysReadThem() {
    TestProject project = WeftApi.newProject("price-auth");
    TestProject other = WeftApi.newProject("price-other");
    String reader = project.key("read");
    String body = "{\"model\":\"m\",\"inputPerMillion\":1,\"outputPerMillion\":1}";

    given().contentType(ContentType.JSON).body(body).put(base(project)).then().statusCode(401);
    as(reader)
        .contentType(ContentType.JSON)
        .body(body)
        .put(base(project))
        .then()
        .statusCode(403)
        .body("detail", containsString("admin"));
    as(other.key())
        .contentType(ContentType.JSON)
        .body(body)
        .put(base(project))
        .then()
        .statusCode(403);
    as(other.key()).get(base(project)).then().statusCode(403);
    as(reader).delete(base(project) + "?model=m").then().statusCode(403);

    as(reader).get(base(project)).then().statusCode(200);
    assertThat(project.get("/prices").getList("overrides")).isEmpty();
  }
}
