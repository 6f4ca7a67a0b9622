package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The payloads are what the benchmark claims: LLM-sized spans, valid trees, never-repeated ids. */
class LlmTraceGeneratorTest {

  private static final long NOW = 1_760_000_000_000_000_000L;

  private static List<Span> spans(ExportTraceServiceRequest request) {
    return request.getResourceSpans(0).getScopeSpans(0).getSpansList();
  }

  @Test
  void spansCarryAboutOneAndAHalfKilobytesOfAttributes() {
    LlmTraceGenerator generator = new LlmTraceGenerator(1, NOW);
    long total = 0;
    long chatTotal = 0;
    int n = 0;
    int chats = 0;
    for (int i = 0; i < 20; i++) {
      for (Span span : spans(generator.request(100))) {
        int bytes = LlmTraceGenerator.attributeBytes(span);
        total += bytes;
        n++;
        if (span.getName().startsWith("chat ")) {
          chatTotal += bytes;
          chats++;
        }
      }
    }
    assertThat((double) total / n).isBetween(1300.0, 1800.0);
    assertThat((double) chatTotal / chats).isBetween(1500.0, 2600.0);
  }

  @Test
  void chatSpansFollowTheGenAiConventions() {
    Span chat =
        spans(new LlmTraceGenerator(2, NOW).request(10)).stream()
            .filter(s -> s.getName().startsWith("chat "))
            .findFirst()
            .orElseThrow();
    Map<String, String> attributes = new HashMap<>();
    chat.getAttributesList().forEach(kv -> attributes.put(kv.getKey(), kv.getValue().toString()));
    assertThat(attributes)
        .containsKeys(
            "gen_ai.operation.name",
            "gen_ai.provider.name",
            "gen_ai.request.model",
            "gen_ai.response.model",
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens",
            "gen_ai.input.messages",
            "gen_ai.output.messages");
    String input =
        chat.getAttributesList().stream()
            .filter(kv -> kv.getKey().equals("gen_ai.input.messages"))
            .findFirst()
            .orElseThrow()
            .getValue()
            .getStringValue();
    List<?> messages = (List<?>) Json.parse(input);
    assertThat(((Map<?, ?>) messages.get(0)).get("role")).isEqualTo("system");
    assertThat(((Map<?, ?>) messages.get(1)).get("role")).isEqualTo("user");
  }

  @Test
  void requestsHoldExactlyTheAskedSpansWithParentsInsideTheirTrace() {
    List<Span> spans = spans(new LlmTraceGenerator(3, NOW).request(100));
    assertThat(spans).hasSize(100);
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.getTraceId().toStringUtf8() + s.getSpanId().toStringUtf8()));
    for (Span s : spans) {
      if (!s.getParentSpanId().isEmpty()) {
        assertThat(ids)
            .contains(s.getTraceId().toStringUtf8() + s.getParentSpanId().toStringUtf8());
      }
    }
  }

  @Test
  void freshIdsAreUniqueAndKeepTheTreeIntact() throws Exception {
    ExportTraceServiceRequest original = new LlmTraceGenerator(4, NOW).request(100);
    RequestTemplate template = RequestTemplate.of(original);
    SplittableRandom random = new SplittableRandom(5);
    Set<String> seen = new HashSet<>();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ExportTraceServiceRequest copy =
          ExportTraceServiceRequest.parseFrom(template.withFreshIds(random));
      List<Span> spans = spans(copy);
      assertThat(spans).hasSize(100);
      Map<String, Span> bySpanId = new HashMap<>();
      for (Span s : spans) {
        assertThat(s.getTraceId().size()).isEqualTo(16);
        assertThat(s.getSpanId().size()).isEqualTo(8);
        assertThat(seen.add(s.getTraceId().toStringUtf8() + "/" + s.getSpanId().toStringUtf8()))
            .isTrue();
        bySpanId.put(s.getSpanId().toStringUtf8(), s);
      }
      for (int k = 0; k < spans.size(); k++) {
        Span s = spans.get(k);
        Span before = spans(original).get(k);
        // Everything but the ids is unchanged; parents still point into the same trace.
        assertThat(s.getName()).isEqualTo(before.getName());
        assertThat(s.getAttributesList()).isEqualTo(before.getAttributesList());
        assertThat(s.getParentSpanId().isEmpty()).isEqualTo(before.getParentSpanId().isEmpty());
        if (!s.getParentSpanId().isEmpty()) {
          Span parent = bySpanId.get(s.getParentSpanId().toStringUtf8());
          assertThat(parent).isNotNull();
          assertThat(parent.getTraceId()).isEqualTo(s.getTraceId());
        }
      }
      all.addAll(spans);
    }
    assertThat(all).hasSize(5000);
  }

  @Test
  void modelRowsHaveEveryColumnAndReKeyIntoUniqueRows() {
    ExportTraceServiceRequest request = new LlmTraceGenerator(6, NOW).request(40);
    List<String[]> rows = SpanRowModel.rows(1, List.of(request));
    assertThat(rows).hasSize(40);
    rows.forEach(r -> assertThat(r).hasSize(CopyRows.COLUMNS.size()));
    CopyRows copyRows = CopyRows.fromFields(rows, "test");
    CopyRows.Batch batch = new CopyRows.Batch();
    int written = copyRows.writeBatch(batch, 500, new SplittableRandom(7));
    String text =
        new String(batch.bytes(), 0, batch.size(), java.nio.charset.StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(written);
    Set<String> keys = new HashSet<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      assertThat(f).hasSize(CopyRows.COLUMNS.size());
      assertThat(keys.add(f[1] + f[2])).isTrue();
      // The stored message shape, valid JSON once COPY's escaping is undone.
      assertThat(Json.parse(f[CopyRows.COLUMNS.indexOf("input")].replace("\\\\", "\\")))
          .isNotNull();
    }
  }
}
