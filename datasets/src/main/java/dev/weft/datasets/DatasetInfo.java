package dev.weft.datasets;

import java.util.Map;

/**
 * A dataset on the server.
 *
 * @param name unique within its project
 * @param description free text, may be {@code null}
 * @param latestVersion number of the newest version, or {@code null} before the first
 * @param tags tag name → version number
 * @param createdAt when it was created (ISO-8601)
 */
public record DatasetInfo(
    String name,
    String description,
    Integer latestVersion,
    Map<String, Integer> tags,
    String createdAt) {}
