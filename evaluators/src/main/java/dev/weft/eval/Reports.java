package dev.weft.eval;

import java.util.Locale;

/** Text renderings of results: Markdown for CI summaries. */
final class Reports {

  private Reports() {}

  static String markdown(EvaluationResult result) {
    StringBuilder b = new StringBuilder();
    b.append("### Evaluation ").append(result.info().name()).append("\n\n");
    b.append("| score | n | mean | 95% CI | stddev | pass rate | errors |\n");
    b.append("|---|---:|---:|---|---:|---:|---:|\n");
    for (ScoreSummary s : result.summary().values()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | [%s, %s] | %s | %s | %d |%n",
              s.name(),
              s.count(),
              num(s.mean()),
              num(s.ciLow()),
              num(s.ciHigh()),
              num(s.stddev()),
              s.passRate() == null ? "–" : num(s.passRate()),
              s.errors()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%n%d rows, %d model errors, %.1f s%n",
            result.rows().size(),
            result.modelErrors(),
            result.duration().toMillis() / 1000.0));
    return b.toString();
  }

  static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }
}
