package dev.weft.server.evaluations;

/**
 * A row whose score changed between two evaluations.
 *
 * @param rowDigest the paired row
 * @param rowId its id in the candidate (or base)
 * @param base mean score in the base evaluation (over trials)
 * @param candidate mean score in the candidate
 * @param delta candidate − base
 */
public record RowChange(
    String rowDigest, String rowId, double base, double candidate, double delta) {}
