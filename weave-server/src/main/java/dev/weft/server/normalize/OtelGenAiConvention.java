package dev.weft.server.normalize;

import static java.util.Map.entry;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.ingest.otlp.GenAiLogEvents;
import dev.weft.server.normalize.CanonicalSpanBuilder.Count;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenTelemetry GenAI semantic conventions ({@code gen_ai.*}), current and older forms:
 *
 * <ul>
 *   <li>attributes: {@code gen_ai.operation.name}, {@code gen_ai.provider.name} (older {@code
 *       gen_ai.system}), models, response id and finish reasons, usage (older {@code
 *       prompt_tokens}/{@code completion_tokens}), {@code gen_ai.request.*} parameters, tool and
 *       conversation ids, {@code error.type};
 *   <li>content on attributes: {@code gen_ai.system_instructions}, {@code gen_ai.input.messages},
 *       {@code gen_ai.output.messages} (JSON string or structured), tool call arguments and result,
 *       retrieval query and documents;
 *   <li>content as span events (the older form): {@code gen_ai.system.message}, {@code
 *       gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code gen_ai.tool.message}, {@code
 *       gen_ai.choice}, and the oldest {@code gen_ai.content.prompt}/{@code
 *       gen_ai.content.completion} events and attributes (Spring AI, Quarkus LangChain4j).
 * </ul>
 *
 * <p>A span with model attributes but no operation name is hinted to be a chat call.
 */
final class OtelGenAiConvention implements Convention {

  static final String OPERATION = "gen_ai.operation.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
  static final String INPUT_MESSAGES = "gen_ai.input.messages";
  static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  static final String TOOL_ARGUMENTS = "gen_ai.tool.call.arguments";
  static final String TOOL_RESULT = "gen_ai.tool.call.result";
  static final String RETRIEVAL_QUERY = "gen_ai.retrieval.query.text";
  static final String RETRIEVAL_DOCUMENTS = "gen_ai.retrieval.documents";

  /** Scalar attributes, in precedence order per field. */
  static final Map<String, Text> TEXTS =
      Tables.linked(
          entry(OPERATION, Text.OPERATION_NAME),
          entry("gen_ai.provider.name", Text.PROVIDER),
          entry("gen_ai.system", Text.PROVIDER),
          entry(REQUEST_MODEL, Text.REQUEST_MODEL),
          entry(RESPONSE_MODEL, Text.RESPONSE_MODEL),
          entry("gen_ai.response.id", Text.RESPONSE_ID),
          entry("gen_ai.conversation.id", Text.SESSION_ID),
          entry("gen_ai.tool.name", Text.TOOL_NAME),
          entry("gen_ai.tool.call.id", Text.TOOL_CALL_ID),
          entry("error.type", Text.ERROR_TYPE));

  /** Token usage, current names before the older ones. */
  static final Map<String, Count> COUNTS =
      Tables.linked(
          entry("gen_ai.usage.input_tokens", Count.INPUT_TOKENS),
          entry("gen_ai.usage.prompt_tokens", Count.INPUT_TOKENS),
          entry("gen_ai.usage.output_tokens", Count.OUTPUT_TOKENS),
          entry("gen_ai.usage.completion_tokens", Count.OUTPUT_TOKENS),
          entry("gen_ai.usage.total_tokens", Count.TOTAL_TOKENS),
          entry("gen_ai.usage.cache_read.input_tokens", Count.CACHE_READ_TOKENS),
          entry("gen_ai.usage.cache_creation.input_tokens", Count.CACHE_WRITE_TOKENS));

  /** {@code gen_ai.operation.name} values (with Spring AI's and other common spellings). */
  static final Map<String, SpanCategory> OPERATIONS =
      Map.ofEntries(
          entry("chat", SpanCategory.CHAT),
          entry("generate_content", SpanCategory.CHAT),
          entry("text_completion", SpanCategory.LLM),
          entry("completion", SpanCategory.LLM),
          entry("embeddings", SpanCategory.EMBEDDING),
          entry("embedding", SpanCategory.EMBEDDING),
          entry("execute_tool", SpanCategory.TOOL),
          entry("invoke_agent", SpanCategory.AGENT),
          entry("create_agent", SpanCategory.AGENT),
          entry("retrieval", SpanCategory.RETRIEVER),
          entry("invoke_workflow", SpanCategory.CHAIN),
          entry("framework", SpanCategory.CHAIN));

  /** Prefixes of request-parameter attributes; the rest of the key names the parameter. */
  static final List<String> REQUEST_PARAMETER_PREFIXES =
      List.of("gen_ai.request.", "gen_ai.openai.request.");

  /** Span attributes of the oldest form: a prompt / completion as text or JSON messages. */
  static final List<String> LEGACY_PROMPT_KEYS = List.of("gen_ai.prompt", "gen_ai.content.prompt");

  static final List<String> LEGACY_COMPLETION_KEYS =
      List.of("gen_ai.completion", "gen_ai.content.completion");

  /** Message events (older form) and the role each implies. */
  static final Map<String, String> INPUT_MESSAGE_EVENTS =
      Map.of(
          "gen_ai.system.message", "system",
          "gen_ai.user.message", "user",
          "gen_ai.assistant.message", "assistant",
          "gen_ai.tool.message", "tool");

  static final String CHOICE_EVENT = "gen_ai.choice";
  static final String PROMPT_EVENT = "gen_ai.content.prompt";
  static final String COMPLETION_EVENT = "gen_ai.content.completion";

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    Map<String, Object> attrs = Convention.attributes(span);
    b.texts(TEXTS, attrs);
    b.counts(COUNTS, attrs);
    b.finishReasons(attrs.get("gen_ai.response.finish_reasons"));
    requestParameters(attrs, b);
    category(attrs, b);
    messagesFromAttributes(attrs, b);
    messagesFromEvents(span, b);
    toolAndRetrievalContent(attrs, b);
  }

  private static void category(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    Object op = attrs.get(OPERATION);
    if (op instanceof String s) {
      b.category(OPERATIONS.get(s.trim().toLowerCase(Locale.ROOT)));
    } else if (Values.text(attrs.get(REQUEST_MODEL)) != null
        || Values.text(attrs.get(RESPONSE_MODEL)) != null) {
      b.categoryHint(SpanCategory.CHAT);
    }
  }

  private static void requestParameters(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    for (String prefix : REQUEST_PARAMETER_PREFIXES) {
      attrs.forEach(
          (key, value) -> {
            if (key != null && key.startsWith(prefix) && !key.equals(REQUEST_MODEL)) {
              b.requestParameter(key.substring(prefix.length()), value);
            }
          });
    }
  }

  private static void messagesFromAttributes(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    List<ChatMessage> input = new ArrayList<>();
    List<String> inputKeys = new ArrayList<>();
    if (attrs.containsKey(SYSTEM_INSTRUCTIONS)) {
      ChatMessage system =
          Values.safely(() -> Messages.systemInstructions(attrs.get(SYSTEM_INSTRUCTIONS)));
      if (system != null) {
        input.add(system);
        inputKeys.add(SYSTEM_INSTRUCTIONS);
      }
    }
    if (attrs.containsKey(INPUT_MESSAGES)) {
      List<ChatMessage> messages =
          Values.safely(() -> Messages.fromPartsList(attrs.get(INPUT_MESSAGES)));
      if (messages != null) {
        input.addAll(messages);
        inputKeys.add(INPUT_MESSAGES);
      }
    }
    b.inputMessages(input, inputKeys);
    if (attrs.containsKey(OUTPUT_MESSAGES)) {
      b.outputMessages(
          Values.safely(() -> Messages.fromPartsList(attrs.get(OUTPUT_MESSAGES))),
          List.of(OUTPUT_MESSAGES));
    }
    for (String key : LEGACY_PROMPT_KEYS) {
      if (attrs.containsKey(key)) {
        b.inputMessages(Values.safely(() -> legacyMessages(attrs.get(key), "user")), List.of(key));
      }
    }
    for (String key : LEGACY_COMPLETION_KEYS) {
      if (attrs.containsKey(key)) {
        b.outputMessages(
            Values.safely(() -> legacyMessages(attrs.get(key), "assistant")), List.of(key));
      }
    }
  }

  private static void messagesFromEvents(DecodedSpan span, CanonicalSpanBuilder b) {
    List<DecodedEvent> events = Convention.events(span);
    if (events.isEmpty()) {
      return;
    }
    List<ChatMessage> input = new ArrayList<>();
    List<Integer> inputEvents = new ArrayList<>();
    List<Choice> choices = new ArrayList<>();
    List<ChatMessage> legacyOutput = new ArrayList<>();
    List<Integer> outputEvents = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      DecodedEvent event = events.get(i);
      String name = event == null ? null : event.name();
      if (name == null) {
        continue;
      }
      Map<String, Object> attrs = Convention.attributes(event);
      if (INPUT_MESSAGE_EVENTS.containsKey(name)) {
        Map<String, Object> body = eventBody(attrs);
        ChatMessage message =
            body == null
                ? null
                : Values.safely(() -> inputEventMessage(body, INPUT_MESSAGE_EVENTS.get(name)));
        if (message != null) {
          input.add(message);
          inputEvents.add(i);
        }
      } else if (CHOICE_EVENT.equals(name)) {
        Map<String, Object> body = eventBody(attrs);
        ChatMessage message = body == null ? null : Values.safely(() -> choiceMessage(body));
        if (message != null) {
          choices.add(new Choice(Values.count(body.get("index")), message));
          outputEvents.add(i);
        }
      } else if (PROMPT_EVENT.equals(name)) {
        List<ChatMessage> messages =
            Values.safely(() -> legacyMessages(attrs.get("gen_ai.prompt"), "user"));
        if (messages != null) {
          input.addAll(messages);
          inputEvents.add(i);
        }
      } else if (COMPLETION_EVENT.equals(name)) {
        List<ChatMessage> messages =
            Values.safely(() -> legacyMessages(attrs.get("gen_ai.completion"), "assistant"));
        if (messages != null) {
          legacyOutput.addAll(messages);
          outputEvents.add(i);
        }
      }
    }
    if (b.inputMessages(input, List.of())) {
      inputEvents.forEach(b::consumeEvent);
    }
    choices.sort(
        Comparator.comparing(Choice::index, Comparator.nullsLast(Comparator.naturalOrder())));
    List<ChatMessage> output = new ArrayList<>();
    choices.forEach(c -> output.add(c.message()));
    output.addAll(legacyOutput);
    if (b.outputMessages(output, List.of())) {
      outputEvents.forEach(b::consumeEvent);
    }
  }

  private static void toolAndRetrievalContent(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    Optional<Object> arguments = Json.content(attrs.get(TOOL_ARGUMENTS));
    arguments.ifPresent(v -> b.input(v, List.of(TOOL_ARGUMENTS)));
    Optional<Object> result = Json.content(attrs.get(TOOL_RESULT));
    result.ifPresent(v -> b.output(v, List.of(TOOL_RESULT)));
    Optional<Object> query = Json.content(attrs.get(RETRIEVAL_QUERY));
    query.ifPresent(v -> b.input(v, List.of(RETRIEVAL_QUERY)));
    Optional<Object> documents = Json.content(attrs.get(RETRIEVAL_DOCUMENTS));
    documents.ifPresent(v -> b.output(v, List.of(RETRIEVAL_DOCUMENTS)));
  }

  /**
   * The message body of an event: a JSON or structured {@code gen_ai.event.content} / {@code body}
   * attribute (Azure SDKs and log bridges), else the event attributes themselves. {@code null} when
   * an explicit body is there but unreadable.
   */
  private static Map<String, Object> eventBody(Map<String, Object> attrs) {
    for (String key : List.of("gen_ai.event.content", GenAiLogEvents.BODY)) {
      if (attrs.containsKey(key)) {
        return Values.mapOrJson(attrs.get(key));
      }
    }
    return attrs;
  }

  private static ChatMessage inputEventMessage(Map<String, Object> body, String role) {
    Map<String, Object> m = new LinkedHashMap<>(body);
    if (m.get("content") instanceof String s) {
      m.put("content", Messages.maybeParts(s));
    }
    if ("tool".equals(role) && !m.containsKey("tool_call_id")) {
      m.put("tool_call_id", m.get("id"));
    }
    return Messages.fromOpenAi(m, role);
  }

  private static ChatMessage choiceMessage(Map<String, Object> body) {
    Map<String, Object> message = Values.mapOrJson(body.get("message"));
    Map<String, Object> m = new LinkedHashMap<>(message != null ? message : body);
    if (!m.containsKey("tool_calls") && body.containsKey("tool_calls")) {
      m.put("tool_calls", body.get("tool_calls"));
    }
    if (body.containsKey("finish_reason")) {
      m.put("finish_reason", body.get("finish_reason"));
    }
    if (m.get("content") instanceof String s) {
      m.put("content", Messages.maybeParts(s));
    }
    return Messages.fromOpenAi(m, "assistant");
  }

  /**
   * Messages of the oldest form: a JSON list of OpenAI-shaped messages, a list of message objects
   * or plain texts (Spring AI), or a plain text (Quarkus LangChain4j). Plain texts take {@code
   * defaultRole} since the source names none. {@code null} when the value cannot be read.
   */
  static List<ChatMessage> legacyMessages(Object value, String defaultRole) {
    Object v = value;
    if (v instanceof String s) {
      if (!Json.looksLikeContainer(s)) {
        return s.isBlank() ? null : List.of(ChatMessage.text(defaultRole, s));
      }
      v = Json.parse(s).orElse(null);
      if (v instanceof Map<?, ?> single) {
        v = List.of(single);
      }
    }
    List<Object> items = Values.list(v);
    if (items == null) {
      return null;
    }
    List<ChatMessage> out = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> m = Values.map(item);
      if (m != null) {
        out.add(Messages.fromOpenAi(m, defaultRole));
      } else if (item instanceof String s) {
        out.add(ChatMessage.text(defaultRole, s));
      }
    }
    return out.isEmpty() ? null : out;
  }

  private record Choice(Long index, ChatMessage message) {}
}
