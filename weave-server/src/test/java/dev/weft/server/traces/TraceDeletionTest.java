package dev.weft.server.traces;

import static dev.weft.server.testing.GenAiTraces.agentTrace;
import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.service;
import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.weft.server.ingest.OtlpGrpcServer;
import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting a trace (an admin's erasure request): its spans and summary go, nothing else does, and
 * only an admin key of the trace's project may do it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TraceDeletionTest {

  @Inject OtlpGrpcServer grpc;

  private SpanExporter exporter(TestProject project) {
    return OtlpExporters.exporter(
        Protocol.HTTP_PROTOBUF, RestAssured.port, grpc.port(), project.key());
  }

  private static String base(TestProject project) {
    return "/api/v1/projects/" + project.name() + "/traces/";
  }

  @Test
  void aDeletedTraceIsGoneWithAllItsSpansAndTheOtherTracesStay() {
    TestProject project = WeftApi.newProject("erase");
    List<SpanData> erased = agentTrace(service("shop"), "Delete me");
    List<SpanData> kept = agentTrace(service("shop"), "Keep me");
    exportOk(exporter(project), erased);
    exportOk(exporter(project), kept);
    String id = erased.get(0).getTraceId();

    as(project.key())
        .delete(base(project) + id.toUpperCase())
        .then()
        .statusCode(200)
        .body("traceId", equalTo(id))
        .body("deletedSpans", equalTo(erased.size()));

    as(project.key()).get(base(project) + id).then().statusCode(404);
    as(project.key())
        .get(base(project) + id + "/spans/" + erased.get(1).getSpanId())
        .then()
        .statusCode(404);
    assertThat(project.get("/traces").getList("items.traceId"))
        .containsExactly(kept.get(0).getTraceId());
    assertThat(project.get("/traces/" + kept.get(0).getTraceId()).getInt("summary.spanCount"))
        .isEqualTo(kept.size());
    // Deleting it again: there is nothing to delete.
    as(project.key())
        .delete(base(project) + id)
        .then()
        .statusCode(404)
        .body("detail", containsString("has no trace " + id));

    // The same spans sent again (an exporter's late retry) form the trace anew.
    exportOk(exporter(project), erased);
    assertThat(project.get("/traces/" + id).getInt("summary.spanCount")).isEqualTo(erased.size());
  }

  @Test
  void onlyAnAdminKeyOfTheTracesProjectMayDeleteIt() {
    TestProject project = WeftApi.newProject("erase-auth");
    TestProject other = WeftApi.newProject("erase-other");
    List<SpanData> spans = agentTrace(service("shop"), "Mine");
    exportOk(exporter(project), spans);
    String path = base(project) + spans.get(0).getTraceId();

    given().delete(path).then().statusCode(401);
    as(project.key("read", "ingest"))
        .delete(path)
        .then()
        .statusCode(403)
        .body("detail", containsString("admin"));
    as(other.key()).delete(path).then().statusCode(403);
    as(project.key()).delete(base(project) + "not-hex").then().statusCode(400);
    as(project.key()).delete(base(project) + "00".repeat(16)).then().statusCode(404);

    assertThat(project.get("/traces").getList("items")).hasSize(1);
  }
}
