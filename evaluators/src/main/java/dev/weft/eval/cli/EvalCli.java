package dev.weft.eval.cli;

import dev.weft.eval.EvaluationResult;
import dev.weft.eval.EvaluationRunner;
import dev.weft.eval.Threshold;
import dev.weft.eval.Thresholds;
import dev.weft.eval.WeftClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs an evaluation suite file for CI without JUnit: prints the summary, stores the evaluation and
 * prints its link when a server is given, writes JUnit XML, and exits 1 when a threshold fails (2
 * for a bad suite or command line).
 */
@Command(
    name = "weft-eval",
    mixinStandardHelpOptions = true,
    version = "weft-eval 0.1.0",
    description = "Runs an evaluation suite (YAML or JSON) and checks its thresholds.")
public final class EvalCli implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "the suite file (.yaml, .yml or .json)")
  Path suiteFile;

  @Option(
      names = "--server",
      description = "Weft server URL (default: $WEFT_URL); results are stored when set")
  String server = System.getenv("WEFT_URL");

  @Option(names = "--api-key", description = "API key (default: $WEFT_API_KEY)")
  String apiKey = System.getenv("WEFT_API_KEY");

  @Option(names = "--project", description = "project (default: $WEFT_PROJECT or 'default')")
  String project = System.getenv().getOrDefault("WEFT_PROJECT", "default");

  @Option(
      names = "--junit-xml",
      description = "where to write JUnit XML (default: ${DEFAULT-VALUE})")
  Path junitXml = Path.of("target/weft-eval-results.xml");

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new EvalCli()).execute(args);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Suite suite;
    try {
      suite = Suite.load(suiteFile);
    } catch (Suite.SuiteException | IOException | IllegalArgumentException e) {
      err.println("weft-eval: " + suiteFile + ": " + e.getMessage());
      return 2;
    }
    EvaluationResult result =
        EvaluationRunner.builder()
            .name(suite.name())
            .model(suite.modelName(), suite.model())
            .dataset(suite.datasetName(), suite.datasetVersion())
            .scorers(suite.scorers())
            .concurrency(suite.concurrency())
            .progress(System.err)
            .build()
            .run(suite.rows());
    out.println(result.toMarkdown());
    List<Threshold> unmet = Thresholds.unmet(result, suite.thresholds());
    if (!suite.thresholds().isEmpty()) {
      out.println(Thresholds.table(result, suite.thresholds()));
    }
    if (server != null && !server.isBlank()) {
      if (apiKey == null || apiKey.isBlank()) {
        err.println("weft-eval: --server is set but no --api-key (or $WEFT_API_KEY)");
        return 2;
      }
      try {
        WeftClient.Stored stored = WeftClient.create(server, apiKey, project).store(result);
        out.println("Evaluation: " + stored.uiUrl());
      } catch (RuntimeException e) {
        err.println("weft-eval: could not store the evaluation: " + e.getMessage());
      }
    }
    writeJunit(result, suite.thresholds());
    out.flush();
    if (!unmet.isEmpty()) {
      err.println("weft-eval: " + unmet.size() + " threshold(s) not met");
      return 1;
    }
    return 0;
  }

  private void writeJunit(EvaluationResult result, List<Threshold> thresholds) throws IOException {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long failures = thresholds.stream().filter(t -> !t.isMet(result.summary(t.score()))).count();
    x.append(
        String.format(
            Locale.ROOT,
            "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\""
                + " time=\"%.3f\">%n",
            xml(result.info().name()),
            thresholds.size(),
            failures,
            result.duration().toMillis() / 1000.0));
    for (Threshold t : thresholds) {
      var s = result.summary(t.score());
      x.append(
          String.format(
              "  <testcase classname=\"%s\" name=\"%s\">%n",
              xml(result.info().name()), xml(t.score() + " " + t.describe())));
      if (!t.isMet(s)) {
        String actual = s == null ? "no score" : String.format(Locale.ROOT, "%.4f", t.actual(s));
        x.append(
            String.format(
                "    <failure message=\"%s\">%s</failure>%n",
                xml(t.score() + ": " + t.describe() + ", actual " + actual),
                xml(Thresholds.table(result, thresholds))));
      }
      x.append("  </testcase>\n");
    }
    x.append("</testsuite>\n");
    Path parent = junitXml.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(junitXml, x.toString(), StandardCharsets.UTF_8);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
