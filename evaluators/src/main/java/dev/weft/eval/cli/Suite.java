package dev.weft.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.Digests;
import dev.weft.datasets.Jsonl;
import dev.weft.eval.EvalRow;
import dev.weft.eval.Scorer;
import dev.weft.eval.Scorers;
import dev.weft.eval.Threshold;
import dev.weft.eval.Threshold.Statistic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An evaluation suite described in a YAML or JSON file:
 *
 * <pre>
 * name: qa-nightly
 * dataset: samples/qa-references.jsonl     # JSONL, relative to the suite file
 * model:
 *   name: gpt-4o-mini                      # identity stored with the results
 *   class: com.acme.QaModel                # a Function&lt;EvalRow, ?&gt; with a no-arg constructor
 *   # or outputField: prediction           # outputs already in the rows
 * scorers:
 *   - {type: exact_match, field: reference, normalize: true}
 *   - {type: token_f1, field: reference}
 * thresholds:
 *   - {score: exact_match, mean: 0.8}
 * concurrency: 4
 * </pre>
 *
 * @param name suite name
 * @param datasetName dataset name (the file name without extension unless given)
 * @param datasetVersion version digest of the rows
 * @param rows the rows
 * @param modelName model identity
 * @param model the model
 * @param scorers the scorers
 * @param thresholds the thresholds
 * @param concurrency rows in flight
 */
record Suite(
    String name,
    String datasetName,
    String datasetVersion,
    List<EvalRow> rows,
    String modelName,
    Function<EvalRow, ?> model,
    List<Scorer> scorers,
    List<Threshold> thresholds,
    int concurrency) {

  static Suite load(Path file) throws IOException {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        lower.endsWith(".yaml") || lower.endsWith(".yml")
            ? new ObjectMapper(new YAMLFactory())
            : new ObjectMapper();
    JsonNode root = mapper.readTree(Files.readAllBytes(file));
    if (root == null || !root.isObject()) {
      throw new SuiteException(file + ": the suite must be a YAML/JSON object");
    }
    String name = required(root, "name").asText();
    Path base = file.toAbsolutePath().getParent();
    Path datasetFile = base.resolve(required(root, "dataset").asText());
    if (!Files.isRegularFile(datasetFile)) {
      throw new SuiteException("dataset file " + datasetFile + " does not exist");
    }
    List<DatasetRow> datasetRows = Jsonl.read(datasetFile);
    List<EvalRow> rows = datasetRows.stream().map(EvalRow::from).toList();
    String version = Digests.version(datasetRows.stream().map(DatasetRow::digest).toList());
    String datasetName =
        root.hasNonNull("datasetName")
            ? root.get("datasetName").asText()
            : datasetFile.getFileName().toString().replaceFirst("\\.jsonl$", "");

    JsonNode modelNode = required(root, "model");
    String modelName = modelNode.path("name").asText(null);
    Function<EvalRow, ?> model = model(modelNode);

    List<Scorer> scorers = new ArrayList<>();
    for (JsonNode s : required(root, "scorers")) {
      scorers.add(scorer(s));
    }
    if (scorers.isEmpty()) {
      throw new SuiteException("list at least one scorer under 'scorers'");
    }
    List<Threshold> thresholds = new ArrayList<>();
    for (JsonNode t : root.path("thresholds")) {
      String score = required(t, "score").asText();
      boolean any = false;
      if (t.has("mean")) {
        thresholds.add(new Threshold(score, Statistic.MEAN, t.get("mean").asDouble(), Double.NaN));
        any = true;
      }
      if (t.has("passRate")) {
        thresholds.add(
            new Threshold(score, Statistic.PASS_RATE, t.get("passRate").asDouble(), Double.NaN));
        any = true;
      }
      if (!any) {
        throw new SuiteException("threshold on '" + score + "' sets neither mean nor passRate");
      }
    }
    int concurrency = root.path("concurrency").asInt(4);
    return new Suite(
        name, datasetName, version, rows, modelName, model, scorers, thresholds, concurrency);
  }

  @SuppressWarnings("unchecked")
  private static Function<EvalRow, ?> model(JsonNode node) {
    if (node.hasNonNull("outputField")) {
      String field = node.get("outputField").asText();
      return row -> {
        Object v = row.get(field);
        if (v == null) {
          throw new IllegalArgumentException("row has no output field '" + field + "'");
        }
        return v;
      };
    }
    if (node.hasNonNull("class")) {
      String cls = node.get("class").asText();
      try {
        Object instance = Class.forName(cls).getDeclaredConstructor().newInstance();
        if (!(instance instanceof Function<?, ?> f)) {
          throw new SuiteException(cls + " does not implement java.util.function.Function");
        }
        return (Function<EvalRow, ?>) f;
      } catch (ReflectiveOperationException e) {
        throw new SuiteException("cannot create model class " + cls + ": " + e);
      }
    }
    throw new SuiteException("model needs 'class' (a Function<EvalRow, ?>) or 'outputField'");
  }

  private static Scorer scorer(JsonNode s) {
    String type = required(s, "type").asText();
    String field = s.path("field").asText(Scorers.DEFAULT_REFERENCE);
    return switch (type) {
      case "exact_match" -> Scorers.exactMatch(field, s.path("normalize").asBoolean(false));
      case "contains" -> Scorers.contains(required(s, "text").asText());
      case "contains_all" -> Scorers.containsAll(texts(required(s, "texts")));
      case "contains_any" -> Scorers.containsAny(texts(required(s, "texts")));
      case "regex" -> Scorers.regex(required(s, "pattern").asText());
      case "valid_json" -> Scorers.validJson();
      case "numeric_match" ->
          Scorers.numericTolerance(
              field, s.path("absolute").asDouble(0), s.path("relative").asDouble(0));
      case "levenshtein" -> Scorers.levenshtein(field);
      case "token_f1" -> Scorers.tokenF1(field);
      case "bleu" -> Scorers.bleu(field);
      case "rouge_l" -> Scorers.rougeL(field);
      default ->
          throw new SuiteException(
              "unknown scorer type '"
                  + type
                  + "'; use exact_match, contains, contains_all, contains_any, regex, valid_json,"
                  + " numeric_match, levenshtein, token_f1, bleu or rouge_l");
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new SuiteException("the suite needs '" + field + "'");
    }
    return v;
  }

  /** The suite file is wrong; the message says where. */
  static final class SuiteException extends RuntimeException {
    SuiteException(String message) {
      super(message);
    }
  }
}
