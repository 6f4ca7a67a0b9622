package dev.weft.server.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ProjectAndKeyApiTest {

  static final String ADMIN = "Bearer " + PostgresTestResource.ADMIN_KEY;

  static String newProjectName() {
    return "p-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void requestWithoutKeyIsRefusedWith401Problem() {
    given()
        .when()
        .get("/api/v1/projects")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401))
        .body("detail", containsString("Authorization: Bearer"));
  }

  @Test
  void unknownKeyIsRefusedWith401() {
    given()
        .header("Authorization", "Bearer weft_not-a-real-key")
        .get("/api/v1/projects")
        .then()
        .statusCode(401)
        .body("detail", containsString("not valid"));
  }

  @Test
  void malformedAuthorizationHeaderIsRefusedWith401() {
    given()
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .get("/api/v1/projects")
        .then()
        .statusCode(401)
        .body("detail", containsString("Bearer <key>"));
  }

  @Test
  void bootstrapAdminKeySeesTheDefaultProject() {
    given()
        .header("Authorization", ADMIN)
        .get("/api/v1/auth/whoami")
        .then()
        .statusCode(200)
        .body("project", equalTo("default"))
        .body("scopes", hasItem("admin"));
  }

  @Test
  void createdProjectComesWithAnAdminKeyThatWorksOnlyForIt() {
    String name = newProjectName();
    String secret =
        given()
            .header("Authorization", ADMIN)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"" + name + "\"}")
            .post("/api/v1/projects")
            .then()
            .statusCode(201)
            .body("project.name", equalTo(name))
            .body("project.createdAt", org.hamcrest.Matchers.notNullValue())
            .body("adminKey.key.createdAt", org.hamcrest.Matchers.notNullValue())
            .body("adminKey.secret", startsWith("weft_"))
            .extract()
            .path("adminKey.secret");

    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/auth/whoami")
        .then()
        .statusCode(200)
        .body("project", equalTo(name));
    // The new project's key cannot reach the default project's data.
    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/projects/default/traces")
        .then()
        .statusCode(403)
        .body("detail", containsString("belongs to project '" + name + "'"));
  }

  @Test
  void duplicateProjectNameIsAConflict() {
    String name = newProjectName();
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}")
        .post("/api/v1/projects")
        .then()
        .statusCode(201);
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}")
        .post("/api/v1/projects")
        .then()
        .statusCode(409)
        .body("detail", containsString("already exists"));
  }

  @Test
  void invalidProjectNameAndMalformedBodyAreBadRequests() {
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"Has Spaces\"}")
        .post("/api/v1/projects")
        .then()
        .statusCode(400)
        .body("detail", containsString("invalid project name"));
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .post("/api/v1/projects")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aKeysLastUseIsShownInTheListAndANewKeyWasNeverUsed() {
    String created =
        given()
            .header("Authorization", ADMIN)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"last-used\",\"scopes\":[\"read\"]}")
            .post("/api/v1/projects/default/keys")
            .then()
            .statusCode(201)
            .body("key.lastUsedAt", nullValue())
            .extract()
            .asString();
    String secret = io.restassured.path.json.JsonPath.from(created).getString("secret");
    int id = io.restassured.path.json.JsonPath.from(created).getInt("key.id");
    assertThat(lastUsedAt(id)).isNull();
    Instant before = Instant.now().minusSeconds(5);

    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/projects")
        .then()
        .statusCode(200);

    String lastUsed = lastUsedAt(id);
    assertThat(lastUsed).isNotNull();
    assertThat(Instant.parse(lastUsed)).isAfter(before).isBefore(Instant.now().plusSeconds(5));
  }

  /** The default project's key list's {@code lastUsedAt} of a key. */
  private static String lastUsedAt(int keyId) {
    return given()
        .header("Authorization", ADMIN)
        .get("/api/v1/projects/default/keys")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("find { it.id == " + keyId + " }.lastUsedAt");
  }

  @Test
  void manyFirstRequestsOfANewKeyAtOnceAreAllAnswered() throws Exception {
    String secret =
        given()
            .header("Authorization", ADMIN)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"burst\",\"scopes\":[\"read\"]}")
            .post("/api/v1/projects/default/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("secret");
    // Every one of them misses the key cache and looks the key up (and stamps its last use).
    int requests = 64;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(requests);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < requests; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return given()
                      .header("Authorization", "Bearer " + secret)
                      .get("/api/v1/projects")
                      .statusCode();
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Integer> answer : answers) {
        assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readOnlyKeyCannotAdministerAndRevokedKeyStopsWorking() {
    String created =
        given()
            .header("Authorization", ADMIN)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"reader\",\"scopes\":[\"read\"]}")
            .post("/api/v1/projects/default/keys")
            .then()
            .statusCode(201)
            .body("key.scopes", equalTo(java.util.List.of("read")))
            .extract()
            .asString();
    String secret = io.restassured.path.json.JsonPath.from(created).getString("secret");
    int id = io.restassured.path.json.JsonPath.from(created).getInt("key.id");

    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/projects/default/keys")
        .then()
        .statusCode(403)
        .body("detail", containsString("'admin' scope"));
    given()
        .header("Authorization", ADMIN)
        .get("/api/v1/projects/default/keys")
        .then()
        .statusCode(200)
        .body("prefix", hasItem(secret.substring(0, 11)))
        .body(not(containsString(secret)));

    given()
        .header("Authorization", ADMIN)
        .delete("/api/v1/projects/default/keys/" + id)
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/projects")
        .then()
        .statusCode(401)
        .body("detail", containsString("revoked"));
  }

  @Test
  void bodyOfTheWrongShapeIsABadRequestNamingTheField() {
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"scopes\":\"read\"}")
        .post("/api/v1/projects/default/keys")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("scopes"));
  }

  @Test
  void keyWithUnknownScopeIsRefused() {
    given()
        .header("Authorization", ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"scopes\":[\"superuser\"]}")
        .post("/api/v1/projects/default/keys")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown scope 'superuser'"));
  }

  @Test
  void lastAdminKeyCannotBeRevoked() {
    String name = newProjectName();
    String body =
        given()
            .header("Authorization", ADMIN)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"" + name + "\"}")
            .post("/api/v1/projects")
            .then()
            .statusCode(201)
            .extract()
            .asString();
    String secret = io.restassured.path.json.JsonPath.from(body).getString("adminKey.secret");
    int id = io.restassured.path.json.JsonPath.from(body).getInt("adminKey.key.id");
    given()
        .header("Authorization", "Bearer " + secret)
        .delete("/api/v1/projects/" + name + "/keys/" + id)
        .then()
        .statusCode(409)
        .body("detail", containsString("last admin key"));
  }
}
