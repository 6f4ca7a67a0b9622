package dev.weft.server.ingest;

import java.time.OffsetDateTime;

/**
 * One row of the {@code spans} table, every value ready to bind. JSON columns are pre-serialised
 * strings so the writer only moves data.
 *
 * @param projectId owning project
 * @param traceId 16 bytes
 * @param spanId 8 bytes
 * @param parentSpanId 8 bytes or {@code null}
 * @param name span name
 * @param category canonical category, lower case
 * @param otelKind OTLP span kind number
 * @param statusCode OTLP status code number
 * @param statusMessage status message or {@code null}
 * @param startTime start
 * @param endTime end
 * @param durationNanos end minus start, in nanoseconds
 * @param operation GenAI operation or {@code null}
 * @param provider model provider or {@code null}
 * @param model model or {@code null}
 * @param inputTokens prompt tokens or {@code null}
 * @param outputTokens completion tokens or {@code null}
 * @param totalTokens total tokens or {@code null}
 * @param cacheReadTokens input tokens served from the prompt cache, or {@code null}
 * @param cacheWriteTokens input tokens written to the prompt cache, or {@code null}
 * @param costUsd cost or {@code null} when unknown
 * @param sessionId session or {@code null}
 * @param runId run or {@code null}
 * @param promptName prompt name or {@code null}
 * @param promptVersion prompt version or {@code null}
 * @param errorType error type or {@code null}
 * @param inputJson canonical input as JSON, or {@code null}
 * @param outputJson canonical output as JSON, or {@code null}
 * @param attributesJson remaining attributes as a JSON object
 * @param eventsJson remaining events as a JSON array, or {@code null}
 * @param linksJson links as a JSON array, or {@code null}
 * @param resourceJson resource attributes and scope as a JSON object
 */
public record SpanRow(
    long projectId,
    byte[] traceId,
    byte[] spanId,
    byte[] parentSpanId,
    String name,
    String category,
    short otelKind,
    short statusCode,
    String statusMessage,
    OffsetDateTime startTime,
    OffsetDateTime endTime,
    long durationNanos,
    String operation,
    String provider,
    String model,
    Long inputTokens,
    Long outputTokens,
    Long totalTokens,
    Long cacheReadTokens,
    Long cacheWriteTokens,
    Double costUsd,
    String sessionId,
    String runId,
    String promptName,
    String promptVersion,
    String errorType,
    String inputJson,
    String outputJson,
    String attributesJson,
    String eventsJson,
    String linksJson,
    String resourceJson) {}
