package dev.weft.eval.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.RowResult;
import dev.weft.eval.Threshold;
import dev.weft.eval.Threshold.Statistic;
import dev.weft.eval.Thresholds;
import dev.weft.eval.WeftClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Makes an evaluation a test. The test method takes an {@link EvaluationRecorder}, runs its
 * evaluation through it, and declares {@link EvalThreshold}s; after the body, this extension writes
 * {@code <name>.md} (summary) and {@code <name>.jsonl} (one line per row) to {@code
 * target/weft-evals/} (system property {@code weft.eval.reportDir}), stores the evaluation on a
 * Weft server when {@code WEFT_URL} and {@code WEFT_API_KEY} are set, and fails the test with a
 * table of the thresholds that were not met.
 */
public final class WeftEvaluationExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(WeftEvaluationExtension.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EvaluationRecorder.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NS)
        .getOrComputeIfAbsent("recorder", k -> new EvaluationRecorder(), EvaluationRecorder.class);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (context.getExecutionException().isPresent()) {
      return; // the test already failed; its own error says more than thresholds would
    }
    List<Threshold> thresholds = new ArrayList<>();
    context.getTestClass().ifPresent(c -> collect(c, thresholds));
    context.getTestMethod().ifPresent(m -> collect(m, thresholds));
    EvaluationRecorder recorder = context.getStore(NS).get("recorder", EvaluationRecorder.class);
    EvaluationResult result = recorder == null ? null : recorder.result();
    if (result == null) {
      if (!thresholds.isEmpty()) {
        throw new AssertionError(
            "the test declares thresholds but recorded no evaluation; take an EvaluationRecorder"
                + " parameter and call run(...) or record(...)");
      }
      return;
    }
    String name =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getTestMethod().map(m -> m.getName()).orElse("evaluation");
    Path dir = Path.of(System.getProperty("weft.eval.reportDir", "target/weft-evals"));
    String link = upload(result);
    write(dir, name, result, thresholds, link);
    Thresholds.check(result, thresholds);
  }

  private static String upload(EvaluationResult result) {
    Optional<WeftClient> client = WeftClient.fromEnvironment();
    if (client.isEmpty()) {
      return null;
    }
    try {
      return client.get().store(result).uiUrl();
    } catch (RuntimeException e) {
      // Reporting must not turn a passing evaluation into a failing test.
      System.err.println("weft: could not store the evaluation: " + e.getMessage());
      return null;
    }
  }

  private static void write(
      Path dir, String name, EvaluationResult result, List<Threshold> thresholds, String link) {
    try {
      Files.createDirectories(dir);
      StringBuilder md = new StringBuilder(result.toMarkdown());
      if (!thresholds.isEmpty()) {
        md.append("\n```\n").append(Thresholds.table(result, thresholds)).append("```\n");
      }
      if (link != null) {
        md.append("\n[Open in Weft](").append(link).append(")\n");
      }
      Files.writeString(dir.resolve(name + ".md"), md.toString(), StandardCharsets.UTF_8);
      try (Writer w =
          Files.newBufferedWriter(dir.resolve(name + ".jsonl"), StandardCharsets.UTF_8)) {
        for (RowResult r : result.rows()) {
          w.write(JSON.writeValueAsString(r));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the evaluation report to " + dir, e);
    }
  }

  private static void collect(AnnotatedElement element, List<Threshold> out) {
    for (EvalThreshold t : element.getAnnotationsByType(EvalThreshold.class)) {
      if (!Double.isNaN(t.mean())) {
        out.add(new Threshold(t.score(), Statistic.MEAN, t.mean(), Double.NaN));
      }
      if (!Double.isNaN(t.passRate())) {
        out.add(new Threshold(t.score(), Statistic.PASS_RATE, t.passRate(), Double.NaN));
      }
      if (!Double.isNaN(t.ciLow())) {
        out.add(new Threshold(t.score(), Statistic.CI_LOW, t.ciLow(), Double.NaN));
      }
      if (Double.isNaN(t.mean()) && Double.isNaN(t.passRate()) && Double.isNaN(t.ciLow())) {
        throw new IllegalArgumentException(
            "@EvalThreshold(score=\"" + t.score() + "\") sets no mean, passRate or ciLow");
      }
    }
  }
}
