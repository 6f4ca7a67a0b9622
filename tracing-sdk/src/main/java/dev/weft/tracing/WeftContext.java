package dev.weft.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * The run and session ids carried in the OpenTelemetry {@link Context}. {@link
 * WeftStampingSpanProcessor} copies them onto every span started under that context, whoever starts
 * it. They follow the context like the parent span does: hand the context to other threads with
 * {@code Context.current().wrap(task)} or {@code Context.taskWrapping(executor)}.
 */
public final class WeftContext {
  private WeftContext() {}

  static final ContextKey<String> RUN_ID = ContextKey.named("weft.run.id");
  static final ContextKey<String> SESSION_ID = ContextKey.named("weft.session.id");

  /** The process-wide run, used when the context names none (like W&B's current run). */
  private static volatile String globalRunId;

  /** The context with this session id. */
  public static Context withSession(Context context, String sessionId) {
    return context.with(SESSION_ID, sessionId);
  }

  /** The context with this run id. */
  public static Context withRun(Context context, String runId) {
    return context.with(RUN_ID, runId);
  }

  /** Makes {@code sessionId} current until the scope is closed. */
  public static Scope session(String sessionId) {
    return withSession(Context.current(), sessionId).makeCurrent();
  }

  /** The session id of the context, or null. */
  public static String sessionId(Context context) {
    return context.get(SESSION_ID);
  }

  /** The run id of the context, else the process-wide run's, or null. */
  public static String runId(Context context) {
    String id = context.get(RUN_ID);
    return id != null ? id : globalRunId;
  }

  /** Sets (or clears, with null) the process-wide run. */
  public static void setGlobalRun(String runId) {
    globalRunId = runId;
  }

  /** Clears the process-wide run if it is still this one. */
  public static synchronized void clearGlobalRun(String runId) {
    if (runId != null && runId.equals(globalRunId)) {
      globalRunId = null;
    }
  }
}
