package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluationRunnerTest {

  static List<EvalRow> rows(int n) {
    List<EvalRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(EvalRow.of("r" + i, Map.of("q", "question " + i, "expected", "answer " + i)));
    }
    return rows;
  }

  /** Answers correctly for even rows, wrongly for odd ones. */
  static Object fakeModel(EvalRow row) {
    int i = Integer.parseInt(row.id().substring(1));
    return i % 2 == 0 ? ModelOutput.of("answer " + i, 10, 2).withCost(0.001) : "wrong";
  }

  @Test
  void scoresEveryRowAndSummarisesDeterministically() {
    EvaluationRunner runner =
        EvaluationRunner.builder()
            .name("fake")
            .model("fake-model", EvaluationRunnerTest::fakeModel)
            .dataset("qa", "abc123")
            .scorers(Scorers.exactMatch(), Scorers.tokenF1())
            .concurrency(4)
            .build();
    EvaluationResult result = runner.run(rows(10));
    assertThat(result.rows()).hasSize(10);
    assertThat(result.rows())
        .extracting(RowResult::index)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(result.summary("exact_match").mean()).isEqualTo(0.5);
    assertThat(result.summary("exact_match").passRate()).isEqualTo(0.5);
    assertThat(result.rows().get(0).inputTokens()).isEqualTo(10L);
    assertThat(result.rows().get(0).costUsd()).isEqualTo(0.001);
    assertThat(result.rows().get(0).output()).isEqualTo("answer 0");
    assertThat(result.info().datasetVersion()).isEqualTo("abc123");
    EvaluationResult again = runner.run(rows(10));
    assertThat(again.summary("token_f1")).isEqualTo(result.summary("token_f1"));
    assertThat(again.id()).isNotEqualTo(result.id());
  }

  @Test
  void failingModelAndScorerAreRecordedAndNeverAbortTheSuite() {
    Scorer throwing =
        Scorer.named(
            "picky",
            (row, out) -> {
              if (row.id().equals("r2")) {
                throw new IllegalStateException("cannot judge");
              }
              return List.of(Score.of("picky", 1.0));
            });
    EvaluationResult result =
        EvaluationRunner.builder()
            .model(
                "flaky",
                row -> {
                  if (row.id().equals("r1")) {
                    throw new RuntimeException("boom");
                  }
                  return "answer";
                })
            .scorers(throwing)
            .build()
            .run(rows(4));
    RowResult r1 = result.rows().get(1);
    assertThat(r1.error()).isEqualTo("RuntimeException: boom");
    assertThat(r1.scores()).isEmpty();
    assertThat(result.rows().get(2).scorerErrors())
        .containsEntry("picky", "IllegalStateException: cannot judge");
    assertThat(result.summary("picky").count()).isEqualTo(2);
    assertThat(result.summary("picky").errors()).isEqualTo(2);
    assertThat(result.modelErrors()).isEqualTo(1);
  }

  @Test
  void retriesWithBackoffUntilTheModelSucceeds() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    EvaluationResult result =
        EvaluationRunner.builder()
            .model(
                "rate-limited",
                row -> {
                  if (calls.computeIfAbsent(row.id(), k -> new AtomicInteger()).incrementAndGet()
                      < 3) {
                    throw new IllegalStateException("429");
                  }
                  return "ok";
                })
            .scorers(Scorers.contains("ok"))
            .retries(3, Duration.ofMillis(1))
            .build()
            .run(rows(3));
    assertThat(result.rows()).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(3));
    assertThat(result.rows()).allSatisfy(r -> assertThat(r.error()).isNull());
  }

  @Test
  void givesUpAfterTheRetriesAndKeepsTheLastError() {
    EvaluationResult result =
        EvaluationRunner.builder()
            .model(
                "down",
                row -> {
                  throw new IllegalStateException("503");
                })
            .scorers(Scorers.contains("ok"))
            .retries(2, Duration.ofMillis(1))
            .build()
            .run(rows(2));
    assertThat(result.rows()).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(3));
    assertThat(result.rows().get(0).error()).contains("503");
  }

  @Test
  void slowCallsTimeOutAndAreMarkedFailed() {
    EvaluationResult result =
        EvaluationRunner.builder()
            .model(
                "slow",
                row -> {
                  if (row.id().equals("r0")) {
                    try {
                      Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return "ok";
                })
            .scorers(Scorers.contains("ok"))
            .timeout(Duration.ofMillis(100))
            .build()
            .run(rows(2));
    assertThat(result.rows().get(0).error()).contains("timed out");
    assertThat(result.rows().get(1).error()).isNull();
  }

  @Test
  void trialsRunEveryRowSeveralTimesAndConcurrencyIsBounded() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    EvaluationResult result =
        EvaluationRunner.builder()
            .model(
                "counting",
                row -> {
                  int now = inFlight.incrementAndGet();
                  maxInFlight.accumulateAndGet(now, Math::max);
                  try {
                    Thread.sleep(2);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  inFlight.decrementAndGet();
                  return "ok";
                })
            .scorers(Scorers.contains("ok"))
            .concurrency(3)
            .trials(3)
            .build()
            .run(rows(10));
    assertThat(result.rows()).hasSize(30);
    assertThat(result.rows()).extracting(RowResult::trial).containsOnly(0, 1, 2);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void everyRowIsASpanUnderTheEvaluationSpanCarryingTheEvaluationId() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    EvaluationResult result =
        EvaluationRunner.builder()
            .model("fake", EvaluationRunnerTest::fakeModel)
            .scorers(Scorers.exactMatch())
            .openTelemetry(otel)
            .build()
            .run(rows(3));
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData root =
        spans.stream().filter(s -> s.getName().equals("weft.evaluation")).findFirst().orElseThrow();
    List<SpanData> rowSpans =
        spans.stream().filter(s -> s.getName().equals("weft.eval.row")).toList();
    assertThat(rowSpans).hasSize(3);
    assertThat(rowSpans)
        .allSatisfy(
            s -> {
              assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId());
              assertThat(s.getAttributes().get(AttributeKey.stringKey("weft.evaluation.id")))
                  .isEqualTo(result.id());
              assertThat(s.getAttributes().get(AttributeKey.doubleKey("weft.score.exact_match")))
                  .isNotNull();
            });
    assertThat(result.rows().get(0).traceId()).isEqualTo(root.getTraceId());
    otel.close();
  }

  @Test
  void progressPrintsLinesWithoutATerminal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EvaluationRunner.builder()
        .name("progress")
        .model("fake", EvaluationRunnerTest::fakeModel)
        .scorers(Scorers.exactMatch())
        .progress(new PrintStream(out, true, StandardCharsets.UTF_8))
        .build()
        .run(rows(20));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("20/20 rows");
  }

  @Test
  void rateLimitSpacesCalls() throws Exception {
    EvaluationRunner.RateLimiter limiter = new EvaluationRunner.RateLimiter(1000);
    long t0 = System.nanoTime();
    for (int i = 0; i < 21; i++) {
      limiter.acquire();
    }
    // 21 permits at 1000/s need at least 20 intervals of 1 ms.
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(20_000_000L);
  }
}
