package dev.weft.server.runs;

import static dev.weft.server.runs.Runs.create;
import static dev.weft.server.runs.Runs.get;
import static dev.weft.server.runs.Runs.log;
import static dev.weft.server.runs.Runs.ok;
import static dev.weft.server.runs.Runs.points;
import static dev.weft.server.runs.Runs.post;
import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.runs.RunViews.PointView;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Appending metric points, their rules, and reading history back downsampled. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RunMetricsTest {

  static TestProject projectWithRun(String run) {
    TestProject p = WeftApi.newProject("metrics");
    create(p, "{\"id\":\"" + run + "\"}");
    return p;
  }

  static long count(TestProject p, String run, String key) {
    for (Map<String, Object> k :
        ok(get(p, "/" + run + "/metrics")).<Map<String, Object>>getList("")) {
      if (k.get("key").equals(key)) {
        return ((Number) k.get("count")).longValue();
      }
    }
    return 0;
  }

  @Test
  void appendedPointsComeBackAsKeysAndHistory() {
    TestProject p = projectWithRun("r");
    JsonPath accepted =
        ok(
            post(
                p,
                "/r/metrics",
                "{\"points\":[{\"key\":\"loss\",\"step\":0,\"value\":0.9,"
                    + "\"time\":\"2026-11-27T10:00:00Z\"},{\"key\":\"loss\",\"step\":10,"
                    + "\"value\":0.25,\"time\":\"2026-11-27T10:00:10Z\"},{\"key\":\"system/cpu\","
                    + "\"step\":0,\"value\":41.5}]}"));
    assertThat(accepted.getInt("accepted")).isEqualTo(3);
    JsonPath keys = ok(get(p, "/r/metrics"));
    assertThat(keys.getList("key")).containsExactly("loss", "system/cpu");
    assertThat(keys.getInt("[0].count")).isEqualTo(2);
    assertThat(keys.getFloat("[0].min")).isEqualTo(0.25f);
    assertThat(keys.getFloat("[0].max")).isEqualTo(0.9f);
    assertThat(keys.getInt("[0].lastStep")).isEqualTo(10);
    assertThat(keys.getFloat("[0].lastValue")).isEqualTo(0.25f);
    JsonPath history = ok(get(p, "/r/metrics/loss"));
    assertThat(history.getBoolean("downsampled")).isFalse();
    assertThat(history.getList("points.step", Integer.class)).containsExactly(0, 10);
    assertThat(history.getString("points[1].time")).startsWith("2026-11-27T10:00:10");
  }

  @Test
  void keysWithSlashesWorkRawEncodedAndAsQueryParameter() {
    TestProject p = projectWithRun("r");
    log(p, "r", points("system/gpu.0/util", 0, 5, s -> s));
    assertThat(ok(get(p, "/r/metrics/system/gpu.0/util")).getList("points")).hasSize(5);
    assertThat(
            ok(as(p.key())
                    .urlEncodingEnabled(false)
                    .get(Runs.base(p) + "/r/metrics/system%2Fgpu.0%2Futil"))
                .getList("points"))
        .hasSize(5);
    JsonPath byQuery =
        ok(as(p.key()).queryParam("key", "system/gpu.0/util").get(Runs.base(p) + "/r/metrics"));
    assertThat(byQuery.getString("key")).isEqualTo("system/gpu.0/util");
    assertThat(byQuery.getList("points")).hasSize(5);
  }

  @Test
  void replayingABatchIsIdempotentAndKeepsTheFirstValues() {
    TestProject p = projectWithRun("r");
    String batch = points("loss", 0, 100, s -> s * 0.5);
    log(p, "r", batch);
    log(p, "r", batch);
    log(p, "r", points("loss", 50, 100, s -> -1));
    assertThat(count(p, "r", "loss")).isEqualTo(150);
    JsonPath history = ok(get(p, "/r/metrics/loss?maxPoints=1000"));
    assertThat(history.getFloat("points[60].value")).isEqualTo(30f);
    assertThat(history.getFloat("points[120].value")).isEqualTo(-1f);
  }

  @Test
  void aNewStepBelowTheHighestStoredStepIsRefusedAndNothingOfTheRequestStored() {
    TestProject p = projectWithRun("r");
    log(
        p,
        "r",
        "{\"points\":[{\"key\":\"loss\",\"step\":0,\"value\":1},"
            + "{\"key\":\"loss\",\"step\":2,\"value\":2},{\"key\":\"loss\",\"step\":4,\"value\":3}]}");
    // Step 3 was never logged and is below 4: refused, and step 5 of the same request is not kept.
    post(
            p,
            "/r/metrics",
            "{\"points\":[{\"key\":\"loss\",\"step\":5,\"value\":9},"
                + "{\"key\":\"loss\",\"step\":3,\"value\":9}]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("point 1"))
        .body("detail", containsString("highest stored step of 'loss' is 4"));
    assertThat(count(p, "r", "loss")).isEqualTo(3);
    // Replays below the highest step are fine, and other keys have their own steps.
    log(
        p,
        "r",
        "{\"points\":[{\"key\":\"loss\",\"step\":2,\"value\":7},"
            + "{\"key\":\"loss\",\"step\":5,\"value\":5},{\"key\":\"acc\",\"step\":1,\"value\":0.5}]}");
    assertThat(count(p, "r", "loss")).isEqualTo(4);
    assertThat(count(p, "r", "acc")).isEqualTo(1);
    assertThat(ok(get(p, "/r/metrics/loss")).getList("points.value", Float.class))
        .containsExactly(1f, 2f, 3f, 5f);
  }

  @Test
  void badPointsGetA400NamingTheIndexAndStoreNothing() {
    TestProject p = projectWithRun("r");
    log(p, "r", points("loss", 0, 10, s -> s));
    String[] bad = {
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":1},{\"key\":\"loss\",\"step\":11,\"value\":NaN}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":Infinity}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":1},{\"key\":\"loss\",\"step\":11,\"value\":\"NaN\"}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":1e400}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":\"0.5\"}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":-1,\"value\":1}]}",
      "{\"points\":[{\"step\":10,\"value\":1}]}",
      "{\"points\":[{\"key\":\"loss\",\"value\":1}]}",
      "{\"points\":[{\"key\":\"lo$$\",\"step\":10,\"value\":1}]}",
      "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":1}",
      "not json",
      "{\"points\":{}}",
    };
    for (String body : bad) {
      post(p, "/r/metrics", body).then().statusCode(400);
    }
    post(p, "/r/metrics", bad[2]).then().body("detail", containsString("point 1"));
    assertThat(count(p, "r", "loss")).isEqualTo(10);
  }

  @Test
  void oversizedBatchesGet413AndUnknownRunsGet404() {
    TestProject p = projectWithRun("r");
    post(p, "/r/metrics", points("loss", 0, 10_001, s -> 1))
        .then()
        .statusCode(413)
        .body("detail", containsString("at most 10000"));
    post(p, "/r/metrics", points("loss", 0, 10_000, s -> 1)).then().statusCode(200);
    post(p, "/ghost/metrics", points("loss", 0, 1, s -> 1))
        .then()
        .statusCode(404)
        .body("detail", containsString("ghost"));
    post(p, "/ghost/metrics", "{\"points\":[]}").then().statusCode(404);
    get(p, "/ghost/metrics").then().statusCode(404);
    get(p, "/ghost/metrics/loss").then().statusCode(404);
    get(p, "/r/metrics/loss?maxPoints=1").then().statusCode(400);
    get(p, "/r/metrics/loss?x=epoch").then().statusCode(400);
    get(p, "/r/metrics/loss?from=abc").then().statusCode(400);
    get(p, "/r/metrics/loss?x=time&from=5").then().statusCode(400);
    get(p, "/r/metrics/loss?from=9&to=3").then().statusCode(400);
  }

  @Test
  void sqlDownsamplingMatchesThePureFunction() {
    TestProject p = projectWithRun("r");
    Random random = new Random(11);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round(random.nextGaussian() * 1000) / 100.0;
    }
    log(p, "r", points("noisy", 0, 10_000, s -> values[(int) s]));
    log(p, "r", points("noisy", 10_000, 10_000, s -> values[(int) s]));
    JsonPath all = ok(get(p, "/r/metrics/noisy?maxPoints=20000"));
    assertThat(all.getBoolean("downsampled")).isFalse();
    List<PointView> raw = new ArrayList<>();
    OffsetDateTime t = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < values.length; i++) {
      raw.add(new PointView(i, values[i], t));
    }
    for (int max : new int[] {2, 7, 300, 1000}) {
      JsonPath down = ok(get(p, "/r/metrics/noisy?maxPoints=" + max));
      assertThat(down.getBoolean("downsampled")).isTrue();
      assertThat(down.getLong("count")).isEqualTo(20_000);
      List<Long> expected =
          Downsampler.minMax(raw, max, PointView::step).stream().map(PointView::step).toList();
      assertThat(down.getList("points.step", Long.class))
          .as("maxPoints=" + max)
          .isEqualTo(expected);
    }
  }

  @Test
  void rangesAndTheTimeAxisBoundHistory() {
    TestProject p = projectWithRun("r");
    StringBuilder sb = new StringBuilder("{\"points\":[");
    for (int s = 0; s < 100; s++) {
      sb.append(s == 0 ? "" : ",")
          .append("{\"key\":\"lr\",\"step\":")
          .append(s)
          .append(",\"value\":")
          .append(s)
          .append(",\"time\":\"")
          .append(OffsetDateTime.parse("2026-11-27T10:00:00Z").plusMinutes(s))
          .append("\"}");
    }
    log(p, "r", sb.append("]}").toString());
    assertThat(ok(get(p, "/r/metrics/lr?from=10&to=19")).getList("points.step", Integer.class))
        .hasSize(10)
        .startsWith(10)
        .endsWith(19);
    JsonPath byTime =
        ok(get(p, "/r/metrics/lr?x=time&from=2026-11-27T10:30:00Z&to=2026-11-27T10:39:00Z"));
    assertThat(byTime.getString("x")).isEqualTo("time");
    assertThat(byTime.getList("points.step", Integer.class)).hasSize(10).startsWith(30);
    JsonPath down = ok(get(p, "/r/metrics/lr?x=time&maxPoints=10"));
    assertThat(down.getList("points")).hasSizeLessThanOrEqualTo(10);
    assertThat(down.getList("points.step", Integer.class)).contains(0, 99);
  }

  @Test
  void oneMillionPointsDownsampleToTheRequestedSizeKeepingTheExtremes() throws Exception {
    TestProject p = projectWithRun("big");
    long projectId;
    try (Connection c =
        DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "")) {
      try (PreparedStatement s = c.prepareStatement("select id from projects where name = ?")) {
        s.setString(1, p.name());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          projectId = rs.getLong(1);
        }
      }
      // A smooth curve between -1 and 1 with one spike up and one dip down.
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into run_metrics (project_id, run_id, key, step, value, time)"
                  + " select ?, 'big', 'loss', g, case g when 123457 then -1000"
                  + " when 876543 then 1000 else sin(g / 5000.0) end,"
                  + " timestamptz '2026-11-27 00:00:00+00' + g * interval '10 ms'"
                  + " from generate_series(0, 999999) g")) {
        s.setLong(1, projectId);
        assertThat(s.executeUpdate()).isEqualTo(1_000_000);
      }
    }
    for (int max : new int[] {1000, 500, 64}) {
      JsonPath history = ok(get(p, "/big/metrics/loss?maxPoints=" + max));
      assertThat(history.getLong("count")).isEqualTo(1_000_000);
      assertThat(history.getBoolean("downsampled")).isTrue();
      List<Integer> steps = history.getList("points.step", Integer.class);
      assertThat(steps).hasSizeLessThanOrEqualTo(max).hasSizeGreaterThan(max / 2);
      assertThat(steps).contains(123457, 876543).isSorted();
      assertThat(history.getList("points.value", Double.class)).contains(-1000.0, 1000.0);
    }
    JsonPath keys = ok(get(p, "/big/metrics"));
    assertThat(keys.getLong("[0].count")).isEqualTo(1_000_000);
    assertThat(keys.getDouble("[0].min")).isEqualTo(-1000.0);
    assertThat(keys.getDouble("[0].max")).isEqualTo(1000.0);
    assertThat(keys.getLong("[0].lastStep")).isEqualTo(999_999);
    // Appending after a million stored points follows the same step rule.
    log(p, "big", points("loss", 1_000_000, 10, s -> 0));
    post(p, "/big/metrics", points("loss", 999_990, 1, s -> 0)).then().statusCode(200);
  }
}
