package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.ingest.otlp.DecodedLink;
import dev.weft.server.ingest.otlp.DecodedResource;
import dev.weft.server.ingest.otlp.DecodedScope;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpan;
import dev.weft.server.normalize.ChatMessage;
import dev.weft.server.normalize.SpanCategory;
import dev.weft.server.normalize.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanRowMapperTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static DecodedSpan span(long start, long end) {
    return new DecodedSpan(
        new byte[16],
        new byte[8],
        null,
        "",
        "chat",
        3,
        start,
        end,
        Map.of(),
        List.of(),
        List.of(
            new DecodedLink(
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                Map.of("k", "v"))),
        2,
        "boom",
        new DecodedResource(Map.of("service.name", "svc")),
        new DecodedScope("lib", "1.0"));
  }

  static CanonicalSpan canonical(List<ChatMessage> in, Object input, Map<String, Object> attrs) {
    return new CanonicalSpan(
        SpanCategory.CHAT,
        "chat",
        "openai",
        "gpt-4o",
        "gpt-4o-2024-08-06",
        in,
        List.of(),
        input,
        null,
        10L,
        5L,
        15L,
        null,
        null,
        null,
        "s",
        "r",
        "p",
        "3",
        null,
        Map.of(),
        "resp-1",
        List.of("stop"),
        null,
        null,
        "RateLimit",
        null,
        attrs,
        List.of());
  }

  @Test
  void mapsCanonicalFieldsAndMessagesToColumns() throws Exception {
    ChatMessage assistant =
        new ChatMessage(
            "assistant",
            null,
            List.of(),
            List.of(new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}")),
            null,
            null,
            "tool_calls");
    SpanRow row =
        SpanRowMapper.toRow(
            42,
            span(1_700_000_000_123_456_789L, 1_700_000_001_123_456_789L),
            canonical(List.of(ChatMessage.text("user", "hi"), assistant), null, Map.of("x", 1L)),
            0.5);

    assertThat(row.projectId()).isEqualTo(42);
    assertThat(row.category()).isEqualTo("chat");
    assertThat(row.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(row.durationNanos()).isEqualTo(1_000_000_000L);
    assertThat(row.startTime().toString()).isEqualTo("2023-11-14T22:13:20.123456789Z");
    assertThat(row.statusCode()).isEqualTo((short) 2);
    assertThat(row.statusMessage()).isEqualTo("boom");
    assertThat(row.costUsd()).isEqualTo(0.5);
    JsonNode input = JSON.readTree(row.inputJson());
    assertThat(input.at("/messages/0/content").asText()).isEqualTo("hi");
    assertThat(input.at("/messages/1/toolCalls/0/name").asText()).isEqualTo("get_weather");
    assertThat(input.at("/messages/1/finishReason").asText()).isEqualTo("tool_calls");
    assertThat(input.at("/messages/1").has("content")).isFalse();
    assertThat(row.outputJson()).isNull();
    assertThat(JSON.readTree(row.linksJson()).at("/0/traceId").asText())
        .isEqualTo("0102030405060708090a0b0c0d0e0f10");
    assertThat(JSON.readTree(row.resourceJson()).at("/scope/name").asText()).isEqualTo("lib");
  }

  @Test
  void nonMessageInputIsWrappedAsValueAndNulEscapesAreReplaced() throws Exception {
    SpanRow row =
        SpanRowMapper.toRow(
            1,
            span(1, 2),
            canonical(List.of(), Map.of("q", "a\u0000b"), Map.of("k", "c\u0000d")),
            null);
    assertThat(row.inputJson()).doesNotContain("\\u0000");
    assertThat(JSON.readTree(row.inputJson()).at("/value/q").asText()).isEqualTo("a\uFFFDb");
    assertThat(JSON.readTree(row.attributesJson()).get("k").asText()).isEqualTo("c\uFFFDd");
  }

  @Test
  void onlyRealNulEscapesAreReplacedNotABackslashFollowedByTheirText() throws Exception {
    Map<String, Object> value = Map.of("nul", "a\u0000b", "text", "c\\u0000d", "both", "\\\u0000");
    SpanRow row = SpanRowMapper.toRow(1, span(1, 2), canonical(List.of(), value, Map.of()), null);

    JsonNode input = JSON.readTree(row.inputJson()).get("value");
    assertThat(input.get("nul").asText()).isEqualTo("a\uFFFDb");
    assertThat(input.get("text").asText()).isEqualTo("c\\u0000d");
    assertThat(input.get("both").asText()).isEqualTo("\\\uFFFD");
    assertThat(SpanRowMapper.withoutNulEscapes("\"x\\\\u0000\\u0000\\\"\\"))
        .isEqualTo("\"x\\\\u0000\\uFFFD\\\"\\");
  }

  @Test
  void timesAreTheInstantsInUtcAlsoBeforeTheEpoch() {
    for (long nanos :
        new long[] {
          0,
          1,
          -1,
          999_999_999,
          -1_000_000_000,
          -1_000_000_001,
          1_700_000_000_123_456_789L,
          Long.MAX_VALUE,
          Long.MIN_VALUE
        }) {
      assertThat(SpanRowMapper.time(nanos))
          .isEqualTo(
              java.time.OffsetDateTime.ofInstant(
                  java.time.Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L),
                  java.time.ZoneOffset.UTC));
    }
  }

  @Test
  void aRowThatCannotBeWrittenLeavesNothingBehindForTheNextRow() throws Exception {
    Object deep = "leaf";
    for (int i = 0; i < 1_100; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SpanRowMapper.toRow(
                    1, span(1, 2), canonical(List.of(), null, Map.of("deep", tooDeep)), null))
        .isInstanceOf(IllegalStateException.class);
    SpanRow row =
        SpanRowMapper.toRow(1, span(1, 2), canonical(List.of(), "in", Map.of("k", 1L)), null);
    assertThat(row.inputJson()).isEqualTo("{\"value\":\"in\"}");
    assertThat(row.attributesJson()).isEqualTo("{\"k\":1}");
  }

  @Test
  void nonFiniteNumbersBecomeValidJson() throws Exception {
    SpanRow row =
        SpanRowMapper.toRow(
            1, span(1, 2), canonical(List.of(), null, Map.of("nan", Double.NaN)), null);
    assertThat(JSON.readTree(row.attributesJson()).get("nan").asText()).isEqualTo("NaN");
  }
}
