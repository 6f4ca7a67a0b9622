package dev.weft.server.runs;

import java.time.OffsetDateTime;

/**
 * One validated metric point of a run.
 *
 * @param projectId project
 * @param runId run
 * @param key metric name, e.g. {@code loss} or {@code system/cpu}
 * @param step non-negative step
 * @param value finite value
 * @param time when it was measured
 */
public record MetricPoint(
    long projectId, String runId, String key, long step, double value, OffsetDateTime time) {}
