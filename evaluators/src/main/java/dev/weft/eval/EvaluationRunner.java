package dev.weft.eval;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a model over dataset rows and scores every output.
 *
 * <p>Rows run in parallel up to a concurrency limit, model calls are paced by an optional rate
 * limit, retried with exponential backoff and cut off by a per-call timeout; every row × trial is
 * traced as a span {@code weft.eval.row} under one {@code weft.evaluation} span, carrying {@code
 * weft.evaluation.id}. A row whose model call or scorer fails is recorded with its error; it never
 * aborts the run. Build one with {@link #builder()}.
 */
public final class EvaluationRunner {

  static final AttributeKey<String> EVALUATION_ID = AttributeKey.stringKey("weft.evaluation.id");
  static final AttributeKey<String> EVALUATION_NAME =
      AttributeKey.stringKey("weft.evaluation.name");
  static final AttributeKey<String> DATASET_NAME = AttributeKey.stringKey("weft.dataset.name");
  static final AttributeKey<String> DATASET_VERSION =
      AttributeKey.stringKey("weft.dataset.version");
  static final AttributeKey<String> ROW_DIGEST = AttributeKey.stringKey("weft.dataset.row.digest");
  static final AttributeKey<String> ROW_ID = AttributeKey.stringKey("weft.dataset.row.id");
  static final AttributeKey<Long> ROW_INDEX = AttributeKey.longKey("weft.eval.row.index");
  static final AttributeKey<Long> TRIAL = AttributeKey.longKey("weft.eval.trial");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("weft.eval.attempts");

  private final Builder config;
  private final Tracer tracer;
  private final RateLimiter rateLimiter;

  private EvaluationRunner(Builder b) {
    this.config = b;
    this.tracer = b.openTelemetry.getTracer("dev.weft.eval");
    this.rateLimiter = b.ratePerSecond > 0 ? new RateLimiter(b.ratePerSecond) : null;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the evaluation over the rows with a fresh evaluation id. */
  public EvaluationResult run(List<EvalRow> rows) {
    Objects.requireNonNull(rows, "rows");
    String id = config.id != null ? config.id : UUID.randomUUID().toString();
    List<String> scorerNames = config.scorers.stream().map(Scorer::name).toList();
    EvaluationInfo info =
        new EvaluationInfo(
            id,
            config.name,
            config.datasetName,
            config.datasetVersion,
            config.modelName,
            config.prompt,
            Map.copyOf(config.parameters),
            scorerNames,
            config.gitCommit != null ? config.gitCommit : GitCommit.detect());
    long started = System.nanoTime();
    Span evaluationSpan =
        tracer
            .spanBuilder("weft.evaluation")
            .setAttribute(EVALUATION_ID, id)
            .setAttribute(EVALUATION_NAME, config.name)
            .startSpan();
    if (config.datasetName != null) {
      evaluationSpan.setAttribute(DATASET_NAME, config.datasetName);
    }
    if (config.datasetVersion != null) {
      evaluationSpan.setAttribute(DATASET_VERSION, config.datasetVersion);
    }
    Context parent = Context.current().with(evaluationSpan);
    int total = rows.size() * config.trials;
    RowResult[] results = new RowResult[total];
    Progress progress = new Progress(config.progress, total, config.name);
    ExecutorService workers = Executors.newFixedThreadPool(config.concurrency, daemon("weft-eval"));
    ExecutorService callers =
        config.timeout != null ? Executors.newCachedThreadPool(daemon("weft-eval-call")) : null;
    try {
      List<Future<?>> futures = new ArrayList<>(total);
      for (int i = 0; i < rows.size(); i++) {
        for (int t = 0; t < config.trials; t++) {
          int index = i;
          int trial = t;
          int slot = i * config.trials + t;
          futures.add(
              workers.submit(
                  () -> {
                    RowResult r = runOne(parent, id, rows.get(index), index, trial, callers);
                    results[slot] = r;
                    progress.done(r.failed());
                  }));
        }
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // runOne catches everything; reaching here is a bug, keep going with the others.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } finally {
      workers.shutdownNow();
      if (callers != null) {
        callers.shutdownNow();
      }
      progress.finish();
    }
    List<RowResult> list = Arrays.asList(results);
    Map<String, ScoreSummary> summary = Summaries.of(list, scorerNames, config.seed);
    for (ScoreSummary s : summary.values()) {
      evaluationSpan.setAttribute("weft.score." + s.name() + ".mean", s.mean());
    }
    evaluationSpan.end();
    return new EvaluationResult(
        info, List.copyOf(list), summary, Duration.ofNanos(System.nanoTime() - started));
  }

  private RowResult runOne(
      Context parent, String id, EvalRow row, int index, int trial, ExecutorService callers) {
    Span span =
        tracer
            .spanBuilder("weft.eval.row")
            .setParent(parent)
            .setAttribute(EVALUATION_ID, id)
            .setAttribute(ROW_DIGEST, row.digest())
            .setAttribute(ROW_INDEX, (long) index)
            .setAttribute(TRIAL, (long) trial)
            .startSpan();
    if (row.id() != null) {
      span.setAttribute(ROW_ID, row.id());
    }
    String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    try (Scope ignored = span.makeCurrent()) {
      Object output = null;
      String error = null;
      int attempts = 0;
      long callNanos = 0;
      while (true) {
        attempts++;
        if (rateLimiter != null) {
          rateLimiter.acquire();
        }
        long t0 = System.nanoTime();
        try {
          output = call(row, callers);
          callNanos = System.nanoTime() - t0;
          error = null;
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          error = "interrupted";
          break;
        } catch (Throwable e) {
          callNanos = System.nanoTime() - t0;
          error = describe(e);
          if (attempts > config.retries || !config.retryOn.test(e)) {
            break;
          }
          try {
            Thread.sleep(backoffMillis(attempts));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      Long inTokens = null;
      Long outTokens = null;
      Double cost = null;
      if (output instanceof ModelOutput m) {
        inTokens = m.inputTokens();
        outTokens = m.outputTokens();
        cost = m.costUsd();
        output = m.value();
      }
      List<Score> scores = new ArrayList<>();
      Map<String, String> scorerErrors = new LinkedHashMap<>();
      if (error == null) {
        for (Scorer scorer : config.scorers) {
          try {
            List<Score> given = scorer.score(row, output);
            if (given != null) {
              scores.addAll(given);
            }
          } catch (Throwable e) {
            scorerErrors.put(scorer.name(), describe(e));
          }
        }
      }
      span.setAttribute(ATTEMPTS, (long) attempts);
      for (Score s : scores) {
        span.setAttribute("weft.score." + s.name(), s.value());
      }
      if (error != null) {
        span.setStatus(StatusCode.ERROR, error);
      } else if (!scorerErrors.isEmpty()) {
        span.setAttribute("weft.eval.scorer_errors", String.join(",", scorerErrors.keySet()));
      }
      return new RowResult(
          index,
          trial,
          row.id(),
          row.digest(),
          row.data(),
          output,
          List.copyOf(scores),
          callNanos / 1e6,
          inTokens,
          outTokens,
          cost,
          error,
          Map.copyOf(scorerErrors),
          attempts,
          traceId);
    } catch (Throwable unexpected) {
      // Instrumentation or bookkeeping failed: record it, never abort the suite.
      return new RowResult(
          index,
          trial,
          row.id(),
          row.digest(),
          row.data(),
          null,
          List.of(),
          0,
          null,
          null,
          null,
          describe(unexpected),
          Map.of(),
          0,
          traceId);
    } finally {
      span.end();
    }
  }

  private Object call(EvalRow row, ExecutorService callers) throws Exception {
    if (config.timeout == null) {
      return config.model.apply(row);
    }
    Callable<Object> task = Context.current().wrap(() -> config.model.apply(row));
    Future<Object> future = callers.submit(task);
    try {
      return future.get(config.timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TimeoutException("model call timed out after " + config.timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private long backoffMillis(int attempt) {
    long base = config.backoff.toMillis();
    long delay = base * (1L << Math.min(attempt - 1, 16));
    return Math.min(delay, config.maxBackoff.toMillis());
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Spaces calls at least {@code 1/rate} seconds apart across all threads. */
  static final class RateLimiter {
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(System.nanoTime());

    RateLimiter(double perSecond) {
      this.intervalNanos = (long) (1e9 / perSecond);
    }

    void acquire() throws InterruptedException {
      long now = System.nanoTime();
      long slot = next.getAndUpdate(n -> Math.max(n, now) + intervalNanos);
      long wait = Math.max(slot, now) - now;
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
  }

  /** Configures an {@link EvaluationRunner}. */
  public static final class Builder {
    private String id;
    private String name = "evaluation";
    private Function<EvalRow, ?> model;
    private String modelName;
    private String prompt;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private String datasetName;
    private String datasetVersion;
    private String gitCommit;
    private final List<Scorer> scorers = new ArrayList<>();
    private int concurrency = 4;
    private double ratePerSecond;
    private int retries;
    private Duration backoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Predicate<Throwable> retryOn = e -> true;
    private Duration timeout;
    private int trials = 1;
    private OpenTelemetry openTelemetry = GlobalOpenTelemetry.get();
    private PrintStream progress;
    private long seed = Aggregation.DEFAULT_SEED;

    private Builder() {}

    /** The evaluation's id (a UUID); a random one by default. */
    public Builder id(String id) {
      this.id = UUID.fromString(id).toString();
      return this;
    }

    /** A human name for the evaluation. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The model under evaluation: any function from a row to an output. Return a {@link
     * ModelOutput} to record tokens and cost.
     *
     * @param identity what to call it in results (model, or model + prompt)
     */
    public Builder model(String identity, Function<EvalRow, ?> model) {
      this.modelName = identity;
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The prompt identity or version. */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** A model or prompt parameter, stored with the results. */
    public Builder parameter(String key, Object value) {
      parameters.put(key, value);
      return this;
    }

    /** The dataset name and version digest the rows came from. */
    public Builder dataset(String name, String versionDigest) {
      this.datasetName = name;
      this.datasetVersion = versionDigest;
      return this;
    }

    /**
     * The dataset's name and version digest (take its rows with {@link
     * EvalRow#from(dev.weft.datasets.Dataset)}).
     */
    public Builder dataset(dev.weft.datasets.Dataset dataset) {
      return dataset(dataset.name(), dataset.digest());
    }

    /** The git commit under evaluation; detected from CI variables or {@code git} otherwise. */
    public Builder gitCommit(String commit) {
      this.gitCommit = commit;
      return this;
    }

    /** Adds scorers. */
    public Builder scorers(Scorer... scorers) {
      this.scorers.addAll(Arrays.asList(scorers));
      return this;
    }

    /** Adds scorers. */
    public Builder scorers(List<? extends Scorer> scorers) {
      this.scorers.addAll(scorers);
      return this;
    }

    /** Rows in flight at once (default 4). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
      this.concurrency = concurrency;
      return this;
    }

    /** At most this many model calls per second across all threads (0 = unlimited). */
    public Builder rateLimit(double callsPerSecond) {
      if (callsPerSecond < 0) {
        throw new IllegalArgumentException("rate limit must not be negative");
      }
      this.ratePerSecond = callsPerSecond;
      return this;
    }

    /**
     * Retries a failed model call up to {@code retries} times, waiting {@code backoff}, then twice
     * as long each time (capped at 30 s).
     */
    public Builder retries(int retries, Duration backoff) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
      this.retries = retries;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Which failures to retry (all by default). */
    public Builder retryOn(Predicate<Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /** Longest a single model call may take; it is then interrupted and counts as failed. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Runs every row this many times (default 1), e.g. to measure a model's variance. */
    public Builder trials(int trials) {
      if (trials < 1) {
        throw new IllegalArgumentException("trials must be at least 1");
      }
      this.trials = trials;
      return this;
    }

    /** Where spans go (the global OpenTelemetry by default; a no-op without an SDK). */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** Prints a progress bar to this stream (e.g. {@code System.err}); none by default. */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /** Seed of the bootstrap confidence intervals. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The runner. */
    public EvaluationRunner build() {
      if (model == null) {
        throw new IllegalStateException("set the model with model(identity, function)");
      }
      if (scorers.isEmpty()) {
        throw new IllegalStateException("add at least one scorer");
      }
      return new EvaluationRunner(this);
    }
  }
}
