package dev.weft.server.retention;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RetentionJobTest {

  @Inject RetentionJob retention;

  @Test
  void oldDaysAreDroppedAsWholePartitionsAndRecentDataStays() throws Exception {
    TestProject project = WeftApi.newProject("retain");
    Instant old = Instant.parse("2020-01-15T12:00:00Z");
    Instant recent = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    export(project, "0000000000000000000000000000aa01", old);
    export(project, "0000000000000000000000000000aa02", recent);
    assertThat(partitionExists("spans_20200115")).isTrue();

    retention.enforce(LocalDate.of(2020, 1, 16)).await().indefinitely();

    assertThat(partitionExists("spans_20200115")).isFalse();
    assertThat(project.get("/traces").getList("items.traceId"))
        .containsExactly("0000000000000000000000000000aa02");
    // Spans arriving later for a dropped day get a fresh partition again.
    export(project, "0000000000000000000000000000aa03", old.plusSeconds(60));
    assertThat(project.get("/traces").getList("items")).hasSize(2);
  }

  private static void export(TestProject project, String traceId, Instant start) {
    long nanos = start.getEpochSecond() * 1_000_000_000L;
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + traceId
            + "\",\"spanId\":\"0000000000000001\",\"name\":\"s\",\"startTimeUnixNano\":\""
            + nanos
            + "\",\"endTimeUnixNano\":\""
            + (nanos + 1_000_000)
            + "\"}]}]}]}";
    as(project.key())
        .contentType("application/json")
        .body(json)
        .post("/v1/traces")
        .then()
        .statusCode(200);
  }

  private static boolean partitionExists(String name) throws Exception {
    try (Connection db = PostgresTestResource.connect();
        ResultSet rows =
            db.createStatement().executeQuery("select to_regclass('" + name + "') is not null")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }
}
