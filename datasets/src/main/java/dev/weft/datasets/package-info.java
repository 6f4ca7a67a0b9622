/**
 * Weft datasets: rows as JSON objects identified by the SHA-256 of their canonical JSON ({@link
 * dev.weft.datasets.CanonicalJson}, {@link dev.weft.datasets.Digests}), versions as ordered row
 * lists ({@link dev.weft.datasets.Dataset}), JSONL and CSV reading and writing ({@link
 * dev.weft.datasets.Jsonl}, {@link dev.weft.datasets.Csv}), diffs, and a client for the server's
 * datasets API ({@link dev.weft.datasets.DatasetClient}).
 */
package dev.weft.datasets;
