package dev.weft.server.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Small REST helpers for tests: projects, keys and prices through the public API. */
public final class WeftApi {

  private WeftApi() {}

  /** A request authenticated with the given key. */
  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  /** Creates a project with a fresh unique name and returns it with its admin key. */
  public static TestProject newProject(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        as(PostgresTestResource.ADMIN_KEY)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"" + name + "\"}")
            .post("/api/v1/projects")
            .then()
            .statusCode(201)
            .extract()
            .asString();
    return new TestProject(name, JsonPath.from(body).getString("adminKey.secret"));
  }

  /**
   * A project created for one test.
   *
   * @param name project name
   * @param key admin key (all scopes)
   */
  public record TestProject(String name, String key) {

    /** Sets the project's price for a model. */
    public void price(String model, double inputPerMillion, double outputPerMillion) {
      as(key)
          .contentType(ContentType.JSON)
          .body(
              "{\"model\":\""
                  + model
                  + "\",\"inputPerMillion\":"
                  + inputPerMillion
                  + ",\"outputPerMillion\":"
                  + outputPerMillion
                  + "}")
          .put("/api/v1/projects/" + name + "/prices")
          .then()
          .statusCode(200);
    }

    /** Creates another key with the given scopes and returns its secret. */
    public String key(String... scopes) {
      String list = String.join("\",\"", scopes);
      return as(key)
          .contentType(ContentType.JSON)
          .body("{\"name\":\"k\",\"scopes\":[\"" + list + "\"]}")
          .post("/api/v1/projects/" + name + "/keys")
          .then()
          .statusCode(201)
          .extract()
          .path("secret");
    }

    /** GET on a path below {@code /api/v1/projects/{name}}, as JSON. */
    public JsonPath get(String path) {
      String body =
          as(key)
              .get("/api/v1/projects/" + name + path)
              .then()
              .statusCode(200)
              .extract()
              .asString();
      return JsonPath.from(body);
    }
  }
}
