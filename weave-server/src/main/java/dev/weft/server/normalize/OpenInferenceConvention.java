package dev.weft.server.normalize;

import static java.util.Map.entry;

import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpanBuilder.Count;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The OpenInference conventions (Arize Phoenix instrumentations): {@code openinference.span.kind},
 * {@code llm.*} model, provider, invocation parameters, token counts and cost, flattened {@code
 * llm.input_messages.N.message.*} / {@code llm.output_messages.N.message.*}, {@code
 * input.value}/{@code output.value} (parsed when the mime type says JSON), {@code
 * retrieval.documents.N.document.*} and reranker documents, {@code tool.*}, {@code session.id}.
 */
final class OpenInferenceConvention implements Convention {

  static final String SPAN_KIND = "openinference.span.kind";
  static final String INPUT_MESSAGES = "llm.input_messages";
  static final String OUTPUT_MESSAGES = "llm.output_messages";
  static final String PROMPTS = "llm.prompts";
  static final String CHOICES = "llm.choices";
  static final String INPUT_VALUE = "input.value";
  static final String INPUT_MIME = "input.mime_type";
  static final String OUTPUT_VALUE = "output.value";
  static final String OUTPUT_MIME = "output.mime_type";
  static final String RETRIEVAL_DOCUMENTS = "retrieval.documents";
  static final String RERANKER_INPUT_DOCUMENTS = "reranker.input_documents";
  static final String RERANKER_OUTPUT_DOCUMENTS = "reranker.output_documents";

  /** Scalar attributes, in precedence order per field. */
  static final Map<String, Text> TEXTS =
      Tables.linked(
          entry("llm.provider", Text.PROVIDER),
          entry("llm.system", Text.PROVIDER),
          entry("llm.request.model_name", Text.REQUEST_MODEL),
          entry("llm.model_name", Text.REQUEST_MODEL),
          entry("embedding.model_name", Text.REQUEST_MODEL),
          entry("reranker.model_name", Text.REQUEST_MODEL),
          entry("llm.response.model_name", Text.RESPONSE_MODEL),
          entry("session.id", Text.SESSION_ID),
          entry("tool.name", Text.TOOL_NAME),
          entry("tool.id", Text.TOOL_CALL_ID),
          entry("tool_call.id", Text.TOOL_CALL_ID));

  /** Token counts. */
  static final Map<String, Count> COUNTS =
      Tables.linked(
          entry("llm.token_count.prompt", Count.INPUT_TOKENS),
          entry("llm.token_count.completion", Count.OUTPUT_TOKENS),
          entry("llm.token_count.total", Count.TOTAL_TOKENS),
          entry("llm.token_count.prompt_details.cache_read", Count.CACHE_READ_TOKENS),
          entry("llm.token_count.prompt_details.cache_write", Count.CACHE_WRITE_TOKENS));

  /**
   * {@code openinference.span.kind} values ({@code LLM} is refined to chat when it has messages).
   */
  static final Map<String, SpanCategory> KINDS =
      Map.ofEntries(
          entry("LLM", SpanCategory.LLM),
          entry("CHAIN", SpanCategory.CHAIN),
          entry("TOOL", SpanCategory.TOOL),
          entry("RETRIEVER", SpanCategory.RETRIEVER),
          entry("RERANKER", SpanCategory.RETRIEVER),
          entry("EMBEDDING", SpanCategory.EMBEDDING),
          entry("AGENT", SpanCategory.AGENT),
          entry("GUARDRAIL", SpanCategory.CHAIN),
          entry("EVALUATOR", SpanCategory.CHAIN),
          entry("PROMPT", SpanCategory.CHAIN));

  /** JSON-string attributes whose entries are request parameters. */
  static final List<String> INVOCATION_PARAMETERS =
      List.of("llm.invocation_parameters", "embedding.invocation_parameters");

  static final String COST = "llm.cost.total";
  static final String FINISH_REASON = "llm.finish_reason";

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    Map<String, Object> attrs = Convention.attributes(span);
    b.texts(TEXTS, attrs);
    b.counts(COUNTS, attrs);
    b.reportedCost(attrs.get(COST));
    b.finishReasons(attrs.get(FINISH_REASON));
    for (String key : INVOCATION_PARAMETERS) {
      Map<String, Object> params = Values.mapOrJson(attrs.get(key));
      if (params != null) {
        params.forEach(b::requestParameter);
      }
    }
    category(attrs, b);
    messages(attrs, b);
    documents(attrs, b);
    value(attrs, INPUT_VALUE, INPUT_MIME).ifPresent(v -> b.input(v, List.of(INPUT_VALUE)));
    value(attrs, OUTPUT_VALUE, OUTPUT_MIME).ifPresent(v -> b.output(v, List.of(OUTPUT_VALUE)));
    rerankerInput(attrs, b);
  }

  private static void category(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    if (!(attrs.get(SPAN_KIND) instanceof String raw)) {
      return;
    }
    String kind = raw.trim().toUpperCase(Locale.ROOT);
    SpanCategory category = KINDS.get(kind);
    if (category == SpanCategory.LLM
        && (FlatList.present(attrs, INPUT_MESSAGES) || FlatList.present(attrs, OUTPUT_MESSAGES))) {
      category = SpanCategory.CHAT;
    }
    if (category != null) {
      b.category(category);
      b.text(Text.OPERATION_NAME, kind.toLowerCase(Locale.ROOT));
    }
  }

  private static void messages(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    List<String> inKeys = new ArrayList<>();
    b.inputMessages(
        Values.safely(() -> flatMessages(FlatList.collect(attrs, INPUT_MESSAGES, inKeys))), inKeys);
    List<String> outKeys = new ArrayList<>();
    b.outputMessages(
        Values.safely(() -> flatMessages(FlatList.collect(attrs, OUTPUT_MESSAGES, outKeys))),
        outKeys);

    // Completions API: llm.prompts (flattened or a string list) and llm.choices.
    List<String> promptKeys = new ArrayList<>();
    List<ChatMessage> prompts = new ArrayList<>();
    FlatList.collect(attrs, PROMPTS, promptKeys)
        .values()
        .forEach(
            g -> addText(prompts, "user", Values.firstNonNull(g.get("prompt.text"), g.get(""))));
    if (prompts.isEmpty() && attrs.get(PROMPTS) instanceof List<?> list) {
      list.forEach(p -> addText(prompts, "user", p));
      promptKeys.add(PROMPTS);
    }
    b.inputMessages(prompts, promptKeys);
    List<String> choiceKeys = new ArrayList<>();
    List<ChatMessage> choices = new ArrayList<>();
    FlatList.collect(attrs, CHOICES, choiceKeys)
        .values()
        .forEach(g -> addText(choices, "assistant", g.get("completion.text")));
    b.outputMessages(choices, choiceKeys);
  }

  private static void addText(List<ChatMessage> out, String role, Object text) {
    if (text instanceof String s) {
      out.add(ChatMessage.text(role, s));
    }
  }

  /** Messages from the groups of one flattened {@code llm.*_messages} list. */
  static List<ChatMessage> flatMessages(SortedMap<Integer, Map<String, Object>> groups) {
    List<ChatMessage> out = new ArrayList<>();
    for (Map<String, Object> g : groups.values()) {
      List<String> texts = new ArrayList<>();
      List<Object> parts = new ArrayList<>();
      if (g.get("message.content") instanceof String s) {
        texts.add(s);
      }
      for (Map<String, Object> c : FlatList.collect(g, "message.contents", null).values()) {
        String type = Values.text(c.get("message_content.type"));
        Object text = c.get("message_content.text");
        if ((type == null || "text".equals(type)) && text instanceof String s) {
          texts.add(s);
        } else {
          parts.add(contentPart(c));
        }
      }
      List<ToolCall> calls = new ArrayList<>();
      for (Map<String, Object> t : FlatList.collect(g, "message.tool_calls", null).values()) {
        calls.add(
            new ToolCall(
                Values.text(t.get("tool_call.id")),
                Values.text(t.get("tool_call.function.name")),
                Messages.arguments(
                    Values.firstNonNull(
                        t.get("tool_call.function.arguments"),
                        t.get("tool_call.function.arguments_json")))));
      }
      String fnName = Values.text(g.get("message.function_call_name"));
      if (fnName != null) {
        calls.add(
            new ToolCall(
                null, fnName, Messages.arguments(g.get("message.function_call_arguments_json"))));
      }
      out.add(
          Messages.message(
              Values.text(g.get("message.role")),
              texts.isEmpty() ? null : String.join("\n", texts),
              parts,
              calls,
              Values.text(g.get("message.tool_call_id")),
              Values.text(g.get("message.name")),
              null));
    }
    return out;
  }

  /** A non-text content item as a part map: its type and fields without the prefixes. */
  private static Map<String, Object> contentPart(Map<String, Object> c) {
    Map<String, Object> part = new LinkedHashMap<>();
    c.forEach(
        (k, v) -> {
          String name = k.startsWith("message_content.") ? k.substring(16) : k;
          if ("image.image.url".equals(name)) {
            name = "url";
          }
          part.put(name, v);
        });
    return part;
  }

  private static void documents(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    List<String> keys = new ArrayList<>();
    List<Object> docs = docs(FlatList.collect(attrs, RETRIEVAL_DOCUMENTS, keys));
    if (b.output(docs.isEmpty() ? null : docs, keys)) {
      // output.value of a retriever repeats the documents; they are now the output.
      if (attrs.containsKey(OUTPUT_VALUE)) {
        b.consume(OUTPUT_VALUE);
      }
      return;
    }
    List<String> rerankKeys = new ArrayList<>();
    List<Object> reranked = docs(FlatList.collect(attrs, RERANKER_OUTPUT_DOCUMENTS, rerankKeys));
    b.output(reranked.isEmpty() ? null : reranked, rerankKeys);
  }

  private static void rerankerInput(Map<String, Object> attrs, CanonicalSpanBuilder b) {
    List<String> keys = new ArrayList<>();
    List<Object> docs = docs(FlatList.collect(attrs, RERANKER_INPUT_DOCUMENTS, keys));
    b.input(docs.isEmpty() ? null : docs, keys);
  }

  /** Documents as maps of {@code id}, {@code content}, {@code score}, {@code metadata}. */
  static List<Object> docs(SortedMap<Integer, Map<String, Object>> groups) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> g : groups.values()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      g.forEach(
          (k, v) -> {
            String name = k.startsWith("document.") ? k.substring(9) : k;
            if ("metadata".equals(name) && v instanceof String s) {
              v = Json.content(s).orElse(s);
            }
            doc.put(name, v);
          });
      out.add(doc);
    }
    return out;
  }

  /**
   * An {@code input.value}/{@code output.value}: parsed when its mime type is JSON (empty when that
   * fails, so the attribute stays), else the value as it is.
   */
  private static Optional<Object> value(Map<String, Object> attrs, String key, String mimeKey) {
    Object raw = attrs.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    String mime = Values.text(attrs.get(mimeKey));
    if (raw instanceof String s && mime != null && mime.toLowerCase(Locale.ROOT).contains("json")) {
      return Json.parse(s);
    }
    return Optional.of(raw);
  }
}
