package dev.weft.server.runs;

import static dev.weft.server.testing.WeftApi.as;

import dev.weft.server.testing.WeftApi.TestProject;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** REST helpers for the runs API in tests. */
final class Runs {

  private Runs() {}

  static String base(TestProject p) {
    return "/api/v1/projects/" + p.name() + "/runs";
  }

  static Response post(TestProject p, String path, String body) {
    return as(p.key()).contentType(ContentType.JSON).body(body).post(base(p) + path);
  }

  static JsonPath create(TestProject p, String body) {
    return JsonPath.from(post(p, "", body).then().statusCode(201).extract().asString());
  }

  static Response patch(TestProject p, String id, String body) {
    return as(p.key()).contentType(ContentType.JSON).body(body).patch(base(p) + "/" + id);
  }

  static Response get(TestProject p, String path) {
    return as(p.key()).get(base(p) + path);
  }

  static JsonPath ok(Response r) {
    return JsonPath.from(r.then().statusCode(200).extract().asString());
  }

  /** A metric body with points key/step/value, value = f(step). */
  static String points(
      String key, long fromStep, int count, java.util.function.LongToDoubleFunction f) {
    StringBuilder sb = new StringBuilder("{\"points\":[");
    for (int i = 0; i < count; i++) {
      long step = fromStep + i;
      sb.append(i == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(key)
          .append("\",\"step\":")
          .append(step)
          .append(",\"value\":")
          .append(f.applyAsDouble(step))
          .append('}');
    }
    return sb.append("]}").toString();
  }

  static void log(TestProject p, String run, String body) {
    post(p, "/" + run + "/metrics", body).then().statusCode(200);
  }
}
