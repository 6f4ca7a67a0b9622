package dev.weft.server.evaluations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Request and answer bodies of the evaluations API. */
public final class EvaluationViews {

  private EvaluationViews() {}

  /**
   * The dataset version an evaluation ran on.
   *
   * @param name dataset name
   * @param version version digest
   */
  public record DatasetRef(String name, String version) {}

  /**
   * Body of {@code POST /evaluations}.
   *
   * @param id the client's evaluation id (a UUID, so row spans can carry it before the record
   *     exists); generated when absent
   * @param name human name
   * @param dataset dataset name and version digest
   * @param model model identity
   * @param prompt prompt identity
   * @param parameters model/prompt parameters
   * @param scorers scorer names
   * @param gitCommit commit of the code under evaluation
   * @param summary score name → summary (mean, stddev, passRate, ciLow, ciHigh, count, errors)
   * @param durationMs wall time of the run
   */
  public record CreateEvaluation(
      String id,
      String name,
      DatasetRef dataset,
      String model,
      String prompt,
      JsonNode parameters,
      List<String> scorers,
      String gitCommit,
      JsonNode summary,
      Long durationMs) {}

  /**
   * One row result in a write.
   *
   * @param index row position in the dataset
   * @param trial trial number
   * @param rowId row id in its dataset
   * @param rowDigest content digest (pairs rows across evaluations)
   * @param input the row
   * @param output the model output
   * @param scores JSON object: score name → number
   * @param passed JSON object: score name → boolean
   * @param reasons JSON object: score name → text
   * @param latencyMs model latency
   * @param inputTokens prompt tokens
   * @param outputTokens completion tokens
   * @param costUsd cost
   * @param error model error
   * @param scorerErrors JSON object: scorer name → error
   * @param traceId trace of the row's span (hex)
   */
  public record RowInput(
      Integer index,
      Integer trial,
      String rowId,
      String rowDigest,
      JsonNode input,
      JsonNode output,
      JsonNode scores,
      JsonNode passed,
      JsonNode reasons,
      Double latencyMs,
      Long inputTokens,
      Long outputTokens,
      Double costUsd,
      String error,
      JsonNode scorerErrors,
      String traceId) {}

  /**
   * Body of {@code POST /evaluations/{id}/rows}.
   *
   * @param rows up to {@link EvaluationValidation#MAX_ROWS_PER_BATCH} rows
   */
  public record RowBatch(List<RowInput> rows) {}

  /**
   * Answer to a row write.
   *
   * @param received rows in the request
   * @param inserted rows stored now
   * @param duplicates rows already stored (same index and trial), left unchanged
   */
  public record RowsWritten(int received, int inserted, int duplicates) {}

  /**
   * An evaluation record.
   *
   * @param id evaluation id
   * @param name human name
   * @param dataset dataset reference
   * @param model model identity
   * @param prompt prompt identity
   * @param parameters parameters
   * @param scorers scorer names
   * @param gitCommit commit
   * @param summary score name → summary
   * @param durationMs run time
   * @param state {@code running} while rows arrive, {@code finished} after finish
   * @param rowCount stored rows (row × trial)
   * @param createdAt creation time
   * @param finishedAt finish time
   */
  public record EvaluationView(
      String id,
      String name,
      DatasetRef dataset,
      String model,
      String prompt,
      JsonNode parameters,
      List<String> scorers,
      String gitCommit,
      JsonNode summary,
      Long durationMs,
      String state,
      int rowCount,
      Instant createdAt,
      Instant finishedAt) {}

  /**
   * A stored row result.
   *
   * @param index row position
   * @param trial trial
   * @param rowId row id
   * @param rowDigest digest
   * @param input row
   * @param output output
   * @param scores scores
   * @param passed pass flags
   * @param reasons reasons
   * @param latencyMs latency
   * @param inputTokens prompt tokens
   * @param outputTokens completion tokens
   * @param costUsd cost
   * @param error model error
   * @param scorerErrors scorer errors
   * @param traceId trace id
   */
  public record RowView(
      int index,
      int trial,
      String rowId,
      String rowDigest,
      JsonNode input,
      JsonNode output,
      JsonNode scores,
      JsonNode passed,
      JsonNode reasons,
      Double latencyMs,
      Long inputTokens,
      Long outputTokens,
      Double costUsd,
      String error,
      JsonNode scorerErrors,
      String traceId) {}

  /**
   * An evaluation with one page of its rows.
   *
   * @param evaluation the record
   * @param rows the page
   * @param matchingRows rows matching the filter
   * @param nextOffset offset of the next page, or null at the end
   */
  public record EvaluationWithRows(
      EvaluationView evaluation, List<RowView> rows, long matchingRows, Integer nextOffset) {}

  /**
   * A page of evaluations.
   *
   * @param items evaluations, newest first
   * @param nextCursor cursor of the next page, or null
   */
  public record EvaluationPage(List<EvaluationView> items, String nextCursor) {}

  /**
   * One entry of a leaderboard.
   *
   * @param rank 1 for the best
   * @param id evaluation id
   * @param name evaluation name
   * @param model model
   * @param prompt prompt
   * @param datasetVersion dataset version
   * @param mean mean of the ranked score
   * @param ciLow CI low
   * @param ciHigh CI high
   * @param passRate pass rate
   * @param rowCount rows
   * @param createdAt creation time
   */
  public record LeaderboardEntry(
      int rank,
      String id,
      String name,
      String model,
      String prompt,
      String datasetVersion,
      Double mean,
      Double ciLow,
      Double ciHigh,
      Double passRate,
      int rowCount,
      Instant createdAt) {}

  /**
   * Evaluations of one dataset ranked by one score.
   *
   * @param dataset dataset name
   * @param version dataset version filter, or null for all versions
   * @param score the ranking score
   * @param entries best first
   */
  public record Leaderboard(
      String dataset, String version, String score, List<LeaderboardEntry> entries) {}
}
