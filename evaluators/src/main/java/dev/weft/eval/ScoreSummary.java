package dev.weft.eval;

/**
 * The aggregate of one score over all rows (and trials) that produced it.
 *
 * @param name score name
 * @param count number of values
 * @param mean arithmetic mean
 * @param stddev sample standard deviation (0 for fewer than two values)
 * @param passRate fraction of values that passed, or {@code null} when the score has no pass/fail
 * @param ciLow lower end of the 95% bootstrap confidence interval of the mean
 * @param ciHigh upper end of the 95% bootstrap confidence interval of the mean
 * @param errors rows where the scorer (or the model) failed, so this score is missing
 */
public record ScoreSummary(
    String name,
    int count,
    double mean,
    double stddev,
    Double passRate,
    double ciLow,
    double ciHigh,
    int errors) {}
