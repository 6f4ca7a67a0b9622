package dev.weft.tracing.runs;

import dev.weft.tracing.WeftSdk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes an experiment run before {@link #start()}. Defaults come from the {@link WeftSdk}
 * ({@code WEFT_ENDPOINT}, {@code WEFT_API_KEY}, {@code WEFT_PROJECT}, {@code WEFT_MODE}).
 */
public final class RunBuilder {

  String endpoint;
  String apiKey;
  String project;
  boolean offline;
  Path runsDir;
  String id;
  String name;
  String group;
  String notes;
  final List<String> tags = new ArrayList<>();
  final Map<String, Object> config = new LinkedHashMap<>();
  boolean systemMetrics = true;
  Duration systemMetricsInterval = Duration.ofSeconds(5);
  Duration heartbeatInterval = Duration.ofSeconds(30);
  Duration finishTimeout = Duration.ofSeconds(30);
  int maxQueuedPoints = 100_000;
  Duration initialBackoff = Duration.ofMillis(500);
  Duration maxBackoff = Duration.ofSeconds(30);
  boolean global = true;
  boolean captureGit = true;
  Path workingDirectory = Path.of("").toAbsolutePath();
  String nvidiaSmi = SystemMetrics.findNvidiaSmi();

  private RunBuilder() {}

  /** A builder with the SDK's defaults. */
  public static RunBuilder create(WeftSdk sdk) {
    RunBuilder b = new RunBuilder();
    b.endpoint = sdk.endpoint();
    b.apiKey = sdk.apiKey();
    b.project = sdk.project();
    b.offline = sdk.offline();
    b.runsDir = sdk.runsDirectory();
    return b;
  }

  /** Project the run belongs to (required; default {@code WEFT_PROJECT}). */
  public RunBuilder project(String project) {
    this.project = project;
    return this;
  }

  /** Display name (default: the id). */
  public RunBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** Group, for runs that belong together (a sweep, a k-fold). */
  public RunBuilder group(String group) {
    this.group = group;
    return this;
  }

  /** Tags. */
  public RunBuilder tags(String... tags) {
    this.tags.addAll(Arrays.asList(tags));
    return this;
  }

  /** Tags. */
  public RunBuilder tags(List<String> tags) {
    this.tags.addAll(tags);
    return this;
  }

  /** Hyper-parameters and other settings (merged). */
  public RunBuilder config(Map<String, ?> config) {
    this.config.putAll(config);
    return this;
  }

  /** One config entry. */
  public RunBuilder config(String key, Object value) {
    this.config.put(key, value);
    return this;
  }

  /** Free text. */
  public RunBuilder notes(String notes) {
    this.notes = notes;
    return this;
  }

  /**
   * Run id (default: 8 random chars of {@code [a-z0-9]}); set it to resume a run or make a start
   * idempotent. 1 to 64 characters of {@code [A-Za-z0-9._-]}.
   */
  public RunBuilder id(String id) {
    if (!RunIds.isValid(id)) {
      throw new IllegalArgumentException(
          "run id must be 1 to 64 characters of [A-Za-z0-9._-], was '" + id + "'");
    }
    this.id = id;
    return this;
  }

  /** Server base URL. */
  public RunBuilder endpoint(String endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  /** API key with the {@code ingest} scope. */
  public RunBuilder apiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  /** Writes the run to {@code <runsDirectory>/<id>/} instead of the server. */
  public RunBuilder offline(boolean offline) {
    this.offline = offline;
    return this;
  }

  /** Parent directory of offline runs (default {@code ~/.weft/runs}). */
  public RunBuilder runsDirectory(Path dir) {
    this.runsDir = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** Whether {@code system/*} metrics are sampled (default true). */
  public RunBuilder systemMetrics(boolean enabled) {
    this.systemMetrics = enabled;
    return this;
  }

  /** How often system metrics are sampled (default 5 s). */
  public RunBuilder systemMetricsInterval(Duration interval) {
    this.systemMetricsInterval = positive(interval);
    return this;
  }

  /** How often a heartbeat tells the server the run is alive (default 30 s). */
  public RunBuilder heartbeatInterval(Duration interval) {
    this.heartbeatInterval = positive(interval);
    return this;
  }

  /** How long {@link WeftRun#finish} waits for queued data to be delivered (default 30 s). */
  public RunBuilder finishTimeout(Duration timeout) {
    this.finishTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Metric points that may wait for delivery; more are dropped and counted (default 100,000). */
  public RunBuilder maxQueuedPoints(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max queued points must be positive");
    }
    this.maxQueuedPoints = max;
    return this;
  }

  /** First and longest wait between retries (default 0.5 s, doubling to 30 s). */
  public RunBuilder retryBackoff(Duration initial, Duration max) {
    this.initialBackoff = positive(initial);
    this.maxBackoff = positive(max);
    return this;
  }

  /**
   * Whether the run is the process-wide current run while it is active (default true): every span
   * started anywhere then carries {@code weft.run.id}. With false, only spans under {@link
   * WeftRun#makeCurrent()} do.
   */
  public RunBuilder global(boolean global) {
    this.global = global;
    return this;
  }

  /** Whether git commit/branch/dirty are recorded (default true). */
  public RunBuilder captureGit(boolean capture) {
    this.captureGit = capture;
    return this;
  }

  /** Directory whose git repository is recorded (default: the working directory). */
  public RunBuilder workingDirectory(Path dir) {
    this.workingDirectory = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** The nvidia-smi executable (default: found on the PATH), or null for no GPU metrics. */
  public RunBuilder nvidiaSmi(String executable) {
    this.nvidiaSmi = executable;
    return this;
  }

  /**
   * Starts the run: records host and git, queues the create request and starts the background
   * uploader, heartbeats and system metrics. Returns at once; never contacts the server on this
   * thread.
   *
   * @throws IllegalStateException when no project is set
   */
  public WeftRun start() {
    if (project == null || project.isBlank()) {
      throw new IllegalStateException(
          "a run needs a project: set WEFT_PROJECT or call project(...)");
    }
    return new WeftRun(this);
  }

  private static Duration positive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + d);
    }
    return d;
  }
}
