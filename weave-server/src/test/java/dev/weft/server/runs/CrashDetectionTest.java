package dev.weft.server.runs;

import static dev.weft.server.runs.Runs.create;
import static dev.weft.server.runs.Runs.get;
import static dev.weft.server.runs.Runs.ok;
import static dev.weft.server.runs.Runs.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs without heartbeats become crashed; the detector runs with a clock moved forward. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class CrashDetectionTest {

  @Inject CrashDetector detector;

  static Clock later(Duration d) {
    return Clock.offset(Clock.systemUTC(), d);
  }

  String state(TestProject p, String id) {
    return ok(get(p, "/" + id)).getString("state");
  }

  @Test
  void aRunWithoutHeartbeatsBecomesCrashedAfterCrashAfter() {
    TestProject p = WeftApi.newProject("crash");
    create(p, "{\"id\":\"silent\"}");
    create(p, "{\"id\":\"done\"}");
    post(p, "/done/finish", "{\"state\":\"finished\"}").then().statusCode(200);
    // Within the default five minutes nothing happens.
    detector.markCrashed(later(Duration.ofMinutes(4))).await().indefinitely();
    assertThat(state(p, "silent")).isEqualTo("running");
    assertThat(detector.markCrashed(later(Duration.ofMinutes(6))).await().indefinitely())
        .isGreaterThanOrEqualTo(1);
    assertThat(state(p, "silent")).isEqualTo("crashed");
    assertThat(state(p, "done")).isEqualTo("finished");
  }

  @Test
  void heartbeatsKeepARunAliveAndReviveACrashedOne() {
    TestProject p = WeftApi.newProject("crash");
    create(p, "{\"id\":\"beating\",\"startedAt\":\"2020-01-01T00:00:00Z\"}");
    // A start long ago (offline sync) does not count: liveness is measured on server time.
    detector.markCrashed(later(Duration.ofMinutes(1))).await().indefinitely();
    assertThat(state(p, "beating")).isEqualTo("running");
    detector.markCrashed(later(Duration.ofMinutes(10))).await().indefinitely();
    assertThat(state(p, "beating")).isEqualTo("crashed");
    post(p, "/beating/heartbeat", "").then().statusCode(204);
    assertThat(state(p, "beating")).isEqualTo("running");
    detector.markCrashed(later(Duration.ofMinutes(4))).await().indefinitely();
    assertThat(state(p, "beating")).isEqualTo("running");
    // A crashed run that later reports its end is finished normally.
    detector.markCrashed(later(Duration.ofMinutes(10))).await().indefinitely();
    assertThat(ok(post(p, "/beating/finish", "{\"state\":\"finished\"}")).getString("state"))
        .isEqualTo("finished");
  }
}
