package dev.weft.server.ingest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Builds {@link SpanRow}s for tests: every column has a plain default (an unset, internal span with
 * empty attributes and resource), and a test sets only the columns it is about.
 */
final class SpanRowFixture {

  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

  long projectId = 1;
  byte[] traceId = new byte[16];
  byte[] spanId = new byte[8];
  byte[] parentSpanId;
  String name = "span";
  String category = "other";
  short otelKind = 1;
  short statusCode;
  String statusMessage;
  OffsetDateTime startTime = T0;
  OffsetDateTime endTime = T0;
  long durationNanos;
  String operation;
  String provider;
  String model;
  Long inputTokens;
  Long outputTokens;
  Long totalTokens;
  Long cacheReadTokens;
  Long cacheWriteTokens;
  Double costUsd;
  String sessionId;
  String runId;
  String promptName;
  String promptVersion;
  String errorType;
  String inputJson;
  String outputJson;
  String attributesJson = "{}";
  String eventsJson;
  String linksJson;
  String resourceJson = "{}";

  private SpanRowFixture() {}

  /** A row with the defaults, changed by {@code set}. */
  static SpanRow row(Consumer<SpanRowFixture> set) {
    SpanRowFixture r = new SpanRowFixture();
    set.accept(r);
    return new SpanRow(
        r.projectId,
        r.traceId,
        r.spanId,
        r.parentSpanId,
        r.name,
        r.category,
        r.otelKind,
        r.statusCode,
        r.statusMessage,
        r.startTime,
        r.endTime,
        r.durationNanos,
        r.operation,
        r.provider,
        r.model,
        r.inputTokens,
        r.outputTokens,
        r.totalTokens,
        r.cacheReadTokens,
        r.cacheWriteTokens,
        r.costUsd,
        r.sessionId,
        r.runId,
        r.promptName,
        r.promptVersion,
        r.errorType,
        r.inputJson,
        r.outputJson,
        r.attributesJson,
        r.eventsJson,
        r.linksJson,
        r.resourceJson);
  }
}
