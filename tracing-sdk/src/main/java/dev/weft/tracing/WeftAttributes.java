package dev.weft.tracing;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** Attribute names Weft writes and the server understands. */
public final class WeftAttributes {
  private WeftAttributes() {}

  /** The experiment run a span belongs to. */
  public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("weft.run.id");

  /** The session (conversation, thread) a span belongs to. */
  public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("weft.session.id");

  /** Weft's span kind: llm, chat, embedding, tool, retriever, agent, chain. */
  public static final AttributeKey<String> SPAN_KIND = AttributeKey.stringKey("weft.span.kind");

  /** Captured inputs (JSON when {@link #INPUT_MIME} says so). */
  public static final AttributeKey<String> INPUT_VALUE = AttributeKey.stringKey("input.value");

  /** Mime type of {@link #INPUT_VALUE}. */
  public static final AttributeKey<String> INPUT_MIME = AttributeKey.stringKey("input.mime_type");

  /** Captured output. */
  public static final AttributeKey<String> OUTPUT_VALUE = AttributeKey.stringKey("output.value");

  /** Mime type of {@link #OUTPUT_VALUE}. */
  public static final AttributeKey<String> OUTPUT_MIME = AttributeKey.stringKey("output.mime_type");

  /** True when the captured input was cut to the size limit. */
  public static final AttributeKey<Boolean> INPUT_TRUNCATED =
      AttributeKey.booleanKey("weft.input.truncated");

  /** True when the captured output was cut to the size limit. */
  public static final AttributeKey<Boolean> OUTPUT_TRUNCATED =
      AttributeKey.booleanKey("weft.output.truncated");

  /** GenAI semantic-convention names used by {@link LlmSpan}. */
  public static final class GenAi {
    private GenAi() {}

    public static final AttributeKey<String> OPERATION_NAME =
        AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER_NAME =
        AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL =
        AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL =
        AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<String> RESPONSE_ID =
        AttributeKey.stringKey("gen_ai.response.id");
    public static final AttributeKey<List<String>> FINISH_REASONS =
        AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    public static final AttributeKey<Long> INPUT_TOKENS =
        AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS =
        AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Long> CACHE_READ_INPUT_TOKENS =
        AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    public static final AttributeKey<Long> CACHE_CREATION_INPUT_TOKENS =
        AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    public static final AttributeKey<String> INPUT_MESSAGES =
        AttributeKey.stringKey("gen_ai.input.messages");
    public static final AttributeKey<String> OUTPUT_MESSAGES =
        AttributeKey.stringKey("gen_ai.output.messages");
    public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
        AttributeKey.stringKey("gen_ai.system_instructions");
    public static final AttributeKey<Double> TEMPERATURE =
        AttributeKey.doubleKey("gen_ai.request.temperature");
    public static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    public static final AttributeKey<Long> MAX_TOKENS =
        AttributeKey.longKey("gen_ai.request.max_tokens");
    public static final AttributeKey<String> CONVERSATION_ID =
        AttributeKey.stringKey("gen_ai.conversation.id");
  }
}
