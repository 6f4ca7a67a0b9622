package dev.weft.server.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class UiServingTest {

  /** The UI's copy of the API contract; its TypeScript types are generated from this file. */
  private static final Path UI_CONTRACT = Path.of("..", "ui", "openapi.json");

  @Test
  void rootServesTheUiApp() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString("<div id=\"root\">"));
  }

  @Test
  void deepLinksToUiViewsServeTheApp() {
    for (String path :
        new String[] {"/signin", "/p/shop/traces", "/p/shop/traces/5b8efff7?span=ab"}) {
      given()
          .get(path)
          .then()
          .statusCode(200)
          .contentType(startsWith("text/html"))
          .body(containsString("<div id=\"root\">"));
    }
  }

  @Test
  void answersAreGzipCompressedForClientsThatAcceptIt() {
    given()
        .header("Accept-Encoding", "gzip")
        .get("/p/shop/traces")
        .then()
        .statusCode(200)
        .header("Content-Encoding", "gzip");
  }

  @Test
  void apiAndOperationalPathsAreNotTakenByTheUi() {
    given().get("/api/v1/projects").then().statusCode(401).body(containsString("API key"));
    given().get("/q/health").then().statusCode(200).body(containsString("UP"));
    given().get("/nothing-here").then().statusCode(404);
  }

  /**
   * The UI compiles against {@code ui/openapi.json}; this keeps that copy equal to what the server
   * publishes. After an API change run {@code mvn -pl weave-server -am test -Dtest=UiServingTest
   * -Dweft.openapi.update=true} and commit the file.
   */
  @Test
  void uiApiContractMatchesThePublishedOpenApiDocument() throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonNode published = json.readTree(given().get("/q/openapi?format=json").asString());
    if (Boolean.getBoolean("weft.openapi.update")) {
      Files.writeString(UI_CONTRACT, json.writeValueAsString(published) + "\n");
    }
    JsonNode committed = json.readTree(Files.readString(UI_CONTRACT));
    assertThat(committed)
        .as(
            "ui/openapi.json differs from the server's /q/openapi: regenerate it with"
                + " -Dweft.openapi.update=true (see this test's Javadoc) and commit it")
        .isEqualTo(published);
  }
}
