package dev.weft.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Weft's LangChain4j instrumentation: OpenTelemetry spans following the GenAI semantic conventions
 * for chat calls (synchronous and streaming), embeddings, retrieval, tool executions and the
 * AI-service invocation that groups them.
 *
 * <p>Plain Java, two lines:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()...listeners(List.of(WeftLangChain4j.listener())).build();
 * Assistant assistant = WeftLangChain4j.instrument(AiServices.builder(Assistant.class))
 *     .chatModel(model).tools(new Calculator()).build();
 * }</pre>
 *
 * <p>The static methods use one shared instance that exports through {@link GlobalOpenTelemetry}
 * with content capture on; {@link #builder()} makes an instance with its own {@link OpenTelemetry}
 * and content settings. Instances are thread-safe and meant to be shared.
 *
 * <p>Nothing here ever throws into the application: a failure inside the instrumentation is caught,
 * counted ({@link #instrumentationErrors()}) and the user's call goes on.
 */
public final class WeftLangChain4j {

  /** Version reported as the instrumentation scope version. */
  public static final String VERSION = "0.1.0";

  private static final Logger LOG = Logger.getLogger(WeftLangChain4j.class.getName());
  private static final LongAdder ERRORS = new LongAdder();
  private static volatile WeftLangChain4j shared;

  private final Instrumentation in;
  private final WeftChatModelListener chat;
  private final WeftEmbeddingListener embedding;
  private final WeftRetrievalListener retrieval;
  private final WeftAiServiceListeners aiService;

  private WeftLangChain4j(Instrumentation in) {
    this.in = in;
    this.chat = new WeftChatModelListener(in);
    this.embedding = new WeftEmbeddingListener(in);
    this.retrieval = new WeftRetrievalListener(in, null);
    this.aiService = new WeftAiServiceListeners(in);
  }

  /** The shared default instance ({@link GlobalOpenTelemetry}, content captured, no limit). */
  public static WeftLangChain4j get() {
    WeftLangChain4j s = shared;
    if (s == null) {
      synchronized (WeftLangChain4j.class) {
        s = shared;
        if (s == null) {
          s = builder().build();
          shared = s;
        }
      }
    }
    return s;
  }

  /** A builder for an instance with its own settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The chat model listener of the shared instance: {@code .listeners(List.of(listener()))}. */
  public static ChatModelListener listener() {
    return get().chatModelListener();
  }

  /** Instruments an AI-service builder with the shared instance; see {@link #instrumentService}. */
  public static <T> AiServices<T> instrument(AiServices<T> builder) {
    return get().instrumentService(builder);
  }

  /**
   * How many times the instrumentation failed internally (each failure was caught; the user's call
   * was not affected). A test or health check can assert it stays zero.
   */
  public static long instrumentationErrors() {
    return ERRORS.sum();
  }

  /** Counts (and, for the first and every 1000th, logs) an internal failure. */
  static void countError(Throwable e) {
    ERRORS.increment();
    long n = ERRORS.sum();
    if (n == 1 || n % 1000 == 0) {
      LOG.log(Level.WARNING, "Weft LangChain4j instrumentation failed (" + n + " so far)", e);
    }
  }

  /** The listener to add to chat models, synchronous and streaming ({@code .listeners(...)}). */
  public ChatModelListener chatModelListener() {
    return chat;
  }

  /** The listener to add to embedding models ({@code model.addListener(...)}). */
  public EmbeddingModelListener embeddingModelListener() {
    return embedding;
  }

  /** The listener to add to content retrievers ({@code retriever.addListener(...)}). */
  public ContentRetrieverListener contentRetrieverListener() {
    return retrieval;
  }

  /** An embedding model that records {@code embeddings} spans; the original is not changed. */
  public EmbeddingModel instrument(EmbeddingModel model) {
    return Objects.requireNonNull(model, "model").addListener(embedding);
  }

  /**
   * The listener to add to a content retriever, naming its data source ({@code
   * gen_ai.data_source.id}, also the span name {@code retrieval {dataSource}}).
   */
  public ContentRetrieverListener contentRetrieverListener(String dataSource) {
    return new WeftRetrievalListener(in, dataSource);
  }

  /**
   * A content retriever that records {@code retrieval} spans named after the retriever's class; the
   * original is not changed.
   */
  public ContentRetriever instrument(ContentRetriever retriever) {
    Objects.requireNonNull(retriever, "retriever");
    String name = retriever.getClass().getSimpleName();
    return retriever.addListener(
        new WeftRetrievalListener(in, name.isEmpty() ? "content_retriever" : name));
  }

  /**
   * The AI-service event listeners that record {@code invoke_agent} spans and hand them to the chat
   * calls of the invocation as parent. Register them with {@code
   * AiServices.registerListeners(...)}; {@link #instrumentService} does that and more.
   */
  public List<AiServiceListener<?>> aiServiceListeners() {
    return aiService.listeners();
  }

  /**
   * The hook that starts {@code execute_tool} spans, for {@code AiServices.beforeToolExecution}.
   */
  public Consumer<BeforeToolExecution> beforeToolExecution() {
    return aiService.beforeTool();
  }

  /** The hook that ends {@code execute_tool} spans, for {@code AiServices.afterToolExecution}. */
  public Consumer<ToolExecution> afterToolExecution() {
    return aiService.afterTool();
  }

  /**
   * Registers the AI-service listeners and the tool hooks on {@code builder} and returns it.
   *
   * <p>LangChain4j keeps one before- and one after-tool hook per service: to run your own as well,
   * pass {@code beforeToolExecution().andThen(yours)} to the builder after this call.
   */
  public <T> AiServices<T> instrumentService(AiServices<T> builder) {
    Objects.requireNonNull(builder, "builder");
    builder.registerListeners(aiService.listeners());
    builder.beforeToolExecution(aiService.beforeTool());
    builder.afterToolExecution(aiService.afterTool());
    return builder;
  }

  /** Builder of a {@link WeftLangChain4j}. */
  public static final class Builder {
    private Supplier<OpenTelemetry> openTelemetry = GlobalOpenTelemetry::get;
    private boolean captureContent = true;
    private int maxContentLength = -1;

    private Builder() {}

    /** Exports through this OpenTelemetry instead of {@link GlobalOpenTelemetry}. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
      this.openTelemetry = () -> openTelemetry;
      return this;
    }

    /**
     * Whether messages, tool arguments and results and retrieved documents are recorded (default
     * {@code true}). Without content the spans still carry models, parameters, usage, tool names,
     * finish reasons and errors.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /**
     * Longest text recorded per message part, tool argument or result and document, in chars;
     * longer texts are cut and marked {@code ...[truncated]}. Negative (the default) means no
     * limit.
     */
    public Builder maxContentLength(int maxContentLength) {
      this.maxContentLength = maxContentLength;
      return this;
    }

    /** The instrumentation. */
    public WeftLangChain4j build() {
      return new WeftLangChain4j(
          new Instrumentation(openTelemetry, captureContent, maxContentLength));
    }
  }
}
