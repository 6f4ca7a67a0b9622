package dev.weft.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.traces.TraceViews.SpanView;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTreeBuilderTest {

  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.UTC);

  static SpanView span(String id, String parent, int startMs) {
    return new SpanView(
        "t",
        id,
        parent,
        "span " + id,
        "other",
        "internal",
        "unset",
        null,
        T0.plusNanos(startMs * 1_000_000L),
        T0.plusNanos(startMs * 1_000_000L + 1),
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "{}",
        null,
        null,
        "{}",
        null);
  }

  @Test
  void childrenHangUnderTheirParentInStartOrder() {
    List<SpanView> roots =
        TraceTreeBuilder.build(
            List.of(
                span("c2", "r", 20), span("r", null, 0), span("c1", "r", 10), span("g", "c1", 11)));
    assertThat(roots).extracting(SpanView::spanId).containsExactly("r");
    assertThat(roots.get(0).children()).extracting(SpanView::spanId).containsExactly("c1", "c2");
    assertThat(roots.get(0).children().get(0).children())
        .extracting(SpanView::spanId)
        .containsExactly("g");
  }

  @Test
  void spanWhoseParentIsMissingBecomesARootSoNothingIsHidden() {
    List<SpanView> roots =
        TraceTreeBuilder.build(List.of(span("r", null, 0), span("orphan", "never-arrived", 5)));
    assertThat(roots).extracting(SpanView::spanId).containsExactly("r", "orphan");
  }

  @Test
  void parentCyclesAndSelfParentsStillShowEverySpanOnce() {
    List<SpanView> roots =
        TraceTreeBuilder.build(
            List.of(span("a", "b", 0), span("b", "a", 1), span("self", "self", 2)));
    List<String> all = new ArrayList<>();
    collect(roots, all);
    assertThat(all).containsExactlyInAnyOrder("a", "b", "self");
  }

  @Test
  void deepAndWideTracesBuildWithoutRecursion() {
    List<SpanView> chain = new ArrayList<>();
    chain.add(span("0", null, 0));
    for (int i = 1; i < 20_000; i++) {
      chain.add(span(String.valueOf(i), String.valueOf(i - 1), i));
    }
    Collections.shuffle(chain);
    List<SpanView> roots = TraceTreeBuilder.build(chain);
    assertThat(roots).hasSize(1);
    int depth = 0;
    SpanView node = roots.get(0);
    while (!node.children().isEmpty()) {
      node = node.children().get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(19_999);
  }

  private static void collect(List<SpanView> spans, List<String> into) {
    for (SpanView s : spans) {
      into.add(s.spanId());
      collect(s.children(), into);
    }
  }
}
