package dev.weft.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure text metrics behind the built-in scorers; each matches a published definition. */
public final class Metrics {

  private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");
  private static final Set<String> ARTICLES = Set.of("a", "an", "the");

  private Metrics() {}

  /** Edit distance (insertions, deletions, substitutions of UTF-16 code units). */
  public static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** {@code 1 - distance / max(length)}: 1 for equal strings, 0 for nothing in common. */
  public static double levenshteinSimilarity(String a, String b) {
    int max = Math.max(a.length(), b.length());
    return max == 0 ? 1.0 : 1.0 - (double) levenshtein(a, b) / max;
  }

  /**
   * SQuAD v1.1 answer normalisation (evaluate-v1.1.py {@code normalize_answer}): lower case,
   * punctuation removed, articles removed, whitespace collapsed; returns the tokens.
   */
  public static List<String> squadTokens(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder();
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      // Python's string.punctuation: ASCII punctuation only.
      if (c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c)) {
        continue;
      }
      noPunct.append(c);
    }
    List<String> tokens = new ArrayList<>();
    for (String t : noPunct.toString().trim().split("\\s+")) {
      if (!t.isEmpty() && !ARTICLES.contains(t)) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /** SQuAD token-level F1 between a prediction and a reference (bag of tokens overlap). */
  public static double tokenF1(String prediction, String reference) {
    List<String> p = squadTokens(prediction);
    List<String> r = squadTokens(reference);
    if (p.isEmpty() || r.isEmpty()) {
      return p.equals(r) ? 1.0 : 0.0;
    }
    Map<String, Integer> counts = new HashMap<>();
    r.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String t : p) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) {
      return 0.0;
    }
    double precision = (double) common / p.size();
    double recall = (double) common / r.size();
    return 2 * precision * recall / (precision + recall);
  }

  /**
   * ROUGE-L F-measure as computed by Google's {@code rouge-score} package (default tokenizer: lower
   * case, runs of non-alphanumerics split tokens; no stemming).
   *
   * @return {@code [precision, recall, f]}
   */
  public static double[] rougeL(String prediction, String reference) {
    String[] p = rougeTokens(prediction);
    String[] r = rougeTokens(reference);
    if (p.length == 0 || r.length == 0) {
      return new double[] {0, 0, 0};
    }
    int lcs = lcs(p, r);
    double precision = (double) lcs / p.length;
    double recall = (double) lcs / r.length;
    double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new double[] {precision, recall, f};
  }

  private static String[] rougeTokens(String s) {
    String norm = NON_ALNUM.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    return norm.isEmpty() ? new String[0] : norm.split(" +");
  }

  private static int lcs(String[] a, String[] b) {
    int[][] t = new int[a.length + 1][b.length + 1];
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        t[i][j] =
            a[i - 1].equals(b[j - 1]) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
      }
    }
    return t[a.length][b.length];
  }

  /**
   * Tokenises like sacrebleu's default {@code 13a} tokenizer (the WMT {@code mteval-v13a} script):
   * pads punctuation and symbols with spaces, splits periods and commas not between digits, and
   * dashes after digits.
   */
  public static String[] tokenize13a(String line) {
    String s = Normalizer.normalize(line, Normalizer.Form.NFC);
    s = s.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.contains("&")) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    s = s.replaceAll("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])", " $1 ");
    s = s.replaceAll("([^0-9])([\\.,])", "$1 $2 ");
    s = s.replaceAll("([\\.,])([^0-9])", " $1 $2");
    s = s.replaceAll("([0-9])(-)", "$1 $2 ");
    String trimmed = s.trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  /**
   * Corpus BLEU (Papineni et al. 2002) as sacrebleu computes it: 4-gram, uniform weights, 13a
   * tokens, brevity penalty against the closest reference length, and exponential smoothing of zero
   * n-gram counts.
   *
   * @param hypotheses one output per segment
   * @param references {@code references[k][i]} is the k-th reference of segment i
   * @return BLEU on a 0–100 scale
   */
  public static double corpusBleu(List<String> hypotheses, List<List<String>> references) {
    long[] matches = new long[4];
    long[] totals = new long[4];
    long hypLen = 0;
    long refLen = 0;
    for (int i = 0; i < hypotheses.size(); i++) {
      String[] hyp = tokenize13a(hypotheses.get(i));
      List<String[]> refs = new ArrayList<>();
      for (List<String> refSet : references) {
        refs.add(tokenize13a(refSet.get(i)));
      }
      hypLen += hyp.length;
      refLen += closestLength(hyp.length, refs);
      for (int n = 1; n <= 4; n++) {
        Map<String, Integer> hypCounts = ngrams(hyp, n);
        Map<String, Integer> maxRef = new HashMap<>();
        for (String[] ref : refs) {
          ngrams(ref, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
        }
        for (var e : hypCounts.entrySet()) {
          matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
        }
        totals[n - 1] += Math.max(0, hyp.length - n + 1);
      }
    }
    return bleu(matches, totals, hypLen, refLen, false);
  }

  /**
   * Sentence BLEU as sacrebleu's {@code sentence_bleu}: as {@link #corpusBleu} on one segment, with
   * effective order (n-gram orders longer than the hypothesis are left out).
   *
   * @return BLEU on a 0–100 scale
   */
  public static double sentenceBleu(String hypothesis, List<String> references) {
    List<List<String>> refs = new ArrayList<>();
    for (String r : references) {
      refs.add(List.of(r));
    }
    String[] hyp = tokenize13a(hypothesis);
    List<String[]> refTokens = refs.stream().map(r -> tokenize13a(r.get(0))).toList();
    long[] matches = new long[4];
    long[] totals = new long[4];
    for (int n = 1; n <= 4; n++) {
      Map<String, Integer> maxRef = new HashMap<>();
      for (String[] ref : refTokens) {
        ngrams(ref, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
      }
      for (var e : ngrams(hyp, n).entrySet()) {
        matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
      }
      totals[n - 1] = Math.max(0, hyp.length - n + 1);
    }
    return bleu(matches, totals, hyp.length, closestLength(hyp.length, refTokens), true);
  }

  private static double bleu(
      long[] matches, long[] totals, long hypLen, long refLen, boolean effectiveOrder) {
    if (hypLen == 0) {
      return 0;
    }
    double smooth = 1.0;
    double logSum = 0;
    int order = 0;
    for (int n = 0; n < 4; n++) {
      if (totals[n] == 0) {
        if (effectiveOrder) {
          continue;
        }
        return 0;
      }
      order++;
      double precision;
      if (matches[n] == 0) {
        smooth *= 2;
        precision = 100.0 / (smooth * totals[n]);
      } else {
        precision = 100.0 * matches[n] / totals[n];
      }
      logSum += Math.log(precision);
    }
    if (order == 0) {
      return 0;
    }
    double bp = hypLen < refLen ? Math.exp(1 - (double) refLen / hypLen) : 1.0;
    return bp * Math.exp(logSum / (effectiveOrder ? order : 4));
  }

  private static int closestLength(int hypLen, List<String[]> refs) {
    int best = -1;
    int bestDiff = Integer.MAX_VALUE;
    for (String[] r : refs) {
      int diff = Math.abs(r.length - hypLen);
      if (diff < bestDiff || (diff == bestDiff && r.length < best)) {
        bestDiff = diff;
        best = r.length;
      }
    }
    return best;
  }

  private static Map<String, Integer> ngrams(String[] tokens, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.length; i++) {
      counts.merge(String.join("\u0001", Arrays.copyOfRange(tokens, i, i + n)), 1, Integer::sum);
    }
    return counts;
  }
}
