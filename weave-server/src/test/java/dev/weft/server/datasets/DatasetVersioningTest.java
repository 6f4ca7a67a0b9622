package dev.weft.server.datasets;

import static dev.weft.server.datasets.Datasets.base;
import static dev.weft.server.datasets.Datasets.commit;
import static dev.weft.server.datasets.Datasets.create;
import static dev.weft.server.datasets.Datasets.storedRows;
import static dev.weft.server.datasets.Datasets.storedVersions;
import static dev.weft.server.datasets.Datasets.upload;
import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.weft.datasets.Csv;
import dev.weft.datasets.Dataset;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.Jsonl;
import dev.weft.datasets.Samples;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datasets through the REST API on a real PostgreSQL: versions, de-duplication, diff, tags. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatasetVersioningTest {

  static final String NDJSON = "application/x-ndjson";

  static JsonPath json(io.restassured.response.Response r, int status) {
    return JsonPath.from(r.then().statusCode(status).extract().asString());
  }

  @Test
  void createsListsAndReadsDatasets() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "qa");
    create(p, "cls");
    JsonPath list = p.get("/datasets");
    assertThat(list.getList("name", String.class)).containsExactly("cls", "qa");
    JsonPath qa = p.get("/datasets/qa");
    assertThat(qa.getString("description")).isEqualTo("test");
    assertThat(qa.getString("latestVersion")).isNull();
    assertThat(qa.getString("createdAt")).isNotBlank();
  }

  @Test
  void serverDigestsEqualTheLibrarys() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "qa");
    Dataset sample = Samples.questionAnswering();
    JsonPath v1 = json(upload(p, "qa", NDJSON, Jsonl.toString(sample.rows())), 201);
    assertThat(v1.getString("digest")).isEqualTo(sample.digest());
    assertThat(v1.getInt("rowCount")).isEqualTo(sample.size());

    JsonPath page = p.get("/datasets/qa/versions/1/rows?limit=1000");
    List<String> digests = page.getList("rows.row.digest", String.class);
    assertThat(digests).isEqualTo(sample.rows().stream().map(DatasetRow::digest).toList());

    // Numbers, key order and unicode written differently on the wire: same rows, same digests.
    create(p, "edge");
    String edge =
        "{\"b\":1.0,\"a\":\"\\u00e9\\ud83d\\ude00\",\"n\":{\"y\":[1e2,-0.0,0.5],\"x\":null}}\n"
            + "{\"id\":12345678901234567890,\"t\":\"line\\nbreak \\u2028\"}\n";
    JsonPath v = json(upload(p, "edge", NDJSON, edge), 201);
    List<DatasetRow> local = Jsonl.read(new StringReader(edge));
    assertThat(v.getString("digest")).isEqualTo(Dataset.of("edge", local).digest());
    List<String> served = p.get("/datasets/edge/rows").getList("rows.row.digest", String.class);
    assertThat(served).containsExactly(local.get(0).digest(), local.get(1).digest());
    // What the server hands back re-digests to the same value in the library.
    String exported =
        as(p.key())
            .get(base(p) + "/edge/export?format=jsonl")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(Jsonl.read(new StringReader(exported)))
        .extracting(DatasetRow::digest)
        .containsExactly(local.get(0).digest(), local.get(1).digest());
  }

  @Test
  void secondVersionSharingRowsAddsNoNewRowRecords() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "qa");
    Dataset sample = Samples.questionAnswering();
    json(upload(p, "qa", NDJSON, Jsonl.toString(sample.rows())), 201);
    assertThat(storedRows(p)).isEqualTo(30);

    JsonPath v2 =
        json(commit(p, "qa", "{\"base\":1,\"append\":[{\"id\":\"new\",\"q\":\"x\"}]}"), 201);
    assertThat(v2.getInt("number")).isEqualTo(2);
    assertThat(v2.getInt("rowCount")).isEqualTo(31);
    assertThat(v2.getInt("base")).isEqualTo(1);
    assertThat(storedRows(p)).as("only the appended row is new").isEqualTo(31);

    // A second dataset holding the same rows stores nothing new either.
    create(p, "copy");
    json(upload(p, "copy", NDJSON, Jsonl.toString(sample.rows())), 201);
    assertThat(storedRows(p)).isEqualTo(31);

    // Uploading the latest version's rows again makes no version.
    long versions = storedVersions(p);
    JsonPath again = json(upload(p, "copy", NDJSON, Jsonl.toString(sample.rows())), 200);
    assertThat(again.getInt("number")).isEqualTo(1);
    assertThat(storedVersions(p)).isEqualTo(versions);
  }

  @Test
  void editsReplaceDeleteAndAppendAgainstTheBase() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(upload(p, "d", NDJSON, "{\"v\":0}\n{\"v\":1}\n{\"v\":2}\n{\"v\":3}\n"), 201);
    String digestOf2 = DatasetRow.parse("{\"v\":2}").digest();
    json(
        commit(
            p,
            "d",
            "{\"base\":1,\"replace\":[{\"position\":0,\"row\":{\"v\":\"zero\"}},"
                + "{\"digest\":\""
                + digestOf2
                + "\",\"row\":{\"v\":\"two\"}}],\"delete\":[1],\"append\":[{\"v\":4}],"
                + "\"message\":\"fix\"}"),
        201);
    JsonPath rows = p.get("/datasets/d/versions/2/rows");
    assertThat(rows.getList("rows.row.data.v")).containsExactly("zero", "two", 3, 4);
    assertThat(rows.getList("rows.position", Integer.class)).containsExactly(0, 1, 2, 3);
    assertThat(rows.getString("version.message")).isEqualTo("fix");
    // Version 1 is unchanged: versions are immutable.
    assertThat(p.get("/datasets/d/versions/1/rows").getList("rows.row.data.v", Integer.class))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void staleBaseIsAConflictUnlessForced() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(upload(p, "d", NDJSON, "{\"v\":0}\n"), 201);
    json(commit(p, "d", "{\"base\":1,\"append\":[{\"v\":1}]}"), 201);
    long rowsBefore = storedRows(p);

    commit(p, "d", "{\"base\":1,\"append\":[{\"v\":\"stale\"}]}")
        .then()
        .statusCode(409)
        .body("detail", containsString("base version 1"))
        .body("detail", containsString("the latest is 2"))
        .body("detail", containsString("force=true"));
    assertThat(storedVersions(p)).isEqualTo(2);
    assertThat(storedRows(p)).as("nothing stored on conflict").isEqualTo(rowsBefore);

    JsonPath forced =
        json(
            as(p.key())
                .contentType(ContentType.JSON)
                .body("{\"base\":1,\"append\":[{\"v\":\"forced\"}]}")
                .post(base(p) + "/d/versions?force=true"),
            201);
    assertThat(forced.getInt("number")).isEqualTo(3);
    assertThat(forced.getInt("base")).isEqualTo(1);
    assertThat(p.get("/datasets/d/versions/3/rows").getList("rows.row.data.v"))
        .containsExactly(0, "forced");
  }

  @Test
  void diffMatchesRowsByIdWhenEveryRowHasOne() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(
        upload(
            p,
            "d",
            NDJSON,
            "{\"id\":1,\"q\":\"a\"}\n{\"id\":2,\"q\":\"b\"}\n{\"id\":3,\"q\":\"c\"}\n"),
        201);
    json(
        commit(
            p,
            "d",
            "{\"base\":1,\"replace\":[{\"position\":1,\"row\":{\"id\":2,\"q\":\"B\"}}],"
                + "\"delete\":[0],\"append\":[{\"id\":4,\"q\":\"d\"}]}"),
        201);
    JsonPath diff = p.get("/datasets/d/diff?from=1&to=2");
    assertThat(diff.getString("matchedBy")).isEqualTo("id");
    assertThat(diff.getList("added.row.data.id", Integer.class)).containsExactly(4);
    assertThat(diff.getList("removed.row.data.id", Integer.class)).containsExactly(1);
    assertThat(diff.getList("changed.id", Integer.class)).containsExactly(2);
    assertThat(diff.getString("changed[0].from.row.data.q")).isEqualTo("b");
    assertThat(diff.getString("changed[0].to.row.data.q")).isEqualTo("B");
    assertThat(diff.getInt("changed[0].from.position")).isEqualTo(1);
    assertThat(diff.getInt("changed[0].to.position")).isEqualTo(0);
  }

  @Test
  void diffWithoutIdsMatchesByContentThenPosition() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(upload(p, "d", NDJSON, "{\"q\":\"a\"}\n{\"q\":\"b\"}\n{\"q\":\"c\"}\n"), 201);
    json(
        commit(
            p,
            "d",
            "{\"base\":1,\"replace\":[{\"position\":1,\"row\":{\"q\":\"B\"}}],"
                + "\"append\":[{\"q\":\"d\"}]}"),
        201);
    JsonPath diff = p.get("/datasets/d/diff?from=1&to=latest");
    assertThat(diff.getString("matchedBy")).isEqualTo("content");
    assertThat(diff.getList("added.row.data.q", String.class)).containsExactly("d");
    assertThat(diff.getList("removed")).isEmpty();
    assertThat(diff.getList("changed.to.row.data.q", String.class)).containsExactly("B");
    assertThat(p.get("/datasets/d/diff?from=2&to=2").getList("changed")).isEmpty();
  }

  @Test
  void tagsResolveAndMove() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(upload(p, "d", NDJSON, "{\"v\":1}\n"), 201);
    json(commit(p, "d", "{\"base\":1,\"append\":[{\"v\":2}]}"), 201);
    tag(p, "prod", 1).then().statusCode(200).body("tags", equalTo(List.of("prod")));
    tag(p, "v2", 2).then().statusCode(200);
    assertThat(p.get("/datasets/d/rows?version=prod").getInt("version.number")).isEqualTo(1);
    assertThat(p.get("/datasets/d/versions/v2").getInt("number")).isEqualTo(2);

    tag(p, "prod", 2).then().statusCode(200);
    assertThat(p.get("/datasets/d/rows?version=prod").getInt("version.number")).isEqualTo(2);
    assertThat(p.get("/datasets/d").getMap("tags")).isEqualTo(Map.of("prod", 2, "v2", 2));
    assertThat(p.get("/datasets/d/versions").getList("[0].tags")).isEmpty();

    String digest = p.get("/datasets/d/versions/1").getString("digest");
    assertThat(p.get("/datasets/d/versions/" + digest).getInt("number")).isEqualTo(1);

    as(p.key()).delete(base(p) + "/d/tags/prod").then().statusCode(204);
    as(p.key())
        .get(base(p) + "/d/rows?version=prod")
        .then()
        .statusCode(404)
        .body("detail", containsString("no version 'prod'"));
    as(p.key()).delete(base(p) + "/d/tags/prod").then().statusCode(404);
  }

  static io.restassured.response.Response tag(TestProject p, String tag, int version) {
    return as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"version\":" + version + "}")
        .put(base(p) + "/d/tags/" + tag);
  }

  @Test
  void rowsArePagedByPosition() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      body.append("{\"i\":").append(i).append("}\n");
    }
    json(upload(p, "d", NDJSON, body.toString()), 201);
    List<Integer> seen = new ArrayList<>();
    Integer after = -1;
    int pages = 0;
    while (after != null) {
      JsonPath page = p.get("/datasets/d/versions/latest/rows?limit=10&after=" + after);
      seen.addAll(page.getList("rows.row.data.i", Integer.class));
      after = page.get("nextAfter");
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(25).isSorted();
  }

  @Test
  void importsCsvAndExportsBothFormats() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    String csv = "question,answer\n\"What, really?\",yes\n\"multi\nline\",\"say \"\"hi\"\"\"\n";
    JsonPath v = json(upload(p, "d", "text/csv", csv), 201);
    assertThat(v.getInt("rowCount")).isEqualTo(2);
    String exported =
        as(p.key())
            .get(base(p) + "/d/versions/1/export?format=csv")
            .then()
            .statusCode(200)
            .header("Content-Type", containsString("text/csv"))
            .extract()
            .asString();
    assertThat(Csv.read(new StringReader(exported)))
        .extracting(DatasetRow::digest)
        .containsExactlyElementsOf(
            Csv.read(new StringReader(csv)).stream().map(DatasetRow::digest).toList());
    String jsonl =
        as(p.key())
            .get(base(p) + "/d/export?version=1&format=jsonl")
            .then()
            .statusCode(200)
            .header("Content-Type", containsString(NDJSON))
            .extract()
            .asString();
    assertThat(jsonl)
        .isEqualTo(
            "{\"answer\":\"yes\",\"question\":\"What, really?\"}\n"
                + "{\"answer\":\"say \\\"hi\\\"\",\"question\":\"multi\\nline\"}\n");
  }

  @Test
  void appendModeAddsUploadedRowsAfterTheLatest() {
    TestProject p = WeftApi.newProject("ds");
    create(p, "d");
    json(upload(p, "d", NDJSON, "{\"v\":1}\n"), 201);
    JsonPath v2 =
        json(
            as(p.key())
                .contentType(NDJSON)
                .body("{\"v\":2}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(base(p) + "/d/import?mode=append"),
            201);
    assertThat(v2.getInt("rowCount")).isEqualTo(2);
    assertThat(v2.getInt("base")).isEqualTo(1);
  }
}
