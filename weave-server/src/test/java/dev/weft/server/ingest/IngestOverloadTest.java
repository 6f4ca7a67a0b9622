package dev.weft.server.ingest;

import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * When the writer cannot keep up, the bounded queue fills and further exports get 503 with
 * Retry-After (which OTLP exporters honour) instead of piling up in memory; queued requests still
 * complete once the database moves again.
 */
@QuarkusTest
@TestProfile(IngestOverloadTest.SmallQueue.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class IngestOverloadTest {

  /** One writer and room for two waiting spans. */
  public static class SmallQueue implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("weft.ingest.queue-capacity-spans", "2", "weft.ingest.writers", "1");
    }
  }

  @Test
  void fullQueueAnswers503WithRetryAfterAndQueuedRequestsStillCommit() throws Exception {
    TestProject project = WeftApi.newProject("overload");
    try (Connection db =
        DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "")) {
      db.setAutoCommit(false);
      try (Statement lock = db.createStatement()) {
        // Stall the writer: its statement waits for this lock.
        lock.execute("lock table traces in access exclusive mode");
      }
      CompletableFuture<Response> first =
          CompletableFuture.supplyAsync(() -> export(project, 1, 1));
      // The first request has reached the writer once its statement waits for the lock.
      Awaitility.await().until(IngestOverloadTest::statementsWaitingForTraces, n -> n == 1);
      CompletableFuture<Response> second =
          CompletableFuture.supplyAsync(() -> export(project, 2, 1));
      Awaitility.await().until(() -> queuedSpans() == 1);

      Response refused = export(project, 3, 2);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(refused.jsonPath().getString("message")).contains("queue is full");
      db.rollback();
      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(second.get().statusCode()).isEqualTo(200);
    }
    assertThat(project.get("/traces").getList("items")).hasSize(2);
  }

  private static int queuedSpans() {
    return io.quarkus.arc.Arc.container().instance(SpanWriter.class).get().queuedSpans();
  }

  private static int statementsWaitingForTraces() throws Exception {
    try (Connection db =
            DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
        Statement query = db.createStatement();
        var rows =
            query.executeQuery(
                "select count(*) from pg_locks where not granted"
                    + " and relation = 'traces'::regclass")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static Response export(TestProject project, int traceSeed, int spans) {
    StringBuilder json = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
    for (int i = 0; i < spans; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"traceId\":\"")
          .append(String.format("%032x", traceSeed))
          .append("\",\"spanId\":\"")
          .append(String.format("%016x", i + 1))
          .append("\",\"name\":\"s\",\"startTimeUnixNano\":\"1700000000000000000\",")
          .append("\"endTimeUnixNano\":\"1700000000000000001\"}");
    }
    json.append("]}]}]}");
    return as(project.key())
        .contentType("application/json")
        .body(json.toString())
        .post("/v1/traces");
  }
}
