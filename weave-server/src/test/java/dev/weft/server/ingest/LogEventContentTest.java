package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.ingest.LogEventRepository.Match;
import dev.weft.server.ingest.LogEventRepository.SpanContent;
import dev.weft.server.ingest.LogEventRepository.SpanKey;
import dev.weft.server.ingest.LogEventRepository.Waiting;
import dev.weft.server.ingest.otlp.DecodedEvent;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How waiting GenAI log events become the input and output of their span (no database). */
class LogEventContentTest {

  static final byte[] TRACE = new byte[16];
  static final byte[] SPAN = new byte[8];

  static {
    TRACE[0] = 1;
    SPAN[0] = 2;
  }

  static Match stored(long id, byte[] span, String name, long time, Map<String, Object> attrs) {
    OffsetDateTime start = OffsetDateTime.parse("2026-11-27T10:00:00Z");
    return new Match(
        new Waiting(
            id, 7L, TRACE, span, start, LogEventJson.write(new DecodedEvent(name, time, attrs))),
        start);
  }

  static Map<String, Object> body(Object body) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.system", "openai");
    attrs.put("body", body);
    return attrs;
  }

  @Test
  void messageEventsOfOneSpanBecomeItsInputAndChoicesItsOutputInTimeOrder() {
    byte[] other = SPAN.clone();
    other[7] = 9;
    List<SpanContent> contents =
        new LogEventService()
            .contents(
                List.of(
                    stored(
                        1,
                        SPAN,
                        "gen_ai.choice",
                        300,
                        body(
                            Map.of(
                                "index",
                                0,
                                "finish_reason",
                                "tool_calls",
                                "message",
                                Map.of(
                                    "tool_calls",
                                    List.of(
                                        Map.of(
                                            "id",
                                            "c1",
                                            "type",
                                            "function",
                                            "function",
                                            Map.of(
                                                "name",
                                                "weather",
                                                "arguments",
                                                "{\"city\":\"Paris\"}"))))))),
                    stored(
                        2, SPAN, "gen_ai.user.message", 200, body(Map.of("content", "Weather?"))),
                    stored(
                        3,
                        SPAN,
                        "gen_ai.system.message",
                        100,
                        body(Map.of("content", "Be brief."))),
                    stored(
                        4, other, "gen_ai.user.message", 100, body(Map.of("content", "Other")))));

    assertThat(contents).hasSize(2);
    SpanContent first = contents.get(0);
    assertThat(first.spanId()).isEqualTo(SPAN);
    assertThat(first.input())
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather?\"}]}");
    assertThat(first.output())
        .contains("\"role\":\"assistant\"")
        .contains("\"toolCalls\":[{\"id\":\"c1\",\"name\":\"weather\"")
        .contains("\"finishReason\":\"tool_calls\"");
    assertThat(contents.get(1).input()).contains("Other");
    assertThat(contents.get(1).output()).isNull();
  }

  @Test
  void onlyEventsWhoseSpanIsStoredAreMatched() {
    byte[] missing = SPAN.clone();
    missing[7] = 5;
    Waiting stored = stored(1, SPAN, "gen_ai.user.message", 100, body(Map.of())).event();
    Waiting waiting = stored(2, missing, "gen_ai.user.message", 100, body(Map.of())).event();
    OffsetDateTime start = OffsetDateTime.parse("2026-11-27T09:59:00Z");

    List<Match> matches =
        LogEventService.matches(List.of(stored, waiting), Map.of(SpanKey.of(stored), start));

    assertThat(matches).extracting(m -> m.event().id()).containsExactly(1L);
    assertThat(matches.get(0).spanStart()).isEqualTo(start);
  }

  @Test
  void eventsWithoutReadableContentGiveTheSpanNothing() {
    List<SpanContent> contents =
        new LogEventService()
            .contents(List.of(stored(1, SPAN, "gen_ai.user.message", 100, body("not an object"))));
    assertThat(contents).isEmpty();
  }

  @Test
  void theStoredEventReadsBackAsItWasWritten() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.system", "openai");
    attrs.put("n", 3L);
    attrs.put("body", Map.of("content", "a\u0000b"));
    DecodedEvent event = new DecodedEvent("gen_ai.user.message", 1_760_000_000_000_000_123L, attrs);

    DecodedEvent back = LogEventJson.read(LogEventJson.write(event));

    assertThat(back.name()).isEqualTo(event.name());
    assertThat(back.timeUnixNano()).isEqualTo(event.timeUnixNano());
    assertThat(back.attributes().get("gen_ai.system")).isEqualTo("openai");
    assertThat(((Number) back.attributes().get("n")).longValue()).isEqualTo(3L);
    // PostgreSQL's jsonb refuses NUL: it is stored as U+FFFD, as in every stored document.
    assertThat(back.attributes().get("body")).isEqualTo(Map.of("content", "a\uFFFDb"));
    assertThat(LogEventJson.read("{\"name\":1}")).isNull();
    assertThat(LogEventJson.read("not json")).isNull();
  }
}
