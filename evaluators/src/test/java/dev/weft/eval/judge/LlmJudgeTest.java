package dev.weft.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.EvaluationRunner;
import dev.weft.eval.Score;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LLM judges through the real LangChain4j OpenAI client against a local fake server. */
class LlmJudgeTest {

  private FakeOpenAi server;
  private OpenAiChatModel model;

  private static final EvalRow ROW =
      EvalRow.of(
          "r1",
          Map.of(
              "input", "What is the capital of France?",
              "expected", "Paris",
              "context", "Paris is the capital and largest city of France."));

  @BeforeEach
  void start() throws Exception {
    server = new FakeOpenAi();
    model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test")
            .modelName("gpt-4o-mini")
            .timeout(Duration.ofSeconds(5))
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void goodVerdictIsNormalisedAndKeepsTheReasoning() throws Exception {
    server.then(200, "{\"reasoning\": \"Says Paris, as the reference.\", \"score\": 4}", 0);
    List<Score> scores = Judges.correctness(model).score(ROW, "It is Paris.");
    assertThat(scores).hasSize(1);
    Score s = scores.get(0);
    assertThat(s.name()).isEqualTo("correctness");
    assertThat(s.value()).isEqualTo(0.75); // 4 on 1..5
    assertThat(s.passed()).isTrue();
    assertThat(s.reason()).isEqualTo("Says Paris, as the reference.");
    assertThat(server.prompts.get(0))
        .contains("What is the capital of France?")
        .contains("Reference answer:\nParis")
        .contains("It is Paris.");
  }

  @Test
  void verdictWrappedInProseOrCodeFenceStillParses() throws Exception {
    server.then(200, "Sure!\n```json\n{\"reasoning\": \"fine\", \"score\": 5}\n```", 0);
    assertThat(Judges.answerRelevance(model).score(ROW, "Paris").get(0).value()).isEqualTo(1.0);
  }

  @Test
  void malformedJudgeOutputIsAnErrorNotAZero() {
    server.then(200, "I think it is pretty good.", 0);
    assertThatThrownBy(() -> Judges.faithfulness(model).score(ROW, "Paris"))
        .isInstanceOf(JudgeOutputException.class)
        .hasMessageContaining("did not answer a JSON object")
        .hasMessageContaining("pretty good");
    server.then(200, "{\"reasoning\": \"x\", \"score\": 9}", 0);
    assertThatThrownBy(() -> Judges.faithfulness(model).score(ROW, "Paris"))
        .hasMessageContaining("outside 1.0..5.0");
    server.then(200, "{\"reasoning\": \"x\"}", 0);
    assertThatThrownBy(() -> Judges.faithfulness(model).score(ROW, "Paris"))
        .hasMessageContaining("no \"score\"");
  }

  @Test
  void rateLimitedCallsAreRetried() throws Exception {
    server.then(429, null, 0);
    server.then(429, null, 0);
    server.then(200, "{\"reasoning\": \"ok\", \"score\": 1}", 0);
    LlmJudge judge =
        LlmJudge.builder(model)
            .name("strict")
            .variable("criteria", "be concise")
            .retries(2, Duration.ofMillis(10))
            .build();
    Score s = judge.score(ROW, "Paris").get(0);
    assertThat(s.value()).isZero();
    assertThat(s.passed()).isFalse();
    assertThat(server.prompts).hasSize(3);
  }

  @Test
  void inTheRunnerJudgeFailuresAndTimeoutsBecomeRowErrorsAndTheSuiteCompletes() {
    server.always("{\"reasoning\": \"good\", \"score\": 5}");
    server.then(200, "not a verdict", 0);
    server.then(200, "{\"reasoning\": \"slow\", \"score\": 5}", 12_000); // longer than the timeout
    LlmJudge judge =
        LlmJudge.builder(model)
            .name("rubric")
            .variable("criteria", "correct")
            .retries(0, Duration.ZERO)
            .build();
    EvaluationResult result =
        EvaluationRunner.builder()
            .model("echo", row -> "Paris")
            .scorers(judge)
            .concurrency(1)
            .build()
            .run(
                List.of(
                    EvalRow.of("a", Map.of("input", "q1")),
                    EvalRow.of("b", Map.of("input", "q2")),
                    EvalRow.of("c", Map.of("input", "q3"))));
    assertThat(result.rows().get(0).scorerErrors().get("rubric")).contains("not a verdict");
    assertThat(result.rows().get(1).scorerErrors()).containsKey("rubric");
    assertThat(result.rows().get(2).score("rubric").value()).isEqualTo(1.0);
    assertThat(result.summary("rubric").count()).isEqualTo(1);
    assertThat(result.summary("rubric").errors()).isEqualTo(2);
  }

  @Test
  void templatesAreVisibleAndReplaceable() {
    LlmJudge custom =
        LlmJudge.builder(model)
            .name("tone")
            .template("Rate the tone of {{output}} for {{input}} ({{audience}}). JSON please.")
            .variable("audience", "children")
            .scale(0, 10)
            .build();
    assertThat(custom.prompt(ROW, "Paris!"))
        .isEqualTo(
            "Rate the tone of Paris! for What is the capital of France? (children). JSON please.");
    assertThat(Judges.RUBRIC_TEMPLATE).contains("{{criteria}}").contains("\"score\"");
  }
}
