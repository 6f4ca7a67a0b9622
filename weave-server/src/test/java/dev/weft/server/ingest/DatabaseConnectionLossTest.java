package dev.weft.server.ingest;

import static dev.weft.server.ingest.OtlpBadInputTest.id;
import static dev.weft.server.ingest.OtlpBadInputTest.validRequest;
import static dev.weft.server.testing.WeftApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database drops the server's connections (a PostgreSQL restart or fail-over does that): an
 * export meanwhile is answered 503 with {@code Retry-After}, which OTLP exporters retry, never 500;
 * the server reconnects by itself and the re-sent export is stored; reads work again.
 *
 * <p>It ends every other session of the test database, so with {@code WEFT_TEST_DATABASE_URL} that
 * database must be the tests' own (as the harness assumes anyway).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatabaseConnectionLossTest {

  private static Response export(TestProject project, byte[] body) {
    return as(project.key())
        .contentType("application/x-protobuf")
        .body(body)
        .post("/v1/traces")
        .andReturn();
  }

  /** Ends every session of the test database but the caller's, as a server restart would. */
  private static int killServerConnections() throws Exception {
    try (Connection db = PostgresTestResource.connect();
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname = current_database() and pid <> pg_backend_pid()")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void exportsDuringLostConnectionsAreRetriedNotFailedAndThenStored() throws Exception {
    TestProject project = WeftApi.newProject("connection-loss");
    // Warm up: the writers' JDBC connections and the API's reactive connections exist.
    assertThat(export(project, validRequest(id(16, 41), id(8, 41))).statusCode()).isEqualTo(200);
    assertThat(project.get("/traces").getList("items")).hasSize(1);

    assertThat(killServerConnections()).isPositive();

    // An exporter re-sends the same request after each 503, waiting Retry-After.
    byte[] next = validRequest(id(16, 42), id(8, 42));
    List<Integer> answers = new ArrayList<>();
    for (int attempt = 0; attempt < 20 && !answers.contains(200); attempt++) {
      Response response = export(project, next);
      answers.add(response.statusCode());
      if (response.statusCode() == 503) {
        assertThat(response.header("Retry-After")).isNotBlank();
        Thread.sleep(250);
      }
    }
    assertThat(answers).as("answers to the re-sent export").contains(200).containsOnly(200, 503);

    List<Object> reads = new ArrayList<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      Response response =
          as(project.key()).get("/api/v1/projects/" + project.name() + "/traces").andReturn();
      reads.add(response.statusCode());
      if (response.statusCode() == 200) {
        assertThat(response.jsonPath().getList("items.traceId"))
            .containsExactlyInAnyOrder("29".repeat(16), "2a".repeat(16));
        break;
      }
      Thread.sleep(250);
    }
    assertThat(reads).as("answers to reads after the loss").contains(200).doesNotContain(500);
  }
}
