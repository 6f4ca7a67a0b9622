package dev.weft.langchain4j;

import static dev.weft.langchain4j.Instrumentation.*;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * An {@link EmbeddingModelListener} that records each embedding call as an {@code embeddings
 * {model}} CLIENT span: provider, model, input token usage and the vector dimension. The texts
 * embedded are not recorded (they are usually the same as the retrieval query or documents).
 */
public final class WeftEmbeddingListener implements EmbeddingModelListener {

  private static final Object SPAN_KEY = new Object();

  private final Instrumentation in;

  WeftEmbeddingListener(Instrumentation in) {
    this.in = in;
  }

  @Override
  public void onRequest(EmbeddingModelRequestContext context) {
    try {
      EmbeddingModel model = context.embeddingModel();
      String modelName = model == null ? null : model.modelName();
      if ("unknown".equals(modelName)) {
        modelName = null;
      }
      var b =
          in.tracer()
              .spanBuilder(modelName == null ? "embeddings" : "embeddings " + modelName)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.current())
              .setAttribute(OPERATION, "embeddings");
      String provider = providerName(context.modelProvider());
      if (provider != null) {
        b.setAttribute(PROVIDER, provider);
      }
      if (modelName != null) {
        b.setAttribute(REQUEST_MODEL, modelName);
      }
      context.attributes().put(SPAN_KEY, b.startSpan());
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  @Override
  public void onResponse(EmbeddingModelResponseContext context) {
    try {
      if (!(context.attributes().remove(SPAN_KEY) instanceof Span span)) {
        return;
      }
      Response<List<Embedding>> response = context.response();
      if (response != null) {
        TokenUsage usage = response.tokenUsage();
        if (usage != null && usage.inputTokenCount() != null) {
          span.setAttribute(INPUT_TOKENS, usage.inputTokenCount().longValue());
        }
        List<Embedding> vectors = response.content();
        if (vectors != null && !vectors.isEmpty() && vectors.get(0) != null) {
          span.setAttribute(EMBEDDING_DIMENSION, (long) vectors.get(0).dimension());
        }
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  @Override
  public void onError(EmbeddingModelErrorContext context) {
    try {
      if (context.attributes().remove(SPAN_KEY) instanceof Span span) {
        fail(span, context.error());
        span.end();
      }
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }
}
