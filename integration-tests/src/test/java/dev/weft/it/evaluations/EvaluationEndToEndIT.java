package dev.weft.it.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.datasets.Dataset;
import dev.weft.datasets.Samples;
import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.EvaluationRunner;
import dev.weft.eval.ModelOutput;
import dev.weft.eval.Scorers;
import dev.weft.eval.WeftClient;
import dev.weft.it.WeftServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An evaluation run with the library over a sample dataset, traced to and stored on the packaged
 * server, then compared with a second evaluation of a better model.
 */
class EvaluationEndToEndIT {

  private static EvaluationResult run(
      Dataset dataset, String model, Function<EvalRow, ?> fn, OpenTelemetrySdk otel) {
    return EvaluationRunner.builder()
        .name("qa-" + model)
        .model(model, fn)
        .dataset(dataset)
        .scorers(Scorers.exactMatch("reference", true), Scorers.tokenF1("reference"))
        .openTelemetry(otel)
        .concurrency(4)
        .build()
        .run(EvalRow.from(dataset));
  }

  @Test
  void storedEvaluationsCompareRowByRowAndRowSpansCarryTheEvaluationId() {
    WeftServer server = WeftServer.get();
    WeftServer.Project project = server.newProject("evals");
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setResource(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "eval-it")))
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(
                                OtlpHttpSpanExporter.builder()
                                    .setEndpoint(server.httpUrl() + "/v1/traces")
                                    .addHeader("Authorization", "Bearer " + project.key())
                                    .build())
                            .build())
                    .build())
            .build();
    Dataset qa = Samples.questionAnswering();
    List<EvalRow> rows = EvalRow.from(qa);
    String firstId = rows.get(0).id();
    String secondId = rows.get(1).id();
    // Baseline: right except on the first two rows; candidate: right except on the second row.
    EvaluationResult base =
        run(
            qa,
            "baseline",
            row ->
                row.id().equals(firstId) || row.id().equals(secondId)
                    ? "I do not know"
                    : ModelOutput.of(row.text("reference"), 12, 3),
            otel);
    EvaluationResult candidate =
        run(
            qa,
            "candidate",
            row -> row.id().equals(secondId) ? "no idea" : row.text("reference"),
            otel);
    otel.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS);

    WeftClient client = WeftClient.create(server.httpUrl(), project.key(), project.name());
    WeftClient.Stored storedBase = client.store(base);
    WeftClient.Stored storedCandidate = client.store(candidate);
    assertThat(storedBase.uiUrl())
        .isEqualTo(server.httpUrl() + "/p/" + project.name() + "/evaluations/" + base.id());

    JsonNode got = project.get("/evaluations/" + base.id() + "?sort=score:exact_match");
    assertThat(got.at("/evaluation/rowCount").asInt()).isEqualTo(qa.size());
    assertThat(got.at("/evaluation/dataset/version").asText()).isEqualTo(qa.digest());
    assertThat(got.at("/evaluation/summary/exact_match/mean").asDouble())
        .isEqualTo(base.summary("exact_match").mean());
    assertThat(got.at("/rows/0/scores/exact_match").asDouble()).isZero();
    assertThat(got.at("/rows/0/rowDigest").asText())
        .isIn(rows.get(0).digest(), rows.get(1).digest());

    JsonNode cmp = client.compare(storedBase.id(), storedCandidate.id());
    assertThat(cmp.get("pairedRows").asInt()).isEqualTo(qa.size());
    JsonNode exact = null;
    for (JsonNode s : cmp.get("scores")) {
      if (s.get("score").asText().equals("exact_match")) {
        exact = s;
      }
    }
    assertThat(exact).isNotNull();
    assertThat(exact.get("improved").asInt()).isEqualTo(1);
    assertThat(exact.get("regressed").asInt()).isZero();
    assertThat(exact.at("/improvements/0/rowDigest").asText()).isEqualTo(rows.get(0).digest());

    JsonNode board =
        project.get("/evaluations/leaderboard?dataset=" + qa.name() + "&score=exact_match");
    assertThat(board.at("/entries/0/id").asText()).isEqualTo(candidate.id());

    JsonNode traces = project.get("/traces?attr=weft.evaluation.id=" + base.id());
    assertThat(traces.get("items")).isNotEmpty();
    otel.close();
  }
}
