package dev.weft.server.datasets;

import static dev.weft.server.testing.WeftApi.as;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi.TestProject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** REST and database helpers for the datasets tests. */
final class Datasets {

  private Datasets() {}

  static String base(TestProject p) {
    return "/api/v1/projects/" + p.name() + "/datasets";
  }

  static void create(TestProject p, String name) {
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"description\":\"test\"}")
        .post(base(p))
        .then()
        .statusCode(201);
  }

  static Response upload(TestProject p, String name, String contentType, String body) {
    return as(p.key())
        .contentType(contentType)
        .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post(base(p) + "/" + name + "/import");
  }

  static Response commit(TestProject p, String name, String editJson) {
    return as(p.key())
        .contentType(ContentType.JSON)
        .body(editJson)
        .post(base(p) + "/" + name + "/versions");
  }

  /** Rows stored for the project (de-duplicated row records). */
  static long storedRows(TestProject p) {
    return count(
        "select count(*) from dataset_rows r join projects p on p.id = r.project_id"
            + " where p.name = ?",
        p.name());
  }

  /** Versions stored for the project's datasets. */
  static long storedVersions(TestProject p) {
    return count(
        "select count(*) from dataset_versions v join datasets d on d.id = v.dataset_id"
            + " join projects p on p.id = d.project_id where p.name = ?",
        p.name());
  }

  private static long count(String sql, String project) {
    try (Connection c = PostgresTestResource.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, project);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
