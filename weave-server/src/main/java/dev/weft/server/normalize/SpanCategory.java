package dev.weft.server.normalize;

/** What a span does in an LLM application, whatever convention described it. */
public enum SpanCategory {
  /** A text completion call to a model. */
  LLM,
  /** A chat completion call to a model. */
  CHAT,
  /** An embedding call. */
  EMBEDDING,
  /** Execution of a tool (function) requested by a model. */
  TOOL,
  /** A retrieval step (vector store, search, RAG content retriever). */
  RETRIEVER,
  /** An agent invocation that plans and calls models and tools. */
  AGENT,
  /** A chain, workflow or task that groups other steps. */
  CHAIN,
  /** Anything else (HTTP handlers, database calls, ...). */
  OTHER;

  private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

  /** The lower-case name used in the API and in storage. */
  public String wireName() {
    return wireName;
  }
}
