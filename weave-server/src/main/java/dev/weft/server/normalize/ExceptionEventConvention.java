package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import dev.weft.server.normalize.CanonicalSpanBuilder.Text;
import java.util.Map;

/**
 * The general OpenTelemetry exception convention: the first {@code exception} span event gives
 * {@code exception.type} and {@code exception.message} as the error type and message (failing that,
 * span attributes of those names, which some OpenInference SDKs set). The event itself stays in the
 * span's events, with its stack trace. Applied after the LLM conventions, so an explicit {@code
 * error.type} attribute wins over the exception's type.
 */
final class ExceptionEventConvention implements Convention {

  static final String EVENT = "exception";

  @Override
  public void apply(DecodedSpan span, CanonicalSpanBuilder b) {
    for (DecodedEvent event : Convention.events(span)) {
      if (event != null && EVENT.equals(event.name())) {
        Map<String, Object> attrs = Convention.attributes(event);
        b.text(Text.ERROR_TYPE, attrs.get("exception.type"));
        b.text(Text.ERROR_MESSAGE, attrs.get("exception.message"));
        break;
      }
    }
    Map<String, Object> attrs = Convention.attributes(span);
    b.text(Text.ERROR_TYPE, attrs.get("exception.type"));
    b.text(Text.ERROR_MESSAGE, attrs.get("exception.message"));
  }
}
