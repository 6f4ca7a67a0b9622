package dev.weft.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Records an evaluation from a loop the caller owns: log each prediction, then its scores, then
 * {@link #finish()} for the same summary the {@link EvaluationRunner} gives. Thread-safe.
 *
 * <pre>{@code
 * EvalLogger logger = EvalLogger.create("nightly-qa").dataset("qa", version).model("gpt-4o");
 * for (EvalRow row : rows) {
 *   String answer = myModel(row);
 *   logger.logPrediction(row, answer).logScore("correct", answer.equals(row.text("expected")));
 * }
 * EvaluationResult result = logger.finish();
 * }</pre>
 */
public final class EvalLogger {

  private final String id = UUID.randomUUID().toString();
  private final String name;
  private final long started = System.nanoTime();
  private final List<Prediction> predictions = new ArrayList<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private String datasetName;
  private String datasetVersion;
  private String model;
  private String prompt;
  private long seed = Aggregation.DEFAULT_SEED;
  private EvaluationResult finished;

  private EvalLogger(String name) {
    this.name = name;
  }

  /** A logger for an evaluation with this name. */
  public static EvalLogger create(String name) {
    return new EvalLogger(Objects.requireNonNull(name, "name"));
  }

  /** The dataset name and version digest. */
  public synchronized EvalLogger dataset(String name, String versionDigest) {
    this.datasetName = name;
    this.datasetVersion = versionDigest;
    return this;
  }

  /** The model identity. */
  public synchronized EvalLogger model(String model) {
    this.model = model;
    return this;
  }

  /** The prompt identity. */
  public synchronized EvalLogger prompt(String prompt) {
    this.prompt = prompt;
    return this;
  }

  /** A parameter stored with the evaluation. */
  public synchronized EvalLogger parameter(String key, Object value) {
    parameters.put(key, value);
    return this;
  }

  /** Seed of the bootstrap confidence intervals. */
  public synchronized EvalLogger seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Logs one model output for a row; add its scores on the returned prediction. */
  public Prediction logPrediction(EvalRow row, Object output) {
    Objects.requireNonNull(row, "row");
    synchronized (this) {
      if (finished != null) {
        throw new IllegalStateException("the evaluation is finished; start a new logger");
      }
      Prediction p = new Prediction(predictions.size(), row, output);
      predictions.add(p);
      return p;
    }
  }

  /** Ends the evaluation and summarises it; later calls return the same result. */
  public synchronized EvaluationResult finish() {
    if (finished != null) {
      return finished;
    }
    List<RowResult> rows = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Prediction p : predictions) {
      RowResult r = p.toResult();
      r.scores().forEach(s -> names.add(s.name()));
      rows.add(r);
    }
    EvaluationInfo info =
        new EvaluationInfo(
            id,
            name,
            datasetName,
            datasetVersion,
            model,
            prompt,
            Map.copyOf(parameters),
            List.copyOf(names),
            GitCommit.detect());
    finished =
        new EvaluationResult(
            info,
            List.copyOf(rows),
            Summaries.of(rows, List.copyOf(names), seed),
            Duration.ofNanos(System.nanoTime() - started));
    return finished;
  }

  /** One logged prediction, to which scores, usage and errors are added. */
  public final class Prediction {
    private final int index;
    private final EvalRow row;
    private final Object output;
    private final List<Score> scores = new ArrayList<>();
    private double latencyMs;
    private Long inputTokens;
    private Long outputTokens;
    private Double costUsd;
    private String error;

    private Prediction(int index, EvalRow row, Object output) {
      this.index = index;
      this.row = row;
      this.output = output;
    }

    /** Adds a numeric score. */
    public Prediction logScore(String name, double value) {
      return logScore(Score.of(name, value));
    }

    /** Adds a boolean score. */
    public Prediction logScore(String name, boolean passed) {
      return logScore(Score.of(name, passed));
    }

    /** Adds a score. */
    public Prediction logScore(Score score) {
      synchronized (EvalLogger.this) {
        scores.add(Objects.requireNonNull(score, "score"));
      }
      return this;
    }

    /** Runs scorers on this prediction; a failing scorer is recorded, not thrown. */
    public Prediction score(Scorer... scorers) {
      for (Scorer s : scorers) {
        try {
          s.score(row, output).forEach(this::logScore);
        } catch (Exception e) {
          synchronized (EvalLogger.this) {
            error = (error == null ? "" : error + "; ") + s.name() + ": " + e.getMessage();
          }
        }
      }
      return this;
    }

    /** Records latency, tokens and cost of the call that produced the output. */
    public synchronized Prediction usage(
        double latencyMs, Long inputTokens, Long outputTokens, Double costUsd) {
      synchronized (EvalLogger.this) {
        this.latencyMs = latencyMs;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.costUsd = costUsd;
      }
      return this;
    }

    /** Marks the prediction as failed (the output is then not scored in summaries). */
    public Prediction error(String why) {
      synchronized (EvalLogger.this) {
        this.error = why;
      }
      return this;
    }

    private RowResult toResult() {
      return new RowResult(
          index,
          0,
          row.id(),
          row.digest(),
          row.data(),
          output,
          List.copyOf(scores),
          latencyMs,
          inputTokens,
          outputTokens,
          costUsd,
          error,
          Map.of(),
          1,
          null);
    }
  }
}
