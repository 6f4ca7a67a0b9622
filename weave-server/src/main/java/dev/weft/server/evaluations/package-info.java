/**
 * Evaluations: records of a model or prompt scored over a dataset version, their per-row results,
 * row-by-row comparison with significance, and leaderboards per dataset.
 */
package dev.weft.server.evaluations;
