package dev.weft.server.normalize;

import static java.util.Map.entry;

import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpanBuilder.Count;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The OpenLLMetry (Traceloop) conventions: flattened {@code gen_ai.prompt.N.*} / {@code
 * gen_ai.completion.N.*} messages with {@code tool_calls.K.*}, {@code llm.request.type}, {@code
 * llm.usage.total_tokens}, {@code traceloop.span.kind} / {@code traceloop.entity.*} for workflows,
 * tasks, agents and tools, and {@code traceloop.association.properties.*} for the session.
 */
final class OpenLlmetryConvention implements Convention {

  static final String PROMPT = "gen_ai.prompt";
  static final String COMPLETION = "gen_ai.completion";
  static final String REQUEST_TYPE = "llm.request.type";
  static final String SPAN_KIND = "traceloop.span.kind";
  static final String ENTITY_NAME = "traceloop.entity.name";
  static final String ENTITY_INPUT = "traceloop.entity.input";
  static final String ENTITY_OUTPUT = "traceloop.entity.output";

  /** Scalar attributes, in precedence order per field. */
  static final Map<String, Text> TEXTS =
      Tables.linked(
          entry(REQUEST_TYPE, Text.OPERATION_NAME),
          entry(SPAN_KIND, Text.OPERATION_NAME),
          entry("gen_ai.system", Text.PROVIDER),
          entry("gen_ai.request.model", Text.REQUEST_MODEL),
          entry("gen_ai.response.model", Text.RESPONSE_MODEL),
          entry("gen_ai.response.id", Text.RESPONSE_ID),
          entry("traceloop.association.properties.session_id", Text.SESSION_ID),
          entry("traceloop.association.properties.thread_id", Text.SESSION_ID),
          entry("traceloop.association.properties.conversation_id", Text.SESSION_ID),
          entry("traceloop.prompt.key", Text.PROMPT_NAME),
          entry("traceloop.prompt.version", Text.PROMPT_VERSION));

  /** Token usage, as OpenLLMetry versions name it. */
  static final Map<String, Count> COUNTS =
      Tables.linked(
          entry("gen_ai.usage.input_tokens", Count.INPUT_TOKENS),
          entry("gen_ai.usage.prompt_tokens", Count.INPUT_TOKENS),
          entry("gen_ai.usage.output_tokens", Count.OUTPUT_TOKENS),
          entry("gen_ai.usage.completion_tokens", Count.OUTPUT_TOKENS),
          entry("llm.usage.total_tokens", Count.TOTAL_TOKENS),
          entry("gen_ai.usage.cache_read_input_tokens", Count.CACHE_READ_TOKENS),
          entry("gen_ai.usage.cache_creation_input_tokens", Count.CACHE_WRITE_TOKENS));

  /** {@code llm.request.type} values. */
  static final Map<String, SpanCategory> REQUEST_TYPES =
      Map.of(
          "chat", SpanCategory.CHAT,
          "completion", SpanCategory.LLM,
          "embedding", SpanCategory.EMBEDDING,
          "rerank", SpanCategory.RETRIEVER);

  /** {@code traceloop.span.kind} values. */
  static final Map<String, SpanCategory> SPAN_KINDS =
      Map.of(
          "workflow", SpanCategory.CHAIN,
          "task", SpanCategory.CHAIN,
          "agent", SpanCategory.AGENT,
          "tool", SpanCategory.TOOL);

  /** OpenLLMetry's own request-parameter attributes and the parameter each names. */
  static final Map<String, String> REQUEST_PARAMETERS =
      Tables.linked(
          entry("llm.top_k", "top_k"),
          entry("llm.frequency_penalty", "frequency_penalty"),
          entry("llm.presence_penalty", "presence_penalty"),
          entry("llm.chat.stop_sequences", "stop_sequences"),
          entry("llm.request.repetition_penalty", "repetition_penalty"),
          entry("llm.is_streaming", "stream"));

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    Map<String, Object> attrs = Convention.attributes(span);
    b.texts(TEXTS, attrs);
    b.counts(COUNTS, attrs);
    REQUEST_PARAMETERS.forEach((key, name) -> b.requestParameter(name, attrs.get(key)));
    category(attrs, b);

    List<String> promptKeys = new ArrayList<>();
    b.inputMessages(
        Values.safely(() -> messages(FlatList.collect(attrs, PROMPT, promptKeys), "user")),
        promptKeys);
    List<String> completionKeys = new ArrayList<>();
    b.outputMessages(
        Values.safely(
            () -> messages(FlatList.collect(attrs, COMPLETION, completionKeys), "assistant")),
        completionKeys);

    entityValue(attrs.get(ENTITY_INPUT)).ifPresent(v -> b.input(v, List.of(ENTITY_INPUT)));
    entityValue(attrs.get(ENTITY_OUTPUT)).ifPresent(v -> b.output(v, List.of(ENTITY_OUTPUT)));
  }

  private static void category(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    if (attrs.get(REQUEST_TYPE) instanceof String type) {
      b.category(REQUEST_TYPES.get(type.trim().toLowerCase(Locale.ROOT)));
    }
    if (attrs.get(SPAN_KIND) instanceof String kind) {
      SpanCategory category = SPAN_KINDS.get(kind.trim().toLowerCase(Locale.ROOT));
      b.category(category);
      if (category == SpanCategory.TOOL) {
        b.text(Text.TOOL_NAME, attrs.get(ENTITY_NAME));
      }
    }
  }

  /** Messages from the groups of {@code gen_ai.prompt} or {@code gen_ai.completion}. */
  static List<ChatMessage> messages(
      SortedMap<Integer, Map<String, Object>> groups, String defaultRole) {
    List<ChatMessage> out = new ArrayList<>();
    for (Map<String, Object> g : groups.values()) {
      String role = Values.text(g.get("role"));
      Object content = g.get("content");
      if (content == null && g.get("user") != null) {
        // The completions API: gen_ai.prompt.0.user holds the prompt text.
        content = g.get("user");
        role = Values.firstNonNull(role, "user");
      }
      List<Object> parts = new ArrayList<>();
      String text =
          Messages.textAndParts(
              content instanceof String s ? Messages.maybeParts(s) : content, parts);
      List<ToolCall> calls = new ArrayList<>();
      for (Map<String, Object> t : FlatList.collect(g, "tool_calls", null).values()) {
        calls.add(
            new ToolCall(
                Values.text(t.get("id")),
                Values.text(t.get("name")),
                Messages.arguments(t.get("arguments"))));
      }
      String fnName = Values.text(g.get("function_call.name"));
      if (fnName != null) {
        calls.add(new ToolCall(null, fnName, Messages.arguments(g.get("function_call.arguments"))));
      }
      out.add(
          Messages.message(
              Values.firstNonNull(role, defaultRole),
              text,
              parts,
              calls,
              Values.text(g.get("tool_call_id")),
              Values.text(g.get("name")),
              Values.text(g.get("finish_reason"))));
    }
    return out;
  }

  /** A {@code traceloop.entity.*} value: JSON text parsed; empty when it is not valid JSON. */
  private static Optional<Object> entityValue(Object raw) {
    if (raw instanceof String s) {
      return Json.parse(s);
    }
    return Optional.ofNullable(raw);
  }
}
