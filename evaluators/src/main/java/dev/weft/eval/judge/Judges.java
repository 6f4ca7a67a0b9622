package dev.weft.eval.judge;

import dev.langchain4j.model.chat.ChatModel;

/**
 * Ready-made LLM judges. Their templates are public so you can read exactly what the judge is
 * asked, and replace them with {@link LlmJudge.Builder#template}.
 */
public final class Judges {

  private static final String ANSWER_FORMAT =
      """

      First reason step by step, then give your verdict. Answer with only a JSON object:
      {"reasoning": "<your reasoning>", "score": <integer from 1 to 5>}
      """;

  /** G-Eval style rubric: {@code {{criteria}}}, {@code {{input}}}, {@code {{output}}}. */
  public static final String RUBRIC_TEMPLATE =
      """
      You are evaluating the response of an AI assistant.

      Evaluation criteria:
      {{criteria}}

      Input:
      {{input}}

      Response:
      {{output}}

      Score the response against the criteria from 1 (does not meet them at all) to 5 (fully
      meets them).
      """
          + ANSWER_FORMAT;

  /**
   * Correctness against a reference: {@code {{input}}}, {@code {{expected}}}, {@code {{output}}}.
   */
  public static final String CORRECTNESS_TEMPLATE =
      """
      You are checking whether an AI assistant's answer is correct.

      Question:
      {{input}}

      Reference answer:
      {{expected}}

      Assistant's answer:
      {{output}}

      Score from 1 (contradicts or misses the reference) to 5 (says the same as the reference;
      wording may differ, extra correct detail is fine).
      """
          + ANSWER_FORMAT;

  /** Faithfulness to a context: {@code {{context}}}, {@code {{input}}}, {@code {{output}}}. */
  public static final String FAITHFULNESS_TEMPLATE =
      """
      You are checking an AI assistant's answer for hallucinations.

      Context the answer must be based on:
      {{context}}

      Question:
      {{input}}

      Answer:
      {{output}}

      Score from 1 (makes claims the context does not support or contradicts) to 5 (every claim
      is supported by the context).
      """
          + ANSWER_FORMAT;

  /** Answer relevance: {@code {{input}}}, {@code {{output}}}. */
  public static final String RELEVANCE_TEMPLATE =
      """
      You are checking whether an AI assistant's answer addresses the question asked.

      Question:
      {{input}}

      Answer:
      {{output}}

      Score from 1 (off topic or evasive) to 5 (directly and completely addresses the question).
      """
          + ANSWER_FORMAT;

  private Judges() {}

  /**
   * A rubric (G-Eval style) judge, score name {@code rubric}; input from row field {@code input}.
   */
  public static LlmJudge rubric(ChatModel model, String criteria) {
    return LlmJudge.builder(model)
        .name("rubric")
        .template(RUBRIC_TEMPLATE)
        .variable("criteria", criteria)
        .build();
  }

  /** Correctness against row field {@code expected}, score name {@code correctness}. */
  public static LlmJudge correctness(ChatModel model) {
    return LlmJudge.builder(model).name("correctness").template(CORRECTNESS_TEMPLATE).build();
  }

  /** Faithfulness to row field {@code context}, score name {@code faithfulness}. */
  public static LlmJudge faithfulness(ChatModel model) {
    return LlmJudge.builder(model).name("faithfulness").template(FAITHFULNESS_TEMPLATE).build();
  }

  /** Relevance of the answer to row field {@code input}, score name {@code answer_relevance}. */
  public static LlmJudge answerRelevance(ChatModel model) {
    return LlmJudge.builder(model).name("answer_relevance").template(RELEVANCE_TEMPLATE).build();
  }
}
