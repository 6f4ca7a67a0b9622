package dev.weft.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SpanExporter} that redacts every span's attributes and event attributes with a {@link
 * Redactor} before handing them on, so spans of any instrumentation in the application lose their
 * secrets before they leave the process. String values that hold JSON objects or arrays (messages,
 * tool arguments) are redacted key by key inside.
 */
public final class RedactingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final Redactor redactor;

  private RedactingSpanExporter(SpanExporter delegate, Redactor redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  /** Wraps {@code delegate}. */
  public static RedactingSpanExporter wrap(SpanExporter delegate, Redactor redactor) {
    return new RedactingSpanExporter(
        Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(redactor, "redactor"));
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> out = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      try {
        out.add(redact(span));
      } catch (RuntimeException e) {
        // a span we cannot vouch for is not sent
      }
    }
    return delegate.export(out);
  }

  SpanData redact(SpanData span) {
    boolean own = WeftSdk.INSTRUMENTATION_NAME.equals(span.getInstrumentationScopeInfo().getName());
    Attributes attributes = redact(span.getAttributes(), own);
    List<EventData> events = span.getEvents();
    List<EventData> redactedEvents = events;
    if (!events.isEmpty()) {
      redactedEvents = new ArrayList<>(events.size());
      for (EventData e : events) {
        redactedEvents.add(
            EventData.create(
                e.getEpochNanos(),
                e.getName(),
                redact(e.getAttributes(), false),
                e.getTotalAttributeCount()));
      }
    }
    List<EventData> finalEvents = redactedEvents;
    return new DelegatingSpanData(span) {
      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public List<EventData> getEvents() {
        return finalEvents;
      }
    };
  }

  /** Attributes whose values Weft already redacted when it captured them on its own spans. */
  private static final java.util.Set<String> CAPTURED_BY_WEFT =
      java.util.Set.of(
          WeftAttributes.INPUT_VALUE.getKey(),
          WeftAttributes.OUTPUT_VALUE.getKey(),
          WeftAttributes.GenAi.INPUT_MESSAGES.getKey(),
          WeftAttributes.GenAi.OUTPUT_MESSAGES.getKey());

  @SuppressWarnings("unchecked")
  Attributes redact(Attributes attributes, boolean ownSpan) {
    if (attributes.isEmpty()) {
      return attributes;
    }
    AttributesBuilder b = Attributes.builder();
    attributes.forEach(
        (key, value) -> {
          if (ownSpan && CAPTURED_BY_WEFT.contains(key.getKey())) {
            b.put((AttributeKey<Object>) key, value);
          } else if (key.getType() == AttributeType.STRING) {
            b.put((AttributeKey<String>) key, redactValue(key.getKey(), (String) value));
          } else if (key.getType() == AttributeType.STRING_ARRAY) {
            if (redactor.isSensitiveKey(key.getKey())) {
              b.put((AttributeKey<List<String>>) key, List.of(Redactor.REDACTED));
            } else {
              List<String> values = new ArrayList<>();
              for (String v : (List<String>) value) {
                values.add(redactor.redactText(v));
              }
              b.put((AttributeKey<List<String>>) key, values);
            }
          } else if (redactor.isSensitiveKey(key.getKey())) {
            b.put(AttributeKey.stringKey(key.getKey()), Redactor.REDACTED);
          } else {
            b.put((AttributeKey<Object>) key, value);
          }
        });
    return b.build();
  }

  private String redactValue(String key, String value) {
    if (redactor.isSensitiveKey(key)) {
      return Redactor.REDACTED;
    }
    String trimmed = value.stripLeading();
    if (!trimmed.isEmpty() && (trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[')) {
      try {
        JsonNode tree = JsonCapture.MAPPER.readTree(value);
        if (tree != null && tree.isContainerNode()) {
          String before = JsonCapture.MAPPER.writeValueAsString(tree);
          String after = JsonCapture.MAPPER.writeValueAsString(redactor.redactTree(tree));
          return before.equals(after) ? value : after;
        }
      } catch (Exception e) {
        // not JSON (or cut short): fall back to patterns
      }
    }
    return redactor.redactText(value);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "RedactingSpanExporter{" + delegate + "}";
  }
}
