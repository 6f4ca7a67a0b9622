package dev.weft.server.evaluations;

import java.util.List;

/**
 * How one score differs between two evaluations over their paired rows.
 *
 * @param score score name
 * @param pairs rows scored in both
 * @param baseMean mean in the base over paired rows
 * @param candidateMean mean in the candidate over paired rows
 * @param meanDelta candidate − base
 * @param ciLow lower end of the 95% paired-bootstrap CI of the mean difference
 * @param ciHigh upper end of it
 * @param improved rows better in the candidate
 * @param regressed rows worse in the candidate
 * @param unchanged rows equal in both
 * @param signTestP two-sided sign-test p-value over changed rows
 * @param significant whether the CI excludes zero (the difference is unlikely to be noise)
 * @param regressions the worst regressions (largest drop first)
 * @param improvements the largest improvements first
 */
public record ScoreComparison(
    String score,
    int pairs,
    double baseMean,
    double candidateMean,
    double meanDelta,
    double ciLow,
    double ciHigh,
    int improved,
    int regressed,
    int unchanged,
    double signTestP,
    boolean significant,
    List<RowChange> regressions,
    List<RowChange> improvements) {}
