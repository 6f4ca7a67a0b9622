package dev.weft.server.normalize;

import static java.util.Map.entry;

import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spring AI's own observation keys ({@code spring.ai.*}, Micrometer observations exported through
 * OpenTelemetry), for the spans the OTel GenAI names alone describe wrongly. Spring AI marks its
 * framework spans — the {@code ChatClient} call, each advisor, each tool call, vector store
 * operations — with {@code gen_ai.operation.name = framework} and {@code gen_ai.system =
 * spring_ai}, and says what they are in {@code spring.ai.kind}:
 *
 * <ul>
 *   <li>{@code tool_call} (and {@code mcp_server_tool_call}): a tool span, named by {@code
 *       spring.ai.tool.definition.name}, with {@code spring.ai.tool.call.arguments} as input and
 *       {@code spring.ai.tool.call.result} as output when the application enables them;
 *   <li>{@code vector_store} with {@code db.operation.name = query}: a retriever span, with {@code
 *       db.vector.query.content} as input and {@code db.vector.query.response.documents} as output;
 *   <li>{@code chat_client} and {@code advisor}: chain spans; the chat client's {@code
 *       spring.ai.chat.client.conversation.id} (set when chat memory is used) is the session.
 * </ul>
 *
 * <p>{@code spring_ai} in {@code gen_ai.system} names the framework, not a model provider, so such
 * spans get no provider (the chat model spans under them carry the real one, e.g. {@code openai}).
 * Chat model spans themselves follow the OTel GenAI names and need nothing from here.
 */
final class SpringAiConvention implements Convention {

  static final String KIND = "spring.ai.kind";
  static final String TOOL_ARGUMENTS = "spring.ai.tool.call.arguments";
  static final String TOOL_RESULT = "spring.ai.tool.call.result";
  static final String QUERY = "db.vector.query.content";
  static final String DOCUMENTS = "db.vector.query.response.documents";

  /** The framework's name where OTel GenAI puts the provider's. */
  static final String FRAMEWORK_SYSTEM = "spring_ai";

  /** {@code spring.ai.kind} values; {@code vector_store} only for queries (see the class). */
  static final Map<String, SpanCategory> KINDS =
      Map.of(
          "tool_call", SpanCategory.TOOL,
          "mcp_server_tool_call", SpanCategory.TOOL,
          "chat_client", SpanCategory.CHAIN,
          "advisor", SpanCategory.CHAIN);

  static final Map<String, Text> TEXTS =
      Tables.linked(
          entry("spring.ai.tool.definition.name", Text.TOOL_NAME),
          entry("spring.ai.chat.client.conversation.id", Text.SESSION_ID));

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    Map<String, Object> attrs = Convention.attributes(span);
    if (!(attrs.get(KIND) instanceof String raw)) {
      return;
    }
    String kind = raw.trim().toLowerCase(Locale.ROOT);
    if (attrs.get("gen_ai.system") instanceof String system
        && FRAMEWORK_SYSTEM.equals(system.trim().toLowerCase(Locale.ROOT))) {
      b.noText(Text.PROVIDER);
    }
    b.texts(TEXTS, attrs);
    if (kind.equals("vector_store")) {
      if (attrs.get("db.operation.name") instanceof String op
          && op.trim().equalsIgnoreCase("query")) {
        b.category(SpanCategory.RETRIEVER);
      }
      Json.content(attrs.get(QUERY)).ifPresent(v -> b.input(v, List.of(QUERY)));
      Json.content(attrs.get(DOCUMENTS)).ifPresent(v -> b.output(v, List.of(DOCUMENTS)));
      return;
    }
    b.category(KINDS.get(kind));
    Json.content(attrs.get(TOOL_ARGUMENTS)).ifPresent(v -> b.input(v, List.of(TOOL_ARGUMENTS)));
    Json.content(attrs.get(TOOL_RESULT)).ifPresent(v -> b.output(v, List.of(TOOL_RESULT)));
  }
}
