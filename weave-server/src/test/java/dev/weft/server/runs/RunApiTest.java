package dev.weft.server.runs;

import static dev.weft.server.runs.Runs.create;
import static dev.weft.server.runs.Runs.get;
import static dev.weft.server.runs.Runs.ok;
import static dev.weft.server.runs.Runs.patch;
import static dev.weft.server.runs.Runs.post;
import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.record;
import static dev.weft.server.testing.WeftApi.as;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.ingest.OtlpGrpcServer;
import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run lifecycle, listing, comparison and trace link through the REST API. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RunApiTest {

  @Inject OtlpGrpcServer grpc;

  static final String FULL_RUN =
      """
      {"id":"exp-1","name":"baseline","group":"sweep-a","tags":["gpu","lr-search"],
       "config":{"lr":0.001,"optimizer":{"name":"adam","beta1":0.9},"epochs":3},
       "notes":"first try",
       "host":{"hostname":"box","os":"Linux","jvm":"17.0.12","user":"ana"},
       "git":{"commit":"abc123","branch":"main","dirty":false},
       "startedAt":"2026-11-27T10:00:00Z"}
      """;

  @Test
  void createStoresEveryFieldAndAnswersTheRun() {
    TestProject p = WeftApi.newProject("runs");
    JsonPath run = create(p, FULL_RUN);
    assertThat(run.getString("id")).isEqualTo("exp-1");
    assertThat(run.getString("state")).isEqualTo("running");
    assertThat(run.getString("group")).isEqualTo("sweep-a");
    assertThat(run.getList("tags")).containsExactly("gpu", "lr-search");
    assertThat(run.getString("config.optimizer.name")).isEqualTo("adam");
    assertThat(run.getString("host.jvm")).isEqualTo("17.0.12");
    assertThat(run.getBoolean("git.dirty")).isFalse();
    assertThat(run.getString("startedAt")).startsWith("2026-11-27T10:00");
    assertThat(run.getString("createdAt")).isNotNull();
    assertThat(run.getMap("summary")).isEmpty();
    JsonPath fetched = ok(get(p, "/exp-1"));
    assertThat(fetched.getString("notes")).isEqualTo("first try");
    assertThat(fetched.getString("finishedAt")).isNull();
  }

  @Test
  void createWithAnExistingIdReturnsTheStoredRunUnchanged() {
    TestProject p = WeftApi.newProject("runs");
    create(p, FULL_RUN);
    JsonPath again = ok(post(p, "", "{\"id\":\"exp-1\",\"name\":\"other\",\"config\":{\"lr\":1}}"));
    assertThat(again.getString("name")).isEqualTo("baseline");
    assertThat(again.getDouble("config.lr")).isEqualTo(0.001);
  }

  @Test
  void createWithoutIdGeneratesOne() {
    TestProject p = WeftApi.newProject("runs");
    String id = create(p, "{\"name\":\"anon\"}").getString("id");
    assertThat(id).matches("[a-z0-9]{8}");
    assertThat(ok(get(p, "/" + id)).getString("name")).isEqualTo("anon");
  }

  @Test
  void badCreateBodiesGet400() {
    TestProject p = WeftApi.newProject("runs");
    post(p, "", "{\"id\":\"has space\"}")
        .then()
        .statusCode(400)
        .body("detail", containsString("invalid run id"));
    post(p, "", "{\"id\":\"" + "x".repeat(65) + "\"}").then().statusCode(400);
    post(p, "", "{\"id\":\"a\",").then().statusCode(400).body("detail", containsString("JSON"));
    post(p, "", "{\"id\":\"a\",\"tags\":\"not-a-list\"}").then().statusCode(400);
    post(p, "", "{\"id\":\"a\",\"config\":[1,2]}").then().statusCode(400);
    post(p, "", "{\"id\":\"a\",\"startedAt\":\"yesterday\"}").then().statusCode(400);
    post(p, "", "{\"id\":\"a\",\"tags\":[\"\"]}").then().statusCode(400);
    get(p, "/a").then().statusCode(404);
  }

  @Test
  void patchMergesConfigAndSummaryKeyByKeyAndRemovesNulls() {
    TestProject p = WeftApi.newProject("runs");
    create(p, FULL_RUN);
    JsonPath first =
        ok(
            patch(
                p,
                "exp-1",
                "{\"config\":{\"batchSize\":32,\"epochs\":null},\"summary\":{\"loss\":0.5,"
                    + "\"acc\":0.7}}"));
    assertThat(first.getMap("config"))
        .containsEntry("lr", 0.001f)
        .containsEntry("batchSize", 32)
        .doesNotContainKey("epochs");
    assertThat(first.getString("config.optimizer.name")).isEqualTo("adam");
    JsonPath second =
        ok(patch(p, "exp-1", "{\"summary\":{\"acc\":0.9},\"tags\":[\"best\"],\"notes\":\"n2\"}"));
    assertThat(second.getMap("summary")).containsEntry("loss", 0.5f).containsEntry("acc", 0.9f);
    assertThat(second.getList("tags")).containsExactly("best");
    assertThat(second.getString("notes")).isEqualTo("n2");
    assertThat(second.getString("name")).isEqualTo("baseline");
    assertThat(second.getString("group")).isEqualTo("sweep-a");
    patch(p, "nope", "{\"name\":\"x\"}").then().statusCode(404);
    patch(p, "exp-1", "{\"summary\":3}").then().statusCode(400);
  }

  @Test
  void finishIsIdempotentAndTheFirstFinishWins() {
    TestProject p = WeftApi.newProject("runs");
    create(p, FULL_RUN);
    JsonPath failed =
        ok(
            post(
                p,
                "/exp-1/finish",
                "{\"state\":\"failed\",\"exitCode\":3,\"summary\":{\"loss\":9}}"));
    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getInt("exitCode")).isEqualTo(3);
    assertThat(failed.getInt("summary.loss")).isEqualTo(9);
    assertThat(failed.getString("finishedAt")).isNotNull();
    JsonPath again = ok(post(p, "/exp-1/finish", "{\"state\":\"finished\",\"exitCode\":0}"));
    assertThat(again.getString("state")).isEqualTo("failed");
    assertThat(again.getInt("exitCode")).isEqualTo(3);
    assertThat(again.getString("finishedAt")).isEqualTo(failed.getString("finishedAt"));
    post(p, "/exp-1/finish", "{\"state\":\"crashed\"}")
        .then()
        .statusCode(400)
        .body("detail", containsString("finished or failed"));
    post(p, "/exp-1/finish", "{}").then().statusCode(400);
    post(p, "/nope/finish", "{\"state\":\"finished\"}").then().statusCode(404);
    // A heartbeat after finishing changes nothing.
    post(p, "/exp-1/heartbeat", "").then().statusCode(204);
    assertThat(ok(get(p, "/exp-1")).getString("state")).isEqualTo("failed");
  }

  @Test
  void heartbeatRecordsTimeAndUnknownRunsGet404() {
    TestProject p = WeftApi.newProject("runs");
    create(p, FULL_RUN);
    post(p, "/exp-1/heartbeat", "").then().statusCode(204);
    assertThat(ok(get(p, "/exp-1")).getString("lastHeartbeatAt")).isNotNull();
    post(p, "/missing/heartbeat", "").then().statusCode(404);
  }

  @Test
  void keysOfOtherProjectsAndReadOnlyKeysAreRefused() {
    TestProject p = WeftApi.newProject("runs");
    TestProject other = WeftApi.newProject("runs");
    create(p, FULL_RUN);
    as(other.key()).get(Runs.base(p) + "/exp-1").then().statusCode(403);
    as(other.key())
        .contentType(ContentType.JSON)
        .body(Runs.points("loss", 0, 1, s -> 1))
        .post(Runs.base(p) + "/exp-1/metrics")
        .then()
        .statusCode(403);
    String readOnly = p.key("read");
    as(readOnly)
        .contentType(ContentType.JSON)
        .body("{\"id\":\"r2\"}")
        .post(Runs.base(p))
        .then()
        .statusCode(403);
    as(readOnly).get(Runs.base(p) + "/exp-1").then().statusCode(200);
    String ingestOnly = p.key("ingest");
    as(ingestOnly).get(Runs.base(p) + "/exp-1").then().statusCode(403);
    RestAssured.given().get(Runs.base(p) + "/exp-1").then().statusCode(401);
  }

  /** Three runs with different groups, tags, configs and summaries. */
  static TestProject sweep() {
    TestProject p = WeftApi.newProject("sweep");
    create(
        p,
        "{\"id\":\"r1\",\"name\":\"c\",\"group\":\"g\",\"tags\":[\"a\",\"b\"],"
            + "\"config\":{\"lr\":0.1,\"opt\":{\"name\":\"adam\"}}}");
    create(
        p,
        "{\"id\":\"r2\",\"name\":\"a\",\"group\":\"g\",\"tags\":[\"a\"],"
            + "\"config\":{\"lr\":0.01,\"opt\":{\"name\":\"sgd\"}}}");
    create(p, "{\"id\":\"r3\",\"name\":\"b\",\"group\":\"h\",\"config\":{\"lr\":0.1}}");
    patch(p, "r1", "{\"summary\":{\"acc\":0.8}}").then().statusCode(200);
    patch(p, "r2", "{\"summary\":{\"acc\":0.95}}").then().statusCode(200);
    post(p, "/r3/finish", "{\"state\":\"finished\"}").then().statusCode(200);
    return p;
  }

  static List<String> ids(TestProject p, String query) {
    return ok(get(p, query)).getList("items.id");
  }

  @Test
  void listFiltersByStateTagGroupConfigAndSummary() {
    TestProject p = sweep();
    assertThat(ids(p, "?sort=name&order=asc")).containsExactly("r2", "r3", "r1");
    assertThat(ids(p, "?state=running&sort=name&order=asc")).containsExactly("r2", "r1");
    assertThat(ids(p, "?state=finished,failed")).containsExactly("r3");
    assertThat(ids(p, "?tag=a&sort=name&order=asc")).containsExactly("r2", "r1");
    assertThat(ids(p, "?tag=a&tag=b")).containsExactly("r1");
    assertThat(ids(p, "?group=h")).containsExactly("r3");
    assertThat(ids(p, "?config.lr=0.1&sort=name&order=asc")).containsExactly("r3", "r1");
    assertThat(ids(p, "?config.opt.name=sgd")).containsExactly("r2");
    assertThat(ids(p, "?summary.acc=gt:0.9")).containsExactly("r2");
    assertThat(ids(p, "?summary.acc=lte:0.9")).containsExactly("r1");
    assertThat(ids(p, "?config.lr=ne:0.1")).containsExactly("r2");
    assertThat(ids(p, "?group=g&config.lr=0.1&tag=b&state=running")).containsExactly("r1");
    assertThat(ids(p, "?group=nobody")).isEmpty();
  }

  @Test
  void listSortsBySummaryMetricWithRunsLackingItLast() {
    TestProject p = sweep();
    assertThat(ids(p, "?sort=summary.acc")).containsExactly("r2", "r1", "r3");
    assertThat(ids(p, "?sort=summary.acc&order=asc")).containsExactly("r1", "r2", "r3");
    assertThat(ids(p, "")).containsExactly("r3", "r2", "r1");
  }

  @Test
  void listSortsByNumericConfigKeyWithTiesByIdAndNonNumbersLast() {
    TestProject p = sweep();
    // r1 and r3 share lr 0.1: the id breaks the tie in the sort's direction.
    assertThat(ids(p, "?sort=config.lr")).containsExactly("r3", "r1", "r2");
    assertThat(ids(p, "?sort=config.lr&order=asc")).containsExactly("r2", "r1", "r3");
    // opt.name is text in every run that has it: no numeric value, so the id order alone remains.
    assertThat(ids(p, "?sort=config.opt.name")).containsExactly("r3", "r2", "r1");
    get(p, "?sort=config.").then().statusCode(400).body("detail", containsString("config.<key>"));
  }

  @Test
  void keysetPagingWalksEveryRunOnceInEverySort() {
    TestProject p = sweep();
    for (String sort :
        new String[] {"createdAt", "name", "summary.acc", "startedAt", "config.lr"}) {
      for (String order : new String[] {"asc", "desc"}) {
        List<String> all = ids(p, "?sort=" + sort + "&order=" + order);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
          JsonPath page =
              ok(
                  get(
                      p,
                      "?limit=1&sort="
                          + sort
                          + "&order="
                          + order
                          + (cursor == null ? "" : "&cursor=" + cursor)));
          paged.addAll(page.getList("items.id"));
          cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).as(sort + " " + order).isEqualTo(all).hasSize(3);
      }
    }
  }

  @Test
  void badListQueriesGet400() {
    TestProject p = sweep();
    get(p, "?state=zombie").then().statusCode(400).body("detail", containsString("state"));
    get(p, "?sort=loss").then().statusCode(400);
    get(p, "?colour=red").then().statusCode(400);
    get(p, "?limit=5000").then().statusCode(400);
    get(p, "?cursor=garbage").then().statusCode(400);
    get(p, "?summary.acc=gt:lots").then().statusCode(400);
  }

  @Test
  void compareGivesConfigDiffAndSeriesAlignedByStep() {
    TestProject p = sweep();
    Runs.log(p, "r1", Runs.points("loss", 0, 3, s -> 1.0 / (s + 1)));
    Runs.log(p, "r2", Runs.points("loss", 1, 3, s -> 2.0 * s));
    JsonPath cmp = ok(get(p, "/compare?ids=r1,r2&keys=loss,acc"));
    assertThat(cmp.getList("runs.id")).containsExactly("r1", "r2");
    Map<String, Object> diff = cmp.getMap("configDiff");
    assertThat(diff).containsOnlyKeys("lr", "opt.name");
    assertThat(cmp.getString("configDiff['opt.name'].r1")).isEqualTo("adam");
    assertThat(cmp.getString("configDiff['opt.name'].r2")).isEqualTo("sgd");
    assertThat(cmp.getList("series.loss.steps", Integer.class)).containsExactly(0, 1, 2, 3);
    assertThat(cmp.getList("series.loss.values.r1", Float.class))
        .containsExactly(1.0f, 0.5f, 1.0f / 3, null);
    assertThat(cmp.getList("series.loss.values.r2", Float.class))
        .containsExactly(null, 2.0f, 4.0f, 6.0f);
    assertThat(cmp.getList("series.acc.steps")).isEmpty();
    get(p, "/compare?ids=r1,zz").then().statusCode(404).body("detail", containsString("zz"));
    get(p, "/compare").then().statusCode(400);
    get(p, "/compare?ids=r1&keys=bad;key").then().statusCode(400);
    get(p, "/compare?ids=r1&maxPoints=1").then().statusCode(400);
  }

  @Test
  void spansWithTheRunIdShowUpAsTheRunsTraces() {
    TestProject p = WeftApi.newProject("linked");
    create(p, "{\"id\":\"train-42\"}");
    List<SpanData> linked =
        record(
            Attributes.of(
                stringKey("service.name"), "trainer", stringKey("weft.run.id"), "train-42"),
            provider -> provider.get("t").spanBuilder("eval step").startSpan().end());
    List<SpanData> unlinked =
        record(
            Attributes.of(stringKey("service.name"), "trainer"),
            provider -> provider.get("t").spanBuilder("other").startSpan().end());
    var exporter =
        OtlpExporters.exporter(Protocol.HTTP_PROTOBUF, RestAssured.port, grpc.port(), p.key());
    exportOk(exporter, linked);
    exportOk(exporter, unlinked);
    JsonPath traces = ok(get(p, "/train-42/traces"));
    assertThat(traces.getList("items.traceId")).containsExactly(linked.get(0).getTraceId());
    assertThat(traces.getString("items[0].runId")).isEqualTo("train-42");
    // And the run of a trace is in the trace itself.
    assertThat(p.get("/traces/" + linked.get(0).getTraceId()).getString("summary.runId"))
        .isEqualTo("train-42");
    get(p, "/nope/traces").then().statusCode(404);
    get(p, "/train-42/traces?model=x").then().statusCode(400);
  }
}
