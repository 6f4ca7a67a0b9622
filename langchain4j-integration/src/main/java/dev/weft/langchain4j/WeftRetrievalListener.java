package dev.weft.langchain4j;

import static dev.weft.langchain4j.Instrumentation.*;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.langchain4j.rag.query.Query;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link ContentRetrieverListener} that records each retrieval as a {@code retrieval {retriever}}
 * span with the query ({@code gen_ai.retrieval.query.text}) and the retrieved segments with their
 * ids and scores ({@code gen_ai.retrieval.documents}, a JSON list of {@code {id, content, score}}).
 *
 * <p>The span is the parent of the AI service whose query it answers (found through the query's
 * invocation context) and is current while the retriever runs, so the embedding of the query nests
 * under it.
 */
public final class WeftRetrievalListener implements ContentRetrieverListener {

  private static final Object SPAN_KEY = new Object();
  private static final Object SCOPE_KEY = new Object();

  private final Instrumentation in;
  private final String dataSource;

  WeftRetrievalListener(Instrumentation in, String dataSource) {
    this.in = in;
    this.dataSource = dataSource;
  }

  @Override
  public void onRequest(ContentRetrieverRequestContext context) {
    try {
      Query query = context.query();
      UUID invocationId = null;
      if (query != null && query.metadata() != null) {
        InvocationContext ic = query.metadata().invocationContext();
        invocationId = ic == null ? null : ic.invocationId();
      }
      String source = dataSource != null ? dataSource : retrieverName(context.contentRetriever());
      var b =
          in.tracer()
              .spanBuilder("retrieval " + source)
              .setSpanKind(SpanKind.INTERNAL)
              .setParent(in.invocationContext(invocationId))
              .setAttribute(OPERATION, "retrieval")
              .setAttribute(DATA_SOURCE_ID, source);
      if (in.captureContent && query != null && query.text() != null) {
        b.setAttribute(RETRIEVAL_QUERY, in.json.limit(query.text()));
      }
      Span span = b.startSpan();
      context.attributes().put(SPAN_KEY, span);
      // The retriever runs on this thread right after this call (ListeningContentRetriever).
      context.attributes().put(SCOPE_KEY, Context.current().with(span).makeCurrent());
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  @Override
  public void onResponse(ContentRetrieverResponseContext context) {
    try {
      closeScope(context.attributes());
      if (!(context.attributes().remove(SPAN_KEY) instanceof Span span)) {
        return;
      }
      List<Content> contents = context.contents();
      if (in.captureContent && contents != null) {
        span.setAttribute(RETRIEVAL_DOCUMENTS, documents(contents));
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  @Override
  public void onError(ContentRetrieverErrorContext context) {
    try {
      closeScope(context.attributes());
      if (context.attributes().remove(SPAN_KEY) instanceof Span span) {
        fail(span, context.error());
        span.end();
      }
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  private static void closeScope(Map<Object, Object> attributes) {
    if (attributes.remove(SCOPE_KEY) instanceof Scope scope) {
      scope.close();
    }
  }

  private String documents(List<Content> contents) {
    StringBuilder out = new StringBuilder(256).append('[');
    boolean first = true;
    for (Content c : contents) {
      if (c == null) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      Map<ContentMetadata, Object> meta = c.metadata();
      Object id = meta == null ? null : meta.get(ContentMetadata.EMBEDDING_ID);
      Object score = meta == null ? null : meta.get(ContentMetadata.SCORE);
      Object reranked = meta == null ? null : meta.get(ContentMetadata.RERANKED_SCORE);
      out.append("{\"id\":");
      GenAiJson.string(out, id == null ? null : String.valueOf(id));
      out.append(",\"content\":");
      GenAiJson.string(out, c.textSegment() == null ? null : in.json.limit(c.textSegment().text()));
      out.append(",\"score\":");
      number(out, score);
      if (reranked != null) {
        out.append(",\"reranked_score\":");
        number(out, reranked);
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  private static void number(StringBuilder out, Object n) {
    if (n instanceof Number num
        && !(num instanceof Double d && (d.isNaN() || d.isInfinite()))
        && !(num instanceof Float f && (f.isNaN() || f.isInfinite()))) {
      out.append(num);
    } else {
      out.append("null");
    }
  }

  private static String retrieverName(ContentRetriever retriever) {
    if (retriever == null) {
      return "content_retriever";
    }
    String name = retriever.getClass().getSimpleName();
    // LangChain4j's listening wrapper hides the retriever it wraps.
    return name.isEmpty() || name.equals("ListeningContentRetriever") ? "content_retriever" : name;
  }
}
