package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tracing.Redactor;
import dev.weft.tracing.WeftContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One experiment run (W&B-style): config, metrics per step, summary, system metrics, host and git
 * info, linked to the traces it produces through {@code weft.run.id}.
 *
 * <pre>{@code
 * try (WeftRun run = Weft.run().project("mnist").name("baseline")
 *     .config(Map.of("lr", 1e-3, "epochs", 10)).start()) {
 *   try {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *       run.log(Map.of("loss", train(epoch)));   // step 0, 1, 2, ...
 *     }
 *     run.summary("accuracy", evaluate());
 *   } catch (RuntimeException e) {
 *     run.fail(e);                               // marks the run failed, then rethrow
 *     throw e;
 *   }
 * }                                              // close() finishes it (unless already failed)
 * }</pre>
 *
 * <p>All methods return at once: data is queued and delivered by a background thread (bounded
 * queue, retry with backoff), and no method throws into the training loop. Thread-safe.
 */
public final class WeftRun implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WeftRun.class.getName());

  private final String id;
  private final String project;
  private final String name;
  private final boolean global;
  private final Path directory;
  private final RunUploader uploader;
  private final ScheduledExecutorService scheduler;
  private final SystemMetrics systemMetrics;
  private final long finishTimeoutMillis;
  private final AtomicLong nextStep = new AtomicLong();
  private final AtomicLong systemStep = new AtomicLong();
  private final Map<String, Object> lastValues = new LinkedHashMap<>();

  /** Highest step logged per key: the runs API refuses a new step below it. */
  private final Map<String, Long> highestStep = new java.util.HashMap<>();

  private final AtomicLong refusedPoints = new AtomicLong();
  private volatile boolean warnedRefused;
  private final Map<String, Object> summary = new LinkedHashMap<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Thread shutdownHook;
  private volatile RunState state;

  WeftRun(RunBuilder b) {
    this.id = b.id != null ? b.id : RunIds.newId();
    this.project = b.project;
    this.name = b.name != null ? b.name : id;
    this.global = b.global;
    this.finishTimeoutMillis = b.finishTimeout.toMillis();
    RunTransport transport;
    if (b.offline) {
      this.directory = b.runsDir.resolve(id);
      transport = new OfflineRunWriter(directory);
    } else {
      this.directory = null;
      transport = new HttpRunClient(b.endpoint, b.apiKey, java.time.Duration.ofSeconds(30));
    }
    this.uploader =
        new RunUploader(
            transport,
            project,
            id,
            b.maxQueuedPoints,
            b.initialBackoff.toMillis(),
            b.maxBackoff.toMillis());
    uploader.event(new RunEvent(RunEvent.CREATE, createBody(b)));
    if (global) {
      WeftContext.setGlobalRun(id);
    }
    this.systemMetrics = b.systemMetrics ? new SystemMetrics(b.nvidiaSmi) : null;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "weft-run-timer-" + id);
              t.setDaemon(true);
              return t;
            });
    long hb = b.heartbeatInterval.toMillis();
    if (!b.offline) {
      scheduler.scheduleAtFixedRate(uploader::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
    }
    if (systemMetrics != null) {
      long si = b.systemMetricsInterval.toMillis();
      scheduler.scheduleAtFixedRate(this::sampleSystem, 0, si, TimeUnit.MILLISECONDS);
    }
    this.shutdownHook = new Thread(this::finishOnExit, "weft-run-exit-" + id);
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // JVM already exiting
    }
  }

  private ObjectNode createBody(RunBuilder b) {
    ObjectNode body = HttpRunClient.JSON.createObjectNode();
    body.put("id", id);
    body.put("name", name);
    if (b.group != null) {
      body.put("group", b.group);
    }
    ArrayNode tags = body.putArray("tags");
    b.tags.forEach(tags::add);
    body.set("config", safeTree(b.config));
    if (b.notes != null) {
      body.put("notes", b.notes);
    }
    try {
      body.set("host", HostInfo.capture());
    } catch (RuntimeException e) {
      // host info is best effort
    }
    if (b.captureGit) {
      ObjectNode git = GitInfo.capture(b.workingDirectory);
      if (git != null) {
        body.set("git", git);
      }
    }
    body.put("startedAt", Instant.now().toString());
    return body;
  }

  /** The run id (8+ chars of {@code [a-z0-9]}), known before the server is reached. */
  public String id() {
    return id;
  }

  /** The project. */
  public String project() {
    return project;
  }

  /** The display name. */
  public String name() {
    return name;
  }

  /** The offline directory ({@code <runs>/<id>}), or null for an online run. */
  public Path directory() {
    return directory;
  }

  /** The final state once finished, else null. */
  public RunState state() {
    return state;
  }

  /**
   * Metric points dropped: queue full, refused by the server for good, or refused here (a key
   * outside {@code [A-Za-z0-9_./ -]{1,128}}, a negative step, or a new step below the highest
   * logged for its key — steps only grow).
   */
  public long droppedPoints() {
    return uploader.droppedPoints() + refusedPoints.get();
  }

  /** The step the next {@link #log(Map)} will use. */
  public long step() {
    return nextStep.get();
  }

  private static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9_./ -]{1,128}");

  /** Logs metrics at the current step, then advances the step. Non-numbers are skipped. */
  public synchronized void log(Map<String, ? extends Number> metrics) {
    log(nextStep.get(), metrics);
  }

  /**
   * Logs metrics at an explicit step; later automatic steps continue after it. Steps only grow per
   * key (as the runs API requires): a step below one already logged for a key is dropped, counted
   * in {@link #droppedPoints()} and warned about once; the same step again is allowed (the first
   * value wins on the server).
   */
  public synchronized void log(long step, Map<String, ? extends Number> metrics) {
    try {
      if (metrics == null || finished.get()) {
        return;
      }
      nextStep.accumulateAndGet(step + 1, Math::max);
      String time = Instant.now().toString();
      for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
        String key = e.getKey();
        if (key == null || e.getValue() == null) {
          continue;
        }
        double v = e.getValue().doubleValue();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          continue; // JSON has no NaN; the API would refuse the whole batch
        }
        Long highest = highestStep.get(key);
        if (step < 0 || (highest != null && step < highest) || !KEY.matcher(key).matches()) {
          refuse(key, step, highest);
          continue;
        }
        highestStep.put(key, step);
        uploader.point(new RunUploader.Point(key, step, v, time));
        synchronized (lastValues) {
          lastValues.put(key, e.getValue());
        }
      }
    } catch (RuntimeException e) {
      // never into the training loop
    }
  }

  private void refuse(String key, long step, Long highest) {
    refusedPoints.incrementAndGet();
    if (!warnedRefused) {
      warnedRefused = true;
      LOG.log(
          Level.WARNING,
          "Weft run "
              + id
              + ": dropped metric '"
              + key
              + "' at step "
              + step
              + (highest != null && step < highest
                  ? " (steps only grow; highest so far " + highest + ")"
                  : " (keys are 1-128 chars of [A-Za-z0-9_./ -], steps >= 0)")
              + "; further drops are only counted");
    }
  }

  /** Sets a summary value (e.g. final accuracy); sent now and with {@link #finish}. */
  public void summary(String key, Object value) {
    summary(Map.of(Objects.requireNonNull(key, "key"), value));
  }

  /** Sets summary values. */
  public void summary(Map<String, ?> values) {
    try {
      synchronized (summary) {
        summary.putAll(values);
      }
      patch("summary", values);
    } catch (RuntimeException e) {
      // never into the caller
    }
  }

  /** Adds or changes config entries after the start. */
  public void config(Map<String, ?> values) {
    try {
      patch("config", values);
    } catch (RuntimeException e) {
      // never into the caller
    }
  }

  private void patch(String field, Map<String, ?> values) {
    if (finished.get()) {
      return;
    }
    ObjectNode body = HttpRunClient.JSON.createObjectNode();
    body.set(field, safeTree(values));
    uploader.event(new RunEvent(RunEvent.PATCH, body));
  }

  /**
   * Makes this run current in the OpenTelemetry context until the scope closes; spans started under
   * it (and under contexts handed over from it) carry {@code weft.run.id}.
   */
  public Scope makeCurrent() {
    return WeftContext.withRun(Context.current(), id).makeCurrent();
  }

  /** Marks the run failed (the error goes into the summary) and finishes it. */
  public void fail(Throwable error) {
    if (error != null) {
      String message =
          error.getClass().getName()
              + (error.getMessage() == null ? "" : ": " + error.getMessage());
      synchronized (summary) {
        summary.put("error", Redactor.defaults().redactText(message));
      }
    }
    finish(RunState.FAILED, null);
  }

  /** Finishes the run as {@link RunState#FINISHED}. */
  public void finish() {
    finish(RunState.FINISHED, null);
  }

  /** Finishes the run. */
  public void finish(RunState state) {
    finish(state, null);
  }

  /**
   * Finishes the run: stops sampling and heartbeats, sends the summary (last value of each metric,
   * overridden by explicit summary values) and the final state, and waits up to the finish timeout
   * for delivery. Idempotent; never throws.
   */
  public void finish(RunState state, Integer exitCode) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    this.state = Objects.requireNonNull(state, "state");
    try {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS); // a sample in progress ends first
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (systemMetrics != null) {
        sampleSystem();
      }
      ObjectNode body = HttpRunClient.JSON.createObjectNode();
      body.put("state", state.wireName());
      Map<String, Object> finalSummary;
      synchronized (lastValues) {
        finalSummary = new LinkedHashMap<>(lastValues);
      }
      synchronized (summary) {
        finalSummary.putAll(summary);
      }
      body.set("summary", safeTree(finalSummary));
      if (exitCode != null) {
        body.put("exitCode", exitCode);
      }
      uploader.event(new RunEvent(RunEvent.FINISH, body));
      if (!uploader.close(finishTimeoutMillis)) {
        LOG.log(
            Level.WARNING,
            "Weft run "
                + id
                + ": not everything was delivered ("
                + uploader.droppedPoints()
                + " metric points dropped)");
      }
    } catch (RuntimeException e) {
      // never into the caller
    } finally {
      if (global) {
        WeftContext.clearGlobalRun(id);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // JVM exiting
      }
    }
  }

  /** Finishes the run as {@link RunState#FINISHED} unless it was finished already. */
  @Override
  public void close() {
    finish(RunState.FINISHED, null);
  }

  private void finishOnExit() {
    // The JVM is exiting while the run is active (System.exit or end of main without finish).
    finish(RunState.FINISHED, null);
  }

  /** Synchronized so that samples are queued in step order (the API refuses a step going back). */
  private synchronized void sampleSystem() {
    try {
      Map<String, Double> sample = systemMetrics.sample();
      if (sample.isEmpty()) {
        return;
      }
      long step = systemStep.getAndIncrement();
      String time = Instant.now().toString();
      for (Map.Entry<String, Double> e : sample.entrySet()) {
        double v = e.getValue();
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
          uploader.point(new RunUploader.Point(e.getKey(), step, v, time));
        }
      }
    } catch (RuntimeException e) {
      // skip this sample
    }
  }

  private static ObjectNode safeTree(Map<String, ?> map) {
    ObjectNode node = HttpRunClient.JSON.createObjectNode();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      try {
        node.set(e.getKey(), HttpRunClient.JSON.valueToTree(e.getValue()));
      } catch (RuntimeException ex) {
        node.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    // config and summary leave the process too: no secrets in them
    Redactor.defaults().redactTree(node);
    return node;
  }
}
