package dev.weft.server.normalize;

import dev.weft.server.ingest.otlp.DecodedEvent;
import dev.weft.server.ingest.otlp.DecodedSpan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable working state of one normalization. Every setter keeps the first usable value it is
 * given and ignores later ones ("first non-null wins"), so conventions applied in precedence order
 * never overwrite a field an earlier convention set. Setters answer whether they took the value.
 *
 * <p>Content setters (messages, input, output) take the attribute keys the content came from; those
 * keys are left out of {@link CanonicalSpan#attributes()} only when the content was taken. Events
 * are left out of {@link CanonicalSpan#events()} only when marked consumed.
 */
final class CanonicalSpanBuilder {

  /** The canonical string fields conventions fill from attribute tables. */
  enum Text {
    OPERATION_NAME,
    PROVIDER,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    RESPONSE_ID,
    SESSION_ID,
    RUN_ID,
    PROMPT_NAME,
    PROMPT_VERSION,
    PROJECT,
    TOOL_NAME,
    TOOL_CALL_ID,
    ERROR_TYPE,
    ERROR_MESSAGE
  }

  /** The canonical token-count fields. */
  enum Count {
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    TOTAL_TOKENS,
    CACHE_READ_TOKENS,
    CACHE_WRITE_TOKENS
  }

  private final Map<Text, String> texts = new EnumMap<>(Text.class);
  private final Map<Count, Long> counts = new EnumMap<>(Count.class);
  private final Map<String, Object> requestParameters = new LinkedHashMap<>();
  private final Set<String> consumedKeys = new HashSet<>();
  private final Set<Integer> consumedEvents = new HashSet<>();
  private SpanCategory category;
  private SpanCategory categoryHint;
  private List<ChatMessage> inputMessages;
  private List<ChatMessage> outputMessages;
  private Object input;
  private Object output;
  private Double reportedCost;
  private List<String> finishReasons;

  /** Sets a string field from a scalar attribute value if the field is still empty. */
  boolean text(Text field, Object value) {
    if (texts.containsKey(field)) {
      return false;
    }
    String t = Values.text(value);
    if (t == null) {
      return false;
    }
    texts.put(field, t);
    return true;
  }

  /**
   * Decides that a string field has no value, whatever later conventions say (e.g. a framework that
   * puts its own name where the model provider goes). No effect when the field is already set.
   */
  void noText(Text field) {
    if (!texts.containsKey(field)) {
      texts.put(field, null); // EnumMap keeps the key: text() and texts() skip the field from now
    }
  }

  /** The string field's value so far, or {@code null}. */
  String text(Text field) {
    return texts.get(field);
  }

  /** Applies a declarative table of attribute key to string field, in the table's order. */
  void texts(Map<String, Text> table, Map<String, Object> attributes) {
    if (attributes == null) {
      return;
    }
    if (attributes.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Text> e : table.entrySet()) {
      // A field already set keeps its value: skip the lookup.
      if (!texts.containsKey(e.getValue())) {
        text(e.getValue(), attributes.get(e.getKey()));
      }
    }
  }

  /** Sets a token count from a Long, Double or numeric String if the field is still empty. */
  boolean count(Count field, Object value) {
    if (counts.containsKey(field)) {
      return false;
    }
    Long n = Values.count(value);
    if (n == null) {
      return false;
    }
    counts.put(field, n);
    return true;
  }

  /** Applies a declarative table of attribute key to count field, in the table's order. */
  void counts(Map<String, Count> table, Map<String, Object> attributes) {
    if (attributes == null) {
      return;
    }
    if (attributes.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Count> e : table.entrySet()) {
      if (!counts.containsKey(e.getValue())) {
        count(e.getValue(), attributes.get(e.getKey()));
      }
    }
  }

  /** Sets the category if no convention has. */
  boolean category(SpanCategory value) {
    if (category != null || value == null) {
      return false;
    }
    category = value;
    return true;
  }

  /** The category a convention set, or {@code null}. */
  SpanCategory category() {
    return category;
  }

  /**
   * Offers a weak guess at the category, used only when no convention sets one (e.g. a span with
   * model attributes but no operation name is probably a chat call).
   */
  void categoryHint(SpanCategory value) {
    if (categoryHint == null) {
      categoryHint = value;
    }
  }

  /** Sets the reported cost from a numeric value if none is set yet. Negative costs are ignored. */
  boolean reportedCost(Object value) {
    if (reportedCost != null) {
      return false;
    }
    Double d = Values.number(value);
    if (d == null || d < 0) {
      return false;
    }
    reportedCost = d;
    return true;
  }

  /** Sets the finish reasons from a list, JSON array string or single string, if none yet. */
  boolean finishReasons(Object value) {
    if (finishReasons != null) {
      return false;
    }
    List<String> reasons = Values.stringList(value);
    if (reasons == null) {
      return false;
    }
    finishReasons = List.copyOf(reasons);
    return true;
  }

  /** Adds a request parameter unless one of that name is already there or the value is null. */
  void requestParameter(String name, Object value) {
    if (name != null && !name.isBlank() && value != null) {
      requestParameters.putIfAbsent(name, value);
    }
  }

  /** Sets the input messages if none are set and the list is not empty; consumes the keys. */
  boolean inputMessages(List<ChatMessage> messages, Collection<String> keys) {
    if (inputMessages != null || messages == null || messages.isEmpty()) {
      return false;
    }
    inputMessages = List.copyOf(messages);
    consumeAll(keys);
    return true;
  }

  /** Whether input messages are set. */
  boolean hasInputMessages() {
    return inputMessages != null;
  }

  /** Sets the output messages if none are set and the list is not empty; consumes the keys. */
  boolean outputMessages(List<ChatMessage> messages, Collection<String> keys) {
    if (outputMessages != null || messages == null || messages.isEmpty()) {
      return false;
    }
    outputMessages = List.copyOf(messages);
    consumeAll(keys);
    return true;
  }

  /** Whether output messages are set. */
  boolean hasOutputMessages() {
    return outputMessages != null;
  }

  /** Sets the non-message input if none is set and the value is not null; consumes the keys. */
  boolean input(Object value, Collection<String> keys) {
    if (input != null || value == null) {
      return false;
    }
    input = value;
    consumeAll(keys);
    return true;
  }

  /** Sets the non-message output if none is set and the value is not null; consumes the keys. */
  boolean output(Object value, Collection<String> keys) {
    if (output != null || value == null) {
      return false;
    }
    output = value;
    consumeAll(keys);
    return true;
  }

  /** Whether the non-message output is set. */
  boolean hasOutput() {
    return output != null;
  }

  /** Leaves the attribute out of the canonical span's attributes (its content was taken). */
  void consume(String key) {
    consumedKeys.add(key);
  }

  /** Leaves the attributes out of the canonical span's attributes. */
  void consumeAll(Collection<String> keys) {
    if (keys != null) {
      consumedKeys.addAll(keys);
    }
  }

  /** Leaves the span event at this index out of the canonical span's events. */
  void consumeEvent(int index) {
    consumedEvents.add(index);
  }

  /**
   * The canonical span: the fields set so far, the category (set, else hinted, else {@link
   * SpanCategory#OTHER}), the total tokens derived from input + output when no source gave it, the
   * finish reasons derived from the output messages when no source listed them, and the span's
   * attributes and events less those consumed.
   */
  CanonicalSpan build(DecodedSpan span) {
    Long in = counts.get(Count.INPUT_TOKENS);
    Long out = counts.get(Count.OUTPUT_TOKENS);
    Long total = counts.get(Count.TOTAL_TOKENS);
    if (total == null && (in != null || out != null)) {
      total = (in == null ? 0 : in) + (out == null ? 0 : out);
    }
    List<String> reasons = finishReasons;
    if (reasons == null && outputMessages != null) {
      List<String> derived = new ArrayList<>();
      for (ChatMessage m : outputMessages) {
        if (m.finishReason() != null) {
          derived.add(m.finishReason());
        }
      }
      reasons = derived.isEmpty() ? null : List.copyOf(derived);
    }
    SpanCategory cat =
        category != null ? category : categoryHint != null ? categoryHint : SpanCategory.OTHER;
    return new CanonicalSpan(
        cat,
        texts.get(Text.OPERATION_NAME),
        texts.get(Text.PROVIDER),
        texts.get(Text.REQUEST_MODEL),
        texts.get(Text.RESPONSE_MODEL),
        inputMessages,
        outputMessages,
        input,
        output,
        in,
        out,
        total,
        counts.get(Count.CACHE_READ_TOKENS),
        counts.get(Count.CACHE_WRITE_TOKENS),
        reportedCost,
        texts.get(Text.SESSION_ID),
        texts.get(Text.RUN_ID),
        texts.get(Text.PROMPT_NAME),
        texts.get(Text.PROMPT_VERSION),
        texts.get(Text.PROJECT),
        Collections.unmodifiableMap(new LinkedHashMap<>(requestParameters)),
        texts.get(Text.RESPONSE_ID),
        reasons,
        texts.get(Text.TOOL_NAME),
        texts.get(Text.TOOL_CALL_ID),
        texts.get(Text.ERROR_TYPE),
        texts.get(Text.ERROR_MESSAGE),
        remainingAttributes(span),
        remainingEvents(span));
  }

  private Map<String, Object> remainingAttributes(DecodedSpan span) {
    Map<String, Object> attrs = span == null ? null : span.attributes();
    if (attrs != null && consumedKeys.isEmpty()) {
      // Nothing taken: a read-only view of the decoded attributes, in their order, not a copy.
      return Collections.unmodifiableMap(attrs);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (attrs != null) {
      attrs.forEach(
          (k, v) -> {
            if (!consumedKeys.contains(k)) {
              out.put(k, v);
            }
          });
    }
    return Collections.unmodifiableMap(out);
  }

  private List<DecodedEvent> remainingEvents(DecodedSpan span) {
    List<DecodedEvent> events = span == null ? null : span.events();
    if (events == null || events.isEmpty()) {
      return List.of();
    }
    List<DecodedEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      if (!consumedEvents.contains(i)) {
        out.add(events.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }
}
