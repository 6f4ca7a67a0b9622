package dev.weft.datasets;

import java.util.List;

/**
 * A stored, immutable version of a dataset.
 *
 * @param dataset the dataset's name
 * @param number 1, 2, 3, ... in order of creation
 * @param digest the version digest over its row digests, see {@link Digests#version}
 * @param rowCount number of rows
 * @param base the version it was made from, or {@code null}
 * @param message the note given when it was made, or {@code null}
 * @param tags tags that point at it
 * @param createdAt when it was made (ISO-8601)
 */
public record DatasetVersion(
    String dataset,
    int number,
    String digest,
    int rowCount,
    Integer base,
    String message,
    List<String> tags,
    String createdAt) {}
