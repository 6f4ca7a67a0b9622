package dev.weft.eval;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The result of an evaluation: every row result and a summary per score.
 *
 * @param info what was evaluated
 * @param rows row results, in dataset order then trial order
 * @param summary score name → aggregate, in first-seen order
 * @param duration wall time of the run
 */
public record EvaluationResult(
    EvaluationInfo info,
    List<RowResult> rows,
    Map<String, ScoreSummary> summary,
    Duration duration) {

  /** The evaluation id. */
  public String id() {
    return info.id();
  }

  /** The summary of one score, or {@code null}. */
  public ScoreSummary summary(String score) {
    return summary.get(score);
  }

  /** Rows where the model failed after all retries. */
  public long modelErrors() {
    return rows.stream().filter(r -> r.error() != null).count();
  }

  /** A Markdown table of the summary. */
  public String toMarkdown() {
    return Reports.markdown(this);
  }
}
