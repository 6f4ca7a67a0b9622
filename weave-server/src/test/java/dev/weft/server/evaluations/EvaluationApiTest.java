package dev.weft.server.evaluations;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class EvaluationApiTest {

  private static String createBody(String id, String name, String version, double mean) {
    return """
        {"id": "%s", "name": "%s", "dataset": {"name": "qa", "version": "%s"},
         "model": "fake-model", "prompt": "v1", "parameters": {"temperature": 0},
         "scorers": ["exact_match"], "gitCommit": "abc",
         "summary": {"exact_match": {"mean": %s, "ciLow": 0.1, "ciHigh": 0.9, "passRate": %s}},
         "durationMs": 12}
        """
        .formatted(id, name, version, mean, mean);
  }

  private static String row(int index, String digest, double score, String error) {
    return """
        {"index": %d, "trial": 0, "rowId": "r%d", "rowDigest": "%s",
         "input": {"q": "question %d"}, "output": "answer", "scores": {"exact_match": %s},
         "passed": {"exact_match": %s}, "latencyMs": 1.5, "inputTokens": 3, "outputTokens": 4,
         "costUsd": 0.0001, "error": %s}
        """
        .formatted(
            index,
            index,
            digest,
            index,
            score,
            score >= 1,
            error == null ? "null" : "\"" + error + "\"");
  }

  private static String batch(String... rows) {
    return "{\"rows\": [" + String.join(",", rows) + "]}";
  }

  private static String create(TestProject p, String id, String name, double mean) {
    return as(p.key())
        .contentType(ContentType.JSON)
        .body(createBody(id, name, "v1", mean))
        .post("/api/v1/projects/" + p.name() + "/evaluations")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void addRows(TestProject p, String id, String body, int inserted) {
    as(p.key())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/projects/" + p.name() + "/evaluations/" + id + "/rows")
        .then()
        .statusCode(200)
        .body("inserted", org.hamcrest.Matchers.equalTo(inserted));
  }

  private static void finish(TestProject p, String id) {
    as(p.key())
        .post("/api/v1/projects/" + p.name() + "/evaluations/" + id + "/finish")
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("finished"));
  }

  private static String stored(TestProject p, int n, double[] scores) {
    String id = create(p, UUID.randomUUID().toString(), "eval", 0.5);
    String[] rows = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i] = row(i, "digest-" + i, scores[i], null);
    }
    addRows(p, id, batch(rows), n);
    finish(p, id);
    return id;
  }

  @Test
  void createAddRowsInBatchesFinishAndReadBackSortedAndFiltered() {
    TestProject p = WeftApi.newProject("eval");
    String id = UUID.randomUUID().toString();
    assertThat(create(p, id, "first", 0.5)).isEqualTo(id);
    addRows(p, id, batch(row(0, "d0", 1, null), row(1, "d1", 0, null)), 2);
    addRows(p, id, batch(row(2, "d2", 0.5, null), row(3, "d3", 0, "RuntimeException: boom")), 2);
    // A retried batch is idempotent.
    addRows(p, id, batch(row(2, "d2", 0.5, null)), 0);
    finish(p, id);

    JsonPath all = p.get("/evaluations/" + id);
    assertThat(all.getString("evaluation.name")).isEqualTo("first");
    assertThat(all.getString("evaluation.dataset.version")).isEqualTo("v1");
    assertThat(all.getInt("evaluation.rowCount")).isEqualTo(4);
    assertThat(all.getDouble("evaluation.summary.exact_match.mean")).isEqualTo(0.5);
    assertThat(all.getList("rows.index", Integer.class)).containsExactly(0, 1, 2, 3);
    assertThat(all.getDouble("rows[0].costUsd")).isEqualTo(0.0001);

    JsonPath sorted = p.get("/evaluations/" + id + "?sort=score:exact_match&order=desc");
    assertThat(sorted.getList("rows.index", Integer.class)).containsExactly(0, 2, 1, 3);
    JsonPath low = p.get("/evaluations/" + id + "?score=exact_match&max=0.5&limit=1");
    assertThat(low.getList("rows.index", Integer.class)).containsExactly(1);
    assertThat(low.getLong("matchingRows")).isEqualTo(3);
    assertThat(low.getInt("nextOffset")).isEqualTo(1);
    JsonPath errors = p.get("/evaluations/" + id + "?errors=only");
    assertThat(errors.getList("rows.index", Integer.class)).containsExactly(3);
    assertThat(errors.getString("rows[0].error")).contains("boom");

    JsonPath list = p.get("/evaluations?dataset=qa");
    assertThat(list.getList("items.id", String.class)).contains(id);
  }

  @Test
  void compareListsRegressionsAndImprovementsPairedByDigest() {
    TestProject p = WeftApi.newProject("cmp");
    double[] base = new double[30];
    double[] cand = new double[30];
    for (int i = 0; i < 30; i++) {
      base[i] = i < 10 ? 1 : 0;
      cand[i] = i < 25 ? 1 : 0;
    }
    cand[0] = 0; // one regression among 15 improvements
    String a = stored(p, 30, base);
    String b = stored(p, 30, cand);
    JsonPath cmp = p.get("/evaluations/compare?base=" + a + "&candidate=" + b + "&limit=3");
    assertThat(cmp.getInt("pairedRows")).isEqualTo(30);
    assertThat(cmp.getString("scores[0].score")).isEqualTo("exact_match");
    assertThat(cmp.getInt("scores[0].improved")).isEqualTo(15);
    assertThat(cmp.getInt("scores[0].regressed")).isEqualTo(1);
    assertThat(cmp.getBoolean("scores[0].significant")).isTrue();
    assertThat(cmp.getList("scores[0].regressions.rowDigest", String.class))
        .containsExactly("digest-0");
    assertThat(cmp.getList("scores[0].improvements")).hasSize(3);
  }

  @Test
  void leaderboardRanksFinishedEvaluationsOfADataset() {
    TestProject p = WeftApi.newProject("lb");
    String low = create(p, UUID.randomUUID().toString(), "low", 0.2);
    String high = create(p, UUID.randomUUID().toString(), "high", 0.9);
    String running = create(p, UUID.randomUUID().toString(), "running", 1.0);
    finish(p, low);
    finish(p, high);
    JsonPath lb = p.get("/evaluations/leaderboard?dataset=qa&score=exact_match");
    assertThat(lb.getList("entries.id", String.class)).containsExactly(high, low);
    assertThat(lb.getList("entries.rank", Integer.class)).containsExactly(1, 2);
    assertThat(running).isNotNull();
  }

  @Test
  void badInputIsRejectedWithActionableMessagesAndStoredRowsSurvive() {
    TestProject p = WeftApi.newProject("bad");
    String base = "/api/v1/projects/" + p.name() + "/evaluations";
    String id = create(p, UUID.randomUUID().toString(), "keep", 0.5);
    addRows(p, id, batch(row(0, "d0", 1, null)), 1);

    Map<String, String> badCreates =
        Map.of(
            "{not json",
            "not valid JSON",
            "{}",
            "name",
            "{\"name\": \"x\", \"id\": \"nope\"}",
            "UUID",
            "{\"name\": \"" + "n".repeat(300) + "\"}",
            "longer than",
            "{\"name\": \"x\", \"parameters\": [1]}",
            "parameters");
    badCreates.forEach(
        (body, message) ->
            as(p.key())
                .contentType(ContentType.JSON)
                .body(body)
                .post(base)
                .then()
                .statusCode(400)
                .body("detail", containsString(message)));
    // Duplicate id → 409.
    as(p.key())
        .contentType(ContentType.JSON)
        .body(createBody(id, "again", "v1", 0.1))
        .post(base)
        .then()
        .statusCode(409)
        .body("detail", containsString("already exists"));

    Map<String, String> badRows =
        Map.of(
            "{\"rows\": []}",
            "at least one row",
            batch("{\"index\": 1}"),
            "rowDigest",
            batch("{\"index\": -1, \"rowDigest\": \"d\"}"),
            "index",
            batch(row(5, "d5", 1, null), row(5, "d5", 1, null)),
            "repeats index 5",
            batch("{\"index\": 1, \"rowDigest\": \"d\", \"scores\": {\"a\": \"high\"}}"),
            "must be a number",
            batch("{\"index\": 1, \"rowDigest\": \"d\", \"output\": \"a\\u0000b\"}"),
            "NUL");
    badRows.forEach(
        (body, message) ->
            as(p.key())
                .contentType(ContentType.JSON)
                .body(body)
                .post(base + "/" + id + "/rows")
                .then()
                .statusCode(400)
                .body("detail", containsString(message)));
    // Oversized batch → 413.
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"index\": ")
          .append(i)
          .append(", \"rowDigest\": \"d\"}");
    }
    as(p.key())
        .contentType(ContentType.JSON)
        .body("{\"rows\": [" + many + "]}")
        .post(base + "/" + id + "/rows")
        .then()
        .statusCode(413)
        .body("detail", containsString("at most 1000"));

    // Bad query parameters and unknown ids.
    as(p.key()).get(base + "/" + id + "?sort=latency").then().statusCode(400);
    as(p.key()).get(base + "/" + id + "?limit=0").then().statusCode(400);
    as(p.key()).get(base + "/" + id + "?min=0.5").then().statusCode(400);
    as(p.key()).get(base + "/not-a-uuid").then().statusCode(404);
    as(p.key()).get(base + "/" + UUID.randomUUID()).then().statusCode(404);
    as(p.key()).get(base + "/compare?base=" + id).then().statusCode(400);
    as(p.key()).get(base + "/leaderboard?dataset=qa").then().statusCode(400);
    as(p.key()).get(base + "?cursor=garbage").then().statusCode(400);

    // After finish, rows are refused.
    finish(p, id);
    as(p.key())
        .contentType(ContentType.JSON)
        .body(batch(row(9, "d9", 1, null)))
        .post(base + "/" + id + "/rows")
        .then()
        .statusCode(409);

    // Nothing stored was lost.
    JsonPath after = p.get("/evaluations/" + id);
    assertThat(after.getList("rows.rowDigest", String.class)).isEqualTo(List.of("d0"));
    assertThat(after.getString("evaluation.name")).isEqualTo("keep");
  }

  @Test
  void keysOfAnotherProjectAndReadOnlyKeysAreRefused() {
    TestProject owner = WeftApi.newProject("own");
    TestProject other = WeftApi.newProject("other");
    String id = create(owner, UUID.randomUUID().toString(), "private", 0.5);
    String base = "/api/v1/projects/" + owner.name() + "/evaluations";
    as(other.key()).get(base + "/" + id).then().statusCode(403);
    as("weft_nonsense").get(base).then().statusCode(401);
    String reader = owner.key("read");
    as(reader)
        .contentType(ContentType.JSON)
        .body(createBody(UUID.randomUUID().toString(), "x", "v1", 0.1))
        .post(base)
        .then()
        .statusCode(403);
    // Another project cannot see the evaluation even by id through its own path.
    as(other.key())
        .get("/api/v1/projects/" + other.name() + "/evaluations/" + id)
        .then()
        .statusCode(404);
  }
}
