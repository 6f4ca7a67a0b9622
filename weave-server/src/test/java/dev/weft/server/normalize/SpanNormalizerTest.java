package dev.weft.server.normalize;

import static dev.weft.server.normalize.Expected.msg;
import static dev.weft.server.normalize.Expected.toolCalls;
import static dev.weft.server.normalize.Expected.toolResult;
import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour across conventions: precedence, what is kept, and robustness against garbage. */
class SpanNormalizerTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  // ------------------------------------------------------------------------------ precedence

  @Test
  void weftBeatsOtelBeatsOpenInferenceBeatsOpenLlmetry() {
    DecodedSpan span =
        Spans.span()
            .attr("weft.span.kind", "agent")
            .attr("gen_ai.operation.name", "chat")
            .attr("openinference.span.kind", "TOOL")
            .attr("llm.request.type", "embedding")
            .attr("weft.session.id", "weft-session")
            .attr("gen_ai.conversation.id", "otel-session")
            .attr("session.id", "oi-session")
            .attr("traceloop.association.properties.session_id", "tl-session")
            .attr("weft.cost", 0.5)
            .attr("llm.cost.total", 0.9)
            .attr("gen_ai.request.model", "gpt-4o")
            .attr("llm.model_name", "gpt-4o-mini")
            .attr("gen_ai.provider.name", "openai")
            .attr("llm.provider", "azure")
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.category()).isEqualTo(SpanCategory.AGENT);
    assertThat(c.operationName()).isEqualTo("chat");
    assertThat(c.sessionId()).isEqualTo("weft-session");
    assertThat(c.reportedCost()).isEqualTo(0.5);
    assertThat(c.requestModel()).isEqualTo("gpt-4o");
    assertThat(c.provider()).isEqualTo("openai");
  }

  @Test
  void laterConventionsFillOnlyWhatEarlierOnesLeftEmpty() {
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.conversation.id", "otel-session")
            .attr("traceloop.association.properties.session_id", "tl-session")
            .attr("openinference.span.kind", "LLM")
            .attr("llm.request.type", "embedding")
            .attr("llm.token_count.prompt", 10L)
            .attr("gen_ai.usage.completion_tokens", 4L)
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.sessionId()).isEqualTo("otel-session");
    assertThat(c.category()).isEqualTo(SpanCategory.LLM);
    assertThat(c.inputTokens()).isEqualTo(10L);
    assertThat(c.outputTokens()).isEqualTo(4L);
    assertThat(c.totalTokens()).isEqualTo(14L);
  }

  @Test
  void otelMessagesWinAndTheUnusedOpenInferenceMessagesStayInAttributes() {
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.operation.name", "chat")
            .attr(
                "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"otel\"}]}]")
            .attr("llm.input_messages.0.message.role", "user")
            .attr("llm.input_messages.0.message.content", "openinference")
            .attr("llm.output_messages.0.message.role", "assistant")
            .attr("llm.output_messages.0.message.content", "answer")
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.inputMessages()).containsExactly(msg("user", "otel"));
    assertThat(c.outputMessages()).containsExactly(msg("assistant", "answer"));
    assertThat(c.attributes())
        .containsOnlyKeys(
            "gen_ai.operation.name",
            "llm.input_messages.0.message.role",
            "llm.input_messages.0.message.content");
  }

  @Test
  void requestParametersMergePerNameWithTheFirstConventionWinning() {
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.request.temperature", 0.1)
            .attr("llm.invocation_parameters", "{\"temperature\": 0.9, \"max_tokens\": 64}")
            .attr("llm.top_k", 5L)
            .build();

    assertThat(normalizer.normalize(span).requestParameters())
        .containsExactlyInAnyOrderEntriesOf(
            map("temperature", 0.1, "max_tokens", 64L, "top_k", 5L));
  }

  @Test
  void noConventionMeansOther() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span().name("GET /health").attr("http.request.method", "GET").build());

    assertThat(c.category()).isEqualTo(SpanCategory.OTHER);
    assertThat(c.operationName()).isNull();
    assertThat(c.inputMessages()).isNull();
    assertThat(c.totalTokens()).isNull();
    assertThat(c.requestParameters()).isEmpty();
    assertThat(c.attributes()).containsExactly(Map.entry("http.request.method", "GET"));
  }

  // ------------------------------------------------------------------------------ attributes

  @Test
  void unknownAttributesAreKeptVerbatimInWireOrder() {
    Map<String, Object> nested = map("a", List.of(1L, "two", map("b", true)));
    DecodedSpan span =
        Spans.span()
            .attr("zz.custom", "first")
            .attr("gen_ai.operation.name", "chat")
            .attr("my.nested", nested)
            .attr("gen_ai.input.messages", "[]")
            .attr("aa.flag", true)
            .attr("bb.number", 3.5)
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(new ArrayList<>(c.attributes().keySet()))
        .containsExactly(
            "zz.custom",
            "gen_ai.operation.name",
            "my.nested",
            "gen_ai.input.messages",
            "aa.flag",
            "bb.number");
    assertThat(c.attributes().get("my.nested")).isSameAs(nested);
  }

  @Test
  void onlyContentKeysThatWereUsedAreRemoved() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.system_instructions", "Be nice.");
    attrs.put("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[]}]");
    attrs.put("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[]}]");
    attrs.put("gen_ai.tool.call.arguments", "{}");
    attrs.put("gen_ai.tool.call.result", "ok");
    attrs.put("input.value", "in");
    attrs.put("output.value", "out");
    attrs.put("gen_ai.prompt.0.content", "p");
    attrs.put("gen_ai.completion.0.content", "c");
    attrs.put("traceloop.entity.input", "1");
    attrs.put("traceloop.entity.output", "2");
    attrs.put("gen_ai.request.model", "gpt-4o");
    attrs.put("gen_ai.usage.input_tokens", 3L);
    attrs.put("input.mime_type", "text/plain");
    attrs.put("custom.key", "kept");

    CanonicalSpan c = normalizer.normalize(Spans.span().attrs(attrs).build());

    assertThat(c.attributes())
        .containsOnlyKeys(
            // Content of later conventions that lost to the OTel content is not consumed.
            "input.value",
            "output.value",
            "gen_ai.prompt.0.content",
            "gen_ai.completion.0.content",
            "traceloop.entity.input",
            "traceloop.entity.output",
            "gen_ai.request.model",
            "gen_ai.usage.input_tokens",
            "input.mime_type",
            "custom.key");
    assertThat(c.input()).isEqualTo(Map.of());
    assertThat(c.output()).isEqualTo("ok");
  }

  @Test
  void retrieverOutputValueRepeatingTheDocumentsIsConsumedWithThem() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .attr("openinference.span.kind", "RETRIEVER")
                .attr("retrieval.documents.0.document.content", "doc")
                .attr("output.value", "{\"documents\": [\"doc\"]}")
                .attr("output.mime_type", "application/json")
                .build());

    assertThat(c.output()).isEqualTo(List.of(map("content", "doc")));
    assertThat(c.attributes()).containsOnlyKeys("openinference.span.kind", "output.mime_type");
  }

  @Test
  void exceptionEventGivesTheErrorAndStaysInEvents() {
    DecodedEvent exception =
        Spans.event(
            "exception",
            map(
                "exception.type", "java.net.SocketTimeoutException",
                "exception.message", "Read timed out",
                "exception.stacktrace", "java.net.SocketTimeoutException: Read timed out\n\tat"));
    DecodedEvent other = Spans.event("retry", map("attempt", 2L));
    DecodedSpan span =
        Spans.span()
            .attr("openinference.span.kind", "LLM")
            .event(other.name(), other.attributes())
            .event(exception.name(), exception.attributes())
            .status(2, "Read timed out")
            .build();

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.errorType()).isEqualTo("java.net.SocketTimeoutException");
    assertThat(c.errorMessage()).isEqualTo("Read timed out");
    assertThat(c.events()).containsExactly(other, exception);
  }

  // ------------------------------------------------------------------------------ tool round trips

  @Test
  void otelTwoTurnToolCallingLinksCallToResult() {
    DecodedSpan turn1 =
        Spans.span()
            .attr("gen_ai.operation.name", "chat")
            .attr(
                "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in"
                    + " Paris?\"}]}]")
            .attr(
                "gen_ai.output.messages",
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                    + "\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}}],"
                    + "\"finish_reason\":\"tool_call\"}]")
            .build();
    DecodedSpan tool =
        Spans.span()
            .attr("gen_ai.operation.name", "execute_tool")
            .attr("gen_ai.tool.name", "get_weather")
            .attr("gen_ai.tool.call.id", "call_1")
            .attr("gen_ai.tool.call.arguments", map("location", "Paris"))
            .attr("gen_ai.tool.call.result", map("forecast", "rainy"))
            .build();
    DecodedSpan turn2 =
        Spans.span()
            .attr("gen_ai.operation.name", "chat")
            .attr(
                "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in"
                    + " Paris?\"}]},"
                    + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                    + "\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}}]},"
                    + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\","
                    + "\"id\":\"call_1\",\"response\":{\"forecast\":\"rainy\"}}]}]")
            .attr(
                "gen_ai.output.messages",
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Rainy.\"}],"
                    + "\"finish_reason\":\"stop\"}]")
            .build();

    CanonicalSpan first = normalizer.normalize(turn1);
    CanonicalSpan call = normalizer.normalize(tool);
    CanonicalSpan second = normalizer.normalize(turn2);

    ToolCall requested = first.outputMessages().get(0).toolCalls().get(0);
    assertThat(requested)
        .isEqualTo(new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}"));
    assertThat(call.category()).isEqualTo(SpanCategory.TOOL);
    assertThat(call.toolCallId()).isEqualTo(requested.id());
    assertThat(call.input()).isEqualTo(map("location", "Paris"));
    assertThat(call.output()).isEqualTo(map("forecast", "rainy"));
    assertThat(second.inputMessages())
        .containsExactly(
            msg("user", "Weather in Paris?"),
            toolCalls("assistant", null, requested),
            toolResult("call_1", "{\"forecast\":\"rainy\"}"));
    assertThat(second.outputMessages().get(0).content()).isEqualTo("Rainy.");
  }

  @Test
  void openInferenceTwoTurnToolCallingLinksCallToResult() {
    DecodedSpan turn2 =
        Spans.span()
            .attr("openinference.span.kind", "LLM")
            .attr("llm.input_messages.0.message.role", "user")
            .attr("llm.input_messages.0.message.content", "Weather in Paris?")
            .attr("llm.input_messages.1.message.role", "assistant")
            .attr("llm.input_messages.1.message.tool_calls.0.tool_call.id", "call_1")
            .attr(
                "llm.input_messages.1.message.tool_calls.0.tool_call.function.name", "get_weather")
            .attr(
                "llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments",
                "{\"location\": \"Paris\"}")
            .attr("llm.input_messages.2.message.role", "tool")
            .attr("llm.input_messages.2.message.tool_call_id", "call_1")
            .attr("llm.input_messages.2.message.content", "rainy")
            .attr("llm.output_messages.0.message.role", "assistant")
            .attr("llm.output_messages.0.message.content", "Rainy.")
            .build();

    CanonicalSpan c = normalizer.normalize(turn2);

    assertThat(c.inputMessages())
        .containsExactly(
            msg("user", "Weather in Paris?"),
            toolCalls(
                "assistant",
                null,
                new ToolCall("call_1", "get_weather", "{\"location\": \"Paris\"}")),
            toolResult("call_1", "rainy"));
    assertThat(c.outputMessages()).containsExactly(msg("assistant", "Rainy."));
    assertThat(c.attributes()).containsOnlyKeys("openinference.span.kind");
  }

  @Test
  void openLlmetryTwoTurnToolCallingLinksCallToResult() {
    DecodedSpan turn2 =
        Spans.span()
            .attr("llm.request.type", "chat")
            .attr("gen_ai.prompt.0.role", "user")
            .attr("gen_ai.prompt.0.content", "Weather in Paris?")
            .attr("gen_ai.prompt.1.role", "assistant")
            .attr("gen_ai.prompt.1.tool_calls.0.id", "call_1")
            .attr("gen_ai.prompt.1.tool_calls.0.name", "get_weather")
            .attr("gen_ai.prompt.1.tool_calls.0.arguments", "{\"location\":\"Paris\"}")
            .attr("gen_ai.prompt.2.role", "tool")
            .attr("gen_ai.prompt.2.tool_call_id", "call_1")
            .attr("gen_ai.prompt.2.content", "rainy")
            .attr("gen_ai.completion.0.role", "assistant")
            .attr("gen_ai.completion.0.content", "Rainy.")
            .attr("gen_ai.completion.0.finish_reason", "stop")
            .build();

    CanonicalSpan c = normalizer.normalize(turn2);

    assertThat(c.inputMessages())
        .containsExactly(
            msg("user", "Weather in Paris?"),
            toolCalls(
                "assistant",
                null,
                new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}")),
            toolResult("call_1", "rainy"));
    assertThat(c.outputMessages())
        .containsExactly(Expected.finished("assistant", "Rainy.", "stop"));
    assertThat(c.finishReasons()).containsExactly("stop");
  }

  // ------------------------------------------------------------------------------ never throws

  @Test
  void nullSpanGivesAnEmptyOtherSpan() {
    CanonicalSpan c = normalizer.normalize(null);

    assertThat(c.category()).isEqualTo(SpanCategory.OTHER);
    assertThat(c.attributes()).isEmpty();
    assertThat(c.events()).isEmpty();
  }

  @Test
  void spanWithNullCollectionsDoesNotThrow() {
    DecodedSpan span =
        new DecodedSpan(
            new byte[16],
            new byte[8],
            null,
            null,
            null,
            0,
            0,
            0,
            null,
            Arrays.asList(
                null, new DecodedEvent(null, 0, null), new DecodedEvent("exception", 0, null)),
            null,
            0,
            null,
            null,
            null);

    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.category()).isEqualTo(SpanCategory.OTHER);
    assertThat(c.attributes()).isEmpty();
    assertThat(c.events()).hasSize(3);
  }

  @Test
  void wrongTypesUnderEveryKnownKeyAreIgnoredAndKept() {
    List<Object> garbage =
        Arrays.asList(
            null,
            true,
            -5L,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            "",
            "   ",
            "{",
            "[",
            "[1, 2",
            "null",
            "[null, 3, \"x\", [], {}]",
            "{\"role\": 5, \"parts\": \"no\"}",
            List.of(),
            Collections.singletonList(null),
            List.of(List.of(List.of())),
            map("parts", map("type", 7L)),
            map("role", List.of("user"), "parts", List.of(map("type", List.of()))),
            List.of(map("type", "tool_call", "arguments", map("x", Double.NaN))),
            List.of(map("role", "tool", "parts", List.of(map("type", "tool_call_response")))));
    for (String key : knownKeys()) {
      for (Object value : garbage) {
        DecodedSpan span =
            Spans.span()
                .attr(key, value)
                .attr(key + ".0.message.role", value)
                .attr(key + ".0.tool_calls.0.id", value)
                .event(key, map("content", value, "message", value, "tool_calls", value))
                .event("gen_ai.choice", map("message", value, "index", value))
                .resource(key, value)
                .build();
        assertConventionsDoNotThrow(span);
        CanonicalSpan c = normalizer.normalize(span);
        assertThat(c.attributes()).as("%s = %s", key, value).isNotNull();
      }
    }
  }

  @Test
  void randomAttributeSoupNeverThrows() {
    Random random = new Random(20241105L);
    List<String> keys = knownKeys();
    for (int i = 0; i < 3000; i++) {
      Spans.Builder b = Spans.span();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        String key = keys.get(random.nextInt(keys.size()));
        if (random.nextBoolean()) {
          key = key + "." + random.nextInt(3) + "." + keys.get(random.nextInt(keys.size()));
        }
        b.attr(key, randomValue(random, 3));
      }
      if (random.nextInt(4) == 0) {
        b.event(keys.get(random.nextInt(keys.size())), map("content", randomValue(random, 3)));
      }
      assertConventionsDoNotThrow(b.build());
    }
  }

  @Test
  void hugeAndDeepValuesNeverThrow() {
    List<Object> hugeList = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      hugeList.add(map("role", "user", "parts", List.of(map("type", "text", "content", "x"))));
    }
    Object deep = "leaf";
    for (int i = 0; i < 5_000; i++) {
      deep = List.of(deep);
    }
    DecodedSpan span =
        Spans.span()
            .attr("gen_ai.input.messages", hugeList)
            .attr("gen_ai.output.messages", "[".repeat(100_000))
            .attr("gen_ai.tool.call.arguments", deep)
            .attr("gen_ai.system_instructions", List.of(map("type", "text", "content", deep)))
            .attr("llm.input_messages.999999999.message.content", "far away")
            .attr("llm.input_messages.99999999999999.message.content", "too far")
            .attr("gen_ai.prompt.-1.content", "negative")
            .build();

    assertConventionsDoNotThrow(span);
    CanonicalSpan c = normalizer.normalize(span);

    assertThat(c.inputMessages()).isNotNull();
    assertThat(c.attributes())
        .containsKeys(
            "gen_ai.system_instructions",
            "gen_ai.output.messages",
            "llm.input_messages.99999999999999.message.content",
            "gen_ai.prompt.-1.content");
  }

  /**
   * Each convention on its own (without the normalizer's safety net, which would hide a convention
   * that gives up half-way) and then the whole normalizer.
   */
  private void assertConventionsDoNotThrow(DecodedSpan span) {
    for (Convention convention : SpanNormalizer.CONVENTIONS) {
      assertThatCode(
              () -> {
                CanonicalSpanBuilder b = new CanonicalSpanBuilder();
                convention.apply(span, b);
                b.build(span);
              })
          .as("%s on %s", convention.getClass().getSimpleName(), span.attributes().keySet())
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> normalizer.normalize(span)).doesNotThrowAnyException();
  }

  private static Object randomValue(Random random, int depth) {
    int pick = random.nextInt(depth > 0 ? 10 : 6);
    return switch (pick) {
      case 0 -> random.nextLong();
      case 1 -> random.nextDouble() * (random.nextBoolean() ? 1e20 : -1);
      case 2 -> random.nextBoolean();
      case 3 -> randomJson(random);
      case 4 -> Integer.toString(random.nextInt(1000));
      case 5 -> null;
      case 6, 7 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("role", "parts", "type", "content", "id", "name", "arguments")) {
          if (random.nextBoolean()) {
            m.put(k, randomValue(random, depth - 1));
          }
        }
        yield m;
      }
    };
  }

  private static String randomJson(Random random) {
    String[] samples = {
      "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":1}]}]",
      "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\"}]}]",
      "{\"index\": \"x\", \"message\": []}",
      "[{\"type\":\"tool_call_response\"}]",
      "{\"a\": NaN}",
      "[[[[",
      "\"just a string\"",
      "[{\"type\": \"text\", \"text\": null}]",
      "{}",
      "[]"
    };
    String s = samples[random.nextInt(samples.length)];
    return random.nextInt(5) == 0 ? s.substring(0, random.nextInt(s.length() + 1)) : s;
  }

  /** Every attribute key and event name some convention reads. */
  private static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    keys.addAll(WeftConvention.TEXTS.keySet());
    keys.addAll(List.of(WeftConvention.SPAN_KIND, WeftConvention.COST));
    keys.addAll(SpringAiConvention.TEXTS.keySet());
    keys.addAll(
        List.of(
            SpringAiConvention.KIND,
            SpringAiConvention.TOOL_ARGUMENTS,
            SpringAiConvention.TOOL_RESULT,
            SpringAiConvention.QUERY,
            SpringAiConvention.DOCUMENTS,
            "db.operation.name"));
    keys.addAll(OtelGenAiConvention.TEXTS.keySet());
    keys.addAll(OtelGenAiConvention.COUNTS.keySet());
    keys.addAll(
        List.of(
            "gen_ai.response.finish_reasons",
            "gen_ai.request.temperature",
            OtelGenAiConvention.SYSTEM_INSTRUCTIONS,
            OtelGenAiConvention.INPUT_MESSAGES,
            OtelGenAiConvention.OUTPUT_MESSAGES,
            OtelGenAiConvention.TOOL_ARGUMENTS,
            OtelGenAiConvention.TOOL_RESULT,
            OtelGenAiConvention.RETRIEVAL_QUERY,
            OtelGenAiConvention.RETRIEVAL_DOCUMENTS,
            "gen_ai.prompt",
            "gen_ai.content.prompt",
            "gen_ai.completion",
            "gen_ai.system.message",
            "gen_ai.user.message",
            "gen_ai.tool.message",
            "gen_ai.choice",
            "exception"));
    keys.addAll(OpenInferenceConvention.TEXTS.keySet());
    keys.addAll(OpenInferenceConvention.COUNTS.keySet());
    keys.addAll(OpenInferenceConvention.INVOCATION_PARAMETERS);
    keys.addAll(
        List.of(
            OpenInferenceConvention.SPAN_KIND,
            OpenInferenceConvention.INPUT_MESSAGES,
            OpenInferenceConvention.OUTPUT_MESSAGES,
            OpenInferenceConvention.PROMPTS,
            OpenInferenceConvention.CHOICES,
            OpenInferenceConvention.INPUT_VALUE,
            OpenInferenceConvention.INPUT_MIME,
            OpenInferenceConvention.OUTPUT_VALUE,
            OpenInferenceConvention.OUTPUT_MIME,
            OpenInferenceConvention.RETRIEVAL_DOCUMENTS,
            OpenInferenceConvention.RERANKER_INPUT_DOCUMENTS,
            OpenInferenceConvention.RERANKER_OUTPUT_DOCUMENTS,
            OpenInferenceConvention.COST,
            OpenInferenceConvention.FINISH_REASON));
    keys.addAll(OpenLlmetryConvention.TEXTS.keySet());
    keys.addAll(OpenLlmetryConvention.COUNTS.keySet());
    keys.addAll(OpenLlmetryConvention.REQUEST_PARAMETERS.keySet());
    keys.addAll(
        List.of(
            OpenLlmetryConvention.PROMPT,
            OpenLlmetryConvention.COMPLETION,
            OpenLlmetryConvention.ENTITY_NAME,
            OpenLlmetryConvention.ENTITY_INPUT,
            OpenLlmetryConvention.ENTITY_OUTPUT));
    return keys;
  }
}
