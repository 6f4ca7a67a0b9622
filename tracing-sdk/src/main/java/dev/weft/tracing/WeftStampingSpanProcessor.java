package dev.weft.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Stamps {@code weft.run.id} and {@code weft.session.id} from the {@link WeftContext} onto every
 * span started in the application, including spans of other instrumentation (LangChain4j, HTTP
 * clients, ...). Register it on any {@code SdkTracerProvider}; {@link Weft} does so itself.
 */
public final class WeftStampingSpanProcessor implements SpanProcessor {

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      String run = WeftContext.runId(parentContext);
      if (run != null && span.getAttribute(WeftAttributes.RUN_ID) == null) {
        span.setAttribute(WeftAttributes.RUN_ID, run);
      }
      String session = WeftContext.sessionId(parentContext);
      if (session != null && span.getAttribute(WeftAttributes.SESSION_ID) == null) {
        span.setAttribute(WeftAttributes.SESSION_ID, session);
      }
    } catch (RuntimeException e) {
      // never into the application
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
