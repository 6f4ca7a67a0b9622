package dev.weft.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Request and answer bodies of the runs API. */
public final class RunViews {

  private RunViews() {}

  /**
   * A run as the API shows it.
   *
   * @param id run id, unique in the project
   * @param name display name
   * @param group group name (runs of one sweep or experiment)
   * @param tags tags
   * @param state running, finished, failed or crashed
   * @param config hyper-parameters and settings
   * @param summary final or best values
   * @param notes free text
   * @param host host information (hostname, os, jvm, user)
   * @param git git information (commit, branch, dirty)
   * @param createdAt when the server first saw the run
   * @param startedAt when the run started, as the client said
   * @param finishedAt when the run finished, or null
   * @param lastHeartbeatAt last heartbeat the server received, or null
   * @param exitCode exit code given at finish, or null
   */
  public record RunView(
      String id,
      String name,
      String group,
      List<String> tags,
      String state,
      JsonNode config,
      JsonNode summary,
      String notes,
      JsonNode host,
      JsonNode git,
      OffsetDateTime createdAt,
      OffsetDateTime startedAt,
      OffsetDateTime finishedAt,
      OffsetDateTime lastHeartbeatAt,
      Integer exitCode) {}

  /**
   * Body of {@code POST /runs}.
   *
   * @param id client-generated id ({@code [A-Za-z0-9._-]{1,64}}), or null for a server-made one
   * @param name display name
   * @param group group
   * @param tags tags
   * @param config config object
   * @param notes notes
   * @param host host object
   * @param git git object
   * @param startedAt start time, or null for now
   */
  public record CreateRun(
      String id,
      String name,
      String group,
      List<String> tags,
      ObjectNode config,
      String notes,
      ObjectNode host,
      ObjectNode git,
      OffsetDateTime startedAt) {}

  /**
   * Body of {@code PATCH /runs/{id}}: absent (or null) fields stay as they are; config and summary
   * are merged key by key, and a key set to null is removed.
   *
   * @param name new name
   * @param group new group
   * @param tags new tags (replace the old ones)
   * @param notes new notes
   * @param config keys to merge into the config
   * @param summary keys to merge into the summary
   */
  public record UpdateRun(
      String name,
      String group,
      List<String> tags,
      String notes,
      ObjectNode config,
      ObjectNode summary) {}

  /**
   * Body of {@code POST /runs/{id}/finish}.
   *
   * @param state finished or failed
   * @param summary keys to merge into the summary
   * @param exitCode process exit code
   */
  public record FinishRun(String state, ObjectNode summary, Integer exitCode) {}

  /**
   * Answer of a metric append.
   *
   * @param accepted points in the request, all now stored (new ones written, replays skipped)
   */
  public record Accepted(int accepted) {}

  /**
   * One page of runs.
   *
   * @param items the runs
   * @param nextCursor cursor of the next page, or null on the last page
   */
  public record RunPage(List<RunView> items, String nextCursor) {}

  /**
   * Statistics of one metric key of a run.
   *
   * @param key the key
   * @param count points
   * @param min smallest value
   * @param max largest value
   * @param lastStep highest step
   * @param lastValue value at the highest step
   * @param lastTime time of the point at the highest step
   */
  public record MetricKeyView(
      String key,
      long count,
      double min,
      double max,
      long lastStep,
      double lastValue,
      OffsetDateTime lastTime) {}

  /**
   * One point of a history.
   *
   * @param step step
   * @param value value
   * @param time time
   */
  public record PointView(long step, double value, OffsetDateTime time) {}

  /**
   * The history of one metric key.
   *
   * @param key the key
   * @param x the x axis the buckets were made on (step or time)
   * @param count points in the requested range before downsampling
   * @param downsampled whether points were dropped
   * @param points at most {@code maxPoints} points in step order
   */
  public record HistoryView(
      String key, String x, long count, boolean downsampled, List<PointView> points) {}

  /**
   * Series of several runs on one step axis.
   *
   * @param steps union of the steps of all runs' (downsampled) points, ascending
   * @param values per run id, the value at each step, or null where the run has none
   */
  public record AlignedSeries(List<Long> steps, Map<String, List<Double>> values) {}

  /**
   * Several runs side by side.
   *
   * @param runs the runs, in the order asked
   * @param configDiff config keys (nested keys joined with '.') whose values differ, with each
   *     run's value (null where absent)
   * @param series per metric key, the runs' series aligned by step
   */
  public record Comparison(
      List<RunView> runs,
      Map<String, Map<String, JsonNode>> configDiff,
      Map<String, AlignedSeries> series) {}
}
