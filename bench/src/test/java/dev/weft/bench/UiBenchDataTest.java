package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The UI benchmark's data is what its report says: 1–3-span traces and one whole large tree. */
class UiBenchDataTest {

  private static final long NOW = 1_760_000_000_000_000_000L;

  private static List<Span> spans(List<ExportTraceServiceRequest> requests) {
    List<Span> all = new ArrayList<>();
    for (ExportTraceServiceRequest r : requests) {
      all.addAll(r.getResourceSpans(0).getScopeSpans(0).getSpansList());
    }
    return all;
  }

  @Test
  void smallTracesHaveOneToThreeSpansAndOneRootEach() {
    List<Span> spans = spans(List.of(new UiBenchData(7, NOW).smallTraces(500)));
    Map<ByteString, List<Span>> byTrace = new HashMap<>();
    spans.forEach(s -> byTrace.computeIfAbsent(s.getTraceId(), k -> new ArrayList<>()).add(s));
    assertThat(byTrace).hasSize(500);
    Set<Integer> sizes = new HashSet<>();
    for (List<Span> trace : byTrace.values()) {
      sizes.add(trace.size());
      assertThat(trace.stream().filter(s -> s.getParentSpanId().isEmpty())).hasSize(1);
    }
    assertThat(sizes).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void theLargeTraceIsOneTreeOfExactlyTheAskedSpansWithAboutOneKilobyteEach() {
    UiBenchData data = new UiBenchData(7, NOW);
    ByteString traceId = data.id(16);
    List<ExportTraceServiceRequest> requests = data.bigTrace(traceId, 10_000, 1_000);
    assertThat(requests).hasSize(10);
    List<Span> spans = spans(requests);
    assertThat(spans)
        .hasSize(10_000)
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
    // Pre-order: every parent comes before its children, so the tree is whole.
    Set<ByteString> seen = new HashSet<>();
    int roots = 0;
    long attributeBytes = 0;
    for (Span s : spans) {
      if (s.getParentSpanId().isEmpty()) {
        roots++;
      } else {
        assertThat(seen).contains(s.getParentSpanId());
      }
      assertThat(seen.add(s.getSpanId())).isTrue();
      assertThat(s.getEndTimeUnixNano()).isGreaterThanOrEqualTo(s.getStartTimeUnixNano());
      attributeBytes += LlmTraceGenerator.attributeBytes(s);
    }
    assertThat(roots).isEqualTo(1);
    assertThat(attributeBytes / spans.size()).isBetween(900L, 1_300L);
  }
}
