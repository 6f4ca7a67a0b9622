package dev.weft.server.datasets;

import static dev.weft.server.datasets.Datasets.base;
import static dev.weft.server.datasets.Datasets.commit;
import static dev.weft.server.datasets.Datasets.create;
import static dev.weft.server.datasets.Datasets.storedRows;
import static dev.weft.server.datasets.Datasets.storedVersions;
import static dev.weft.server.datasets.Datasets.upload;
import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed, oversized, duplicate and unauthorised input to the datasets API: always a 4xx with a
 * message that says what to fix, and the stored versions and rows stay as they were.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatasetBadInputTest {

  static final String NDJSON = "application/x-ndjson";

  TestProject p;
  long rows;
  long versions;

  @BeforeEach
  void datasetWithOneVersion() {
    p = WeftApi.newProject("bad");
    create(p, "d");
    upload(p, "d", NDJSON, "{\"v\":1}\n{\"v\":2}\n").then().statusCode(201);
    rows = storedRows(p);
    versions = storedVersions(p);
  }

  void nothingChanged() {
    assertThat(storedRows(p)).isEqualTo(rows);
    assertThat(storedVersions(p)).isEqualTo(versions);
    assertThat(p.get("/datasets/d").getInt("latestVersion")).isEqualTo(1);
  }

  @Test
  void jsonlWithABadLineNamesTheLineAndStoresNothing() {
    upload(p, "d", NDJSON, "{\"v\":10}\n\n{\"v\":11,}\n{\"v\":12}\n")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("line 3"), containsString("nothing was stored")));
    upload(p, "d", NDJSON, "{\"v\":10}\n[1,2]\n")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("line 2"), containsString("JSON object")));
    nothingChanged();
  }

  @Test
  void jsonlRowWithADuplicateKeyIsRejected() {
    upload(p, "d", NDJSON, "{\"v\":10}\n{\"v\":11,\"v\":12}\n")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("line 2"), containsString("Duplicate field 'v'")));
    nothingChanged();
  }

  @Test
  void csvWithABadRecordNamesTheLineAndStoresNothing() {
    upload(p, "d", "text/csv", "a,b\n1,2\n\"x\ny\",3\n4,5,6\n")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("line 5"), containsString("3 cells")));
    upload(p, "d", "text/csv", "a,a\n1,2\n")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("line 1"), containsString("'a' twice")));
    upload(p, "d", "text/csv", "a,b\n1,\"unclosed\n")
        .then()
        .statusCode(400)
        .body("detail", containsString("line 2"));
    upload(p, "d", "text/csv", "").then().statusCode(400);
    nothingChanged();
  }

  @Test
  void unknownUploadTypeIs415() {
    upload(p, "d", "application/xml", "<rows/>")
        .then()
        .statusCode(415)
        .body("detail", containsString("application/x-ndjson"));
    nothingChanged();
  }

  @Test
  void oversizedUploadsAre413WithTheLimit() {
    String big = "{\"t\":\"" + "x".repeat(1_100_000) + "\"}\n";
    upload(p, "d", NDJSON, big)
        .then()
        .statusCode(413)
        .body("detail", containsString("weft.datasets.max-upload-bytes"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2001; i++) {
      many.append("{\"i\":").append(i).append("}\n");
    }
    upload(p, "d", NDJSON, many.toString())
        .then()
        .statusCode(413)
        .body("detail", allOf(containsString("more than 2000 rows"), containsString("line 2001")));
    nothingChanged();
  }

  @Test
  void malformedEditsAre400() {
    commit(p, "d", "{\"base\":1,").then().statusCode(400).body("detail", containsString("JSON"));
    commit(p, "d", "{\"base\":1,\"apend\":[]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("apend"));
    commit(p, "d", "{\"base\":1,\"delete\":[7]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("position 7 is not in the base version"));
    commit(p, "d", "{\"base\":1,\"delete\":[0],\"replace\":[{\"position\":0,\"row\":{}}]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("edited twice"));
    commit(p, "d", "{\"base\":1,\"append\":[[1]]}").then().statusCode(400);
    commit(p, "d", "{\"base\":1,\"append\":[{\"a\":1,\"a\":2}]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("Duplicate field 'a'"));
    commit(p, "d", "{\"append\":[{\"a\":1}]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("\"base\": 1"));
    commit(p, "d", "{\"base\":9,\"append\":[{\"a\":1}]}").then().statusCode(404);
    commit(p, "nope", "{\"append\":[{\"a\":1}]}").then().statusCode(404);
    nothingChanged();
  }

  @Test
  void duplicateDatasetNameIs409AndBadNamesAre400() {
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"name\":\"d\"}")
        .post(base(p))
        .then()
        .statusCode(409)
        .body("detail", containsString("already exists"));
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"name\":\"a/b c\"}")
        .post(base(p))
        .then()
        .statusCode(400);
    as(p.key()).contentType(ContentType.JSON).body("").post(base(p)).then().statusCode(400);
    nothingChanged();
  }

  @Test
  void badTagsAndReferencesAre4xx() {
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"version\":1}")
        .put(base(p) + "/d/tags/latest")
        .then()
        .statusCode(400);
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"version\":5}")
        .put(base(p) + "/d/tags/prod")
        .then()
        .statusCode(404);
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{}")
        .put(base(p) + "/d/tags/prod")
        .then()
        .statusCode(400);
    as(p.key()).get(base(p) + "/d/versions/nope/rows").then().statusCode(404);
    as(p.key()).get(base(p) + "/d/versions/1/rows?limit=0").then().statusCode(400);
    as(p.key()).get(base(p) + "/d/diff").then().statusCode(400);
    as(p.key()).get(base(p) + "/d/versions/1/export?format=xml").then().statusCode(400);
    nothingChanged();
  }

  @Test
  void readKeysCannotWriteAndOtherProjectsCannotRead() {
    String read = p.key("read");
    as(read).get(base(p) + "/d/versions/1/rows").then().statusCode(200);
    as(read)
        .contentType(NDJSON)
        .body("{\"v\":3}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post(base(p) + "/d/import")
        .then()
        .statusCode(403)
        .body("detail", containsString("'ingest' or 'admin'"));
    as(read)
        .contentType(ContentType.JSON)
        .body("{\"base\":1,\"append\":[{\"v\":3}]}")
        .post(base(p) + "/d/versions")
        .then()
        .statusCode(403);

    String ingest = p.key("ingest");
    as(ingest).get(base(p) + "/d").then().statusCode(403);
    as(ingest)
        .contentType(ContentType.JSON)
        .body("{\"version\":1}")
        .put(base(p) + "/d/tags/prod")
        .then()
        .statusCode(200);

    TestProject other = WeftApi.newProject("other");
    as(other.key()).get(base(p) + "/d").then().statusCode(403);
    as(other.key())
        .contentType(NDJSON)
        .body("{\"v\":3}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post(base(p) + "/d/import")
        .then()
        .statusCode(403);
    given().get(base(p) + "/d").then().statusCode(401);
    given()
        .contentType(NDJSON)
        .body("{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post(base(p) + "/d/import")
        .then()
        .statusCode(401);
    nothingChanged();
  }
}
