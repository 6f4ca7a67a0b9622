package dev.weft.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Built-in scorers. Those that compare with a reference read it from a row field ({@value
 * #DEFAULT_REFERENCE} unless given); a row without that field is an error, not a zero.
 */
public final class Scorers {

  /** Row field holding the reference answer unless another is named. */
  public static final String DEFAULT_REFERENCE = "expected";

  private Scorers() {}

  /** Output equals the reference exactly: {@code exact_match}, boolean. */
  public static Scorer exactMatch() {
    return exactMatch(DEFAULT_REFERENCE, false);
  }

  /**
   * Output equals the reference field.
   *
   * @param field the reference field
   * @param normalize trim and compare case-insensitively
   */
  public static Scorer exactMatch(String field, boolean normalize) {
    return Scorer.named(
        "exact_match",
        (row, output) -> {
          String expected = reference(row, field);
          String actual = String.valueOf(Text.of(output));
          boolean ok =
              normalize ? expected.trim().equalsIgnoreCase(actual.trim()) : expected.equals(actual);
          Score s = Score.of("exact_match", ok);
          return List.of(ok ? s : s.withReason("expected " + quote(expected)));
        });
  }

  /** Output contains the text (case-sensitive): {@code contains}, boolean. */
  public static Scorer contains(String needle) {
    return containsAll("contains", List.of(needle));
  }

  /** Output contains every one of the texts: {@code contains_all}, boolean. */
  public static Scorer containsAll(Collection<String> needles) {
    return containsAll("contains_all", List.copyOf(needles));
  }

  private static Scorer containsAll(String name, List<String> needles) {
    return Scorer.named(
        name,
        (row, output) -> {
          String text = String.valueOf(Text.of(output));
          List<String> missing = new ArrayList<>();
          for (String n : needles) {
            if (!text.contains(n)) {
              missing.add(n);
            }
          }
          Score s = Score.of(name, missing.isEmpty());
          return List.of(missing.isEmpty() ? s : s.withReason("missing " + missing));
        });
  }

  /** Output contains at least one of the texts: {@code contains_any}, boolean. */
  public static Scorer containsAny(Collection<String> needles) {
    List<String> all = List.copyOf(needles);
    return Scorer.named(
        "contains_any",
        (row, output) -> {
          String text = String.valueOf(Text.of(output));
          boolean ok = all.stream().anyMatch(text::contains);
          Score s = Score.of("contains_any", ok);
          return List.of(ok ? s : s.withReason("none of " + all));
        });
  }

  /** Output matches the regular expression somewhere ({@code find}): {@code regex}, boolean. */
  public static Scorer regex(String pattern) {
    Pattern p = Pattern.compile(pattern);
    return Scorer.named(
        "regex",
        (row, output) -> {
          boolean ok = p.matcher(String.valueOf(Text.of(output))).find();
          Score s = Score.of("regex", ok);
          return List.of(ok ? s : s.withReason("no match for /" + pattern + "/"));
        });
  }

  /** Output parses as JSON: {@code valid_json}, boolean (the parser's message as reason). */
  public static Scorer validJson() {
    return Scorer.named(
        "valid_json",
        (row, output) -> {
          if (!(output instanceof CharSequence)) {
            return List.of(Score.of("valid_json", output != null));
          }
          try {
            EvalRow.CANONICAL.readTree(output.toString());
            try (var parser = EvalRow.CANONICAL.createParser(output.toString())) {
              // readTree accepts trailing garbage after the first value; a full parse must not.
              parser.nextToken();
              parser.skipChildren();
              if (parser.nextToken() != null) {
                return List.of(
                    Score.of("valid_json", false).withReason("text after the JSON value"));
              }
            }
            return List.of(Score.of("valid_json", true));
          } catch (JsonProcessingException e) {
            return List.of(Score.of("valid_json", false).withReason(e.getOriginalMessage()));
          }
        });
  }

  /**
   * Output is a number within a tolerance of the reference: {@code numeric_match}, boolean. Passes
   * when {@code |a-e| <= absolute} or {@code |a-e| <= relative*|e|}.
   */
  public static Scorer numericTolerance(String field, double absolute, double relative) {
    return Scorer.named(
        "numeric_match",
        (row, output) -> {
          double expected = number(reference(row, field), "reference field " + field);
          double actual;
          try {
            actual = number(String.valueOf(Text.of(output)), "output");
          } catch (IllegalArgumentException e) {
            return List.of(Score.of("numeric_match", false).withReason(e.getMessage()));
          }
          double diff = Math.abs(actual - expected);
          boolean ok = diff <= absolute || diff <= relative * Math.abs(expected);
          Score s = Score.of("numeric_match", ok);
          return List.of(ok ? s : s.withReason("off by " + diff + " from " + expected));
        });
  }

  /** Normalised Levenshtein similarity to the reference: {@code levenshtein}, 0–1. */
  public static Scorer levenshtein() {
    return levenshtein(DEFAULT_REFERENCE);
  }

  /** Normalised Levenshtein similarity to a reference field. */
  public static Scorer levenshtein(String field) {
    return Scorer.named(
        "levenshtein",
        (row, output) ->
            List.of(
                Score.of(
                    "levenshtein",
                    Metrics.levenshteinSimilarity(
                        String.valueOf(Text.of(output)), reference(row, field)))));
  }

  /** SQuAD token F1 against the reference: {@code token_f1}, 0–1. */
  public static Scorer tokenF1() {
    return tokenF1(DEFAULT_REFERENCE);
  }

  /** SQuAD token F1 against a reference field (best over a list of references). */
  public static Scorer tokenF1(String field) {
    return Scorer.named(
        "token_f1",
        (row, output) -> {
          String out = String.valueOf(Text.of(output));
          double best = 0;
          for (String ref : references(row, field)) {
            best = Math.max(best, Metrics.tokenF1(out, ref));
          }
          return List.of(Score.of("token_f1", best));
        });
  }

  /** Sentence BLEU (sacrebleu definition) divided by 100: {@code bleu}, 0–1. */
  public static Scorer bleu() {
    return bleu(DEFAULT_REFERENCE);
  }

  /** Sentence BLEU against a reference field (a text or a list of texts). */
  public static Scorer bleu(String field) {
    return Scorer.named(
        "bleu",
        (row, output) ->
            List.of(
                Score.of(
                    "bleu",
                    Metrics.sentenceBleu(String.valueOf(Text.of(output)), references(row, field))
                        / 100.0)));
  }

  /** ROUGE-L F-measure against the reference: {@code rouge_l}, 0–1. */
  public static Scorer rougeL() {
    return rougeL(DEFAULT_REFERENCE);
  }

  /** ROUGE-L F-measure against a reference field (best over a list of references). */
  public static Scorer rougeL(String field) {
    return Scorer.named(
        "rouge_l",
        (row, output) -> {
          String out = String.valueOf(Text.of(output));
          double best = 0;
          for (String ref : references(row, field)) {
            best = Math.max(best, Metrics.rougeL(out, ref)[2]);
          }
          return List.of(Score.of("rouge_l", best));
        });
  }

  static String reference(EvalRow row, String field) {
    Object value = row.get(field);
    if (value == null) {
      throw new IllegalArgumentException(
          "row " + label(row) + " has no reference field '" + field + "'");
    }
    return Text.of(value);
  }

  static List<String> references(EvalRow row, String field) {
    Object value = row.get(field);
    if (value instanceof Collection<?> many) {
      List<String> out = new ArrayList<>();
      many.forEach(v -> out.add(Text.of(v)));
      if (!out.isEmpty()) {
        return out;
      }
    }
    return List.of(reference(row, field));
  }

  private static double number(String text, String what) {
    try {
      return Double.parseDouble(text.trim().replace(",", ""));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(what + " is not a number: " + quote(text));
    }
  }

  static String label(EvalRow row) {
    return row.id() != null ? row.id() : row.digest().substring(0, 12);
  }

  private static String quote(String s) {
    String t = s == null ? "null" : s;
    return "\"" + (t.length() > 200 ? t.substring(0, 200) + "…" : t) + "\"";
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
