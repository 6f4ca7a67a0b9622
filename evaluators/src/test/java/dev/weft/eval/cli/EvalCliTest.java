package dev.weft.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCliTest {

  @TempDir Path dir;

  private Path suite(String thresholds) throws Exception {
    Files.writeString(
        dir.resolve("rows.jsonl"),
        """
        {"id": "1", "reference": "Paris", "prediction": "Paris"}
        {"id": "2", "reference": "Rome", "prediction": "rome"}
        {"id": "3", "reference": "Oslo", "prediction": "Bergen"}
        """,
        StandardCharsets.UTF_8);
    Path file = dir.resolve("suite.yaml");
    Files.writeString(
        file,
        """
        name: capitals
        dataset: rows.jsonl
        model: {name: precomputed, outputField: prediction}
        scorers:
          - {type: exact_match, field: reference, normalize: true}
          - {type: levenshtein, field: reference}
        thresholds:
        """
            + thresholds,
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void passingSuiteExitsZeroAndWritesJunitXml() throws Exception {
    Path xml = dir.resolve("out/junit.xml");
    int code =
        EvalCli.run(
            suite("  - {score: exact_match, mean: 0.6}\n").toString(),
            "--junit-xml",
            xml.toString(),
            "--server",
            "");
    assertThat(code).isZero();
    assertThat(Files.readString(xml)).contains("tests=\"1\" failures=\"0\"");
  }

  @Test
  void failingThresholdExitsOneWithAFailureInTheXml() throws Exception {
    Path xml = dir.resolve("junit.xml");
    int code =
        EvalCli.run(
            suite("  - {score: exact_match, mean: 0.9}\n  - {score: levenshtein, mean: 0.1}\n")
                .toString(),
            "--junit-xml",
            xml.toString(),
            "--server",
            "");
    assertThat(code).isEqualTo(1);
    String report = Files.readString(xml);
    assertThat(report)
        .contains("tests=\"2\" failures=\"1\"")
        .contains("<failure message=\"exact_match");
  }

  @Test
  void badSuiteExitsTwoWithAMessage() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"name\": \"x\", \"dataset\": \"missing.jsonl\"}");
    assertThat(EvalCli.run(file.toString(), "--server", "")).isEqualTo(2);
  }
}
