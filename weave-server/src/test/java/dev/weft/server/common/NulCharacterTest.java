package dev.weft.server.common;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NUL character, which PostgreSQL cannot hold in text, is the caller's input wherever it
 * reaches a statement: a 400 that says so, never a 500, and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class NulCharacterTest {

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/datasets/a%00b", "/evaluations?dataset=a%00b"})
  void aNulInAPathOrQueryIsABadRequest(String path) {
    TestProject project = WeftApi.newProject("nul");
    as(project.key())
        .urlEncodingEnabled(false)
        .get("/api/v1/projects/" + project.name() + path)
        .then()
        .statusCode(400)
        .body("detail", containsString("NUL character"));
  }

  @Test
  void aNulInABodyIsABadRequestAndStoresNothing() {
    TestProject project = WeftApi.newProject("nul-body");
    as(project.key())
        .contentType(ContentType.JSON)
        .body("{\"model\":\"a\\u0000b\",\"inputPerMillion\":1,\"outputPerMillion\":1}")
        .put("/api/v1/projects/" + project.name() + "/prices")
        .then()
        .statusCode(400)
        .body("detail", containsString("NUL character"));
    assertThat(project.get("/prices").getList("overrides")).isEmpty();
  }
}
