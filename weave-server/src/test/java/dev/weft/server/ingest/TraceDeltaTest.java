package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceDeltaTest {

  static final OffsetDateTime T0 = SpanRowFixture.T0;

  static byte[] id(int length, int value) {
    byte[] id = new byte[length];
    id[length - 1] = (byte) value;
    id[0] = (byte) (value >> 8);
    return id;
  }

  /** A span row with the fields the summary reads; everything else plain. */
  static SpanRow row(
      long project,
      int trace,
      int span,
      Integer parent,
      String name,
      int startSeconds,
      int endSeconds,
      short status,
      String model,
      Long inputTokens,
      Double cost,
      String session) {
    return SpanRowFixture.row(
        r -> {
          r.projectId = project;
          r.traceId = id(16, trace);
          r.spanId = id(8, span);
          r.parentSpanId = parent == null ? null : id(8, parent);
          r.name = name;
          r.category = model == null ? "tool" : "chat";
          r.statusCode = status;
          r.startTime = T0.plusSeconds(startSeconds);
          r.endTime = T0.plusSeconds(endSeconds);
          r.durationNanos = (endSeconds - startSeconds) * 1_000_000_000L;
          r.provider = model == null ? null : "openai";
          r.model = model;
          r.inputTokens = inputTokens;
          r.outputTokens = inputTokens == null ? null : 1L;
          r.totalTokens = inputTokens == null ? null : inputTokens + 1;
          r.cacheReadTokens = inputTokens == null ? null : inputTokens / 5;
          r.cacheWriteTokens = "gpt-4o-mini".equals(model) ? 3L : null;
          r.costUsd = cost;
          r.sessionId = session;
        });
  }

  @Test
  void aggregatesTheSpansOfEachTraceIntoOneDelta() {
    List<TraceDelta> deltas =
        TraceDelta.of(
            List.of(
                row(1, 7, 2, 1, "chat gpt-4o", 1, 3, (short) 2, "gpt-4o", 100L, 0.5, "s2"),
                row(1, 7, 1, null, "agent", 0, 10, (short) 1, null, null, null, null),
                row(1, 7, 3, 1, "chat mini", 4, 5, (short) 0, "gpt-4o-mini", 10L, 0.25, "s1"),
                row(1, 7, 4, 1, "chat again", 6, 7, (short) 0, "gpt-4o", 5L, null, null)));

    assertThat(deltas).hasSize(1);
    TraceDelta d = deltas.get(0);
    assertThat(d.projectId()).isEqualTo(1);
    assertThat(d.traceId()).isEqualTo(id(16, 7));
    assertThat(d.rootSpanId()).isEqualTo(id(8, 1));
    assertThat(d.rootName()).isEqualTo("agent");
    assertThat(d.firstName()).isEqualTo("agent");
    assertThat(d.startTime()).isEqualTo(T0);
    assertThat(d.endTime()).isEqualTo(T0.plusSeconds(10));
    assertThat(d.spanCount()).isEqualTo(4);
    assertThat(d.errorCount()).isEqualTo(1);
    assertThat(d.inputTokens()).isEqualTo(115);
    assertThat(d.outputTokens()).isEqualTo(3);
    assertThat(d.totalTokens()).isEqualTo(118);
    assertThat(d.cacheReadTokens()).isEqualTo(20 + 2 + 1);
    assertThat(d.cacheWriteTokens()).isEqualTo(3);
    assertThat(d.costUsd()).isEqualTo(0.75);
    assertThat(d.models()).containsExactly("gpt-4o", "gpt-4o-mini");
    assertThat(d.providers()).containsExactly("openai");
    assertThat(d.categories()).containsExactly("chat", "tool");
    assertThat(d.sessionId()).isEqualTo("s1");
    assertThat(d.runId()).isNull();
  }

  @Test
  void aTraceWithoutItsRootYetHasNoRootAndItsEarliestSpanNamesIt() {
    TraceDelta d =
        TraceDelta.of(
                List.of(
                    row(1, 7, 3, 1, "late", 5, 6, (short) 0, null, null, null, null),
                    row(1, 7, 2, 1, "early", 2, 3, (short) 0, null, null, null, null)))
            .get(0);

    assertThat(d.rootSpanId()).isNull();
    assertThat(d.rootName()).isNull();
    assertThat(d.firstName()).isEqualTo("early");
    assertThat(d.costUsd()).as("no span has a cost: unknown, not zero").isNull();
    assertThat(d.inputTokens()).isZero();
    assertThat(d.models()).isEmpty();
  }

  @Test
  void spansOfATraceApartInTheBatchFormOneDeltaOrderedByProjectThenUnsignedTraceId() {
    List<TraceDelta> deltas =
        TraceDelta.of(
            List.of(
                row(1, 0x0102, 1, null, "c", 0, 1, (short) 0, null, null, null, null),
                row(2, 1, 1, null, "a", 0, 1, (short) 0, null, null, null, null),
                row(1, 0xff01, 1, null, "b", 0, 1, (short) 0, null, null, null, null),
                row(1, 0x0102, 2, 1, "c2", 0, 1, (short) 0, null, null, null, null)));

    assertThat(deltas)
        .extracting(TraceDelta::rootName)
        .as("0xff.. sorts after 0x01.. (unsigned), project 1 before 2")
        .containsExactly("c", "b", "a");
    assertThat(deltas.get(0).spanCount()).isEqualTo(2);
  }
}
