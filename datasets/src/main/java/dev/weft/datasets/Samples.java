package dev.weft.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Small datasets written for Weft's examples and tests, shipped in this jar (and as files in {@code
 * datasets/samples/}).
 */
public final class Samples {

  private Samples() {}

  /** About 30 factual questions with reference answers: {@code id, question, reference}. */
  public static Dataset questionAnswering() {
    return load("qa-references");
  }

  /** About 20 texts with the JSON to extract from them: {@code id, text, expected}. */
  public static Dataset jsonExtraction() {
    return load("json-extraction");
  }

  /** About 30 support messages with a label: {@code id, text, label}. */
  public static Dataset classification() {
    return load("support-classification");
  }

  /** A sample by file name without {@code .jsonl}. */
  public static Dataset load(String name) {
    String resource = "samples/" + name + ".jsonl";
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample dataset named " + name);
      }
      return Dataset.of(name, Jsonl.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
