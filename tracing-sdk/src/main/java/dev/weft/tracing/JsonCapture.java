package dev.weft.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns captured values into redacted, size-limited JSON text. Never throws: a value that cannot be
 * serialized becomes a description of it, and the failure is counted.
 */
final class JsonCapture {

  /** Appended to cut text, so a reader sees that it was cut and how much was there. */
  static final String TRUNCATION_MARKER = "...[truncated by weft: %d of %d chars shown]";

  static final ObjectMapper MAPPER = newMapper();

  private final Redactor redactor;
  private final int maxChars;
  private final SdkStats stats;

  JsonCapture(Redactor redactor, int maxChars, SdkStats stats) {
    this.redactor = redactor;
    this.maxChars = maxChars;
    this.stats = stats;
  }

  Redactor redactor() {
    return redactor;
  }

  /** Result of a capture: the text and whether it was cut. */
  record Captured(String json, boolean truncated) {}

  /** The value as redacted JSON, cut to the size limit. */
  Captured capture(Object value) {
    String json;
    try {
      if (!(value instanceof JsonNode)) {
        // fast path: most values hold nothing to redact, and a tree costs more than the text
        json = MAPPER.writeValueAsString(value);
        if (!redactor.mayNeedRedaction(json)) {
          return limit(json);
        }
      }
      JsonNode tree = MAPPER.valueToTree(value);
      if (tree == null) {
        return new Captured("null", false);
      }
      if (tree.isTextual()) {
        tree = TextNode.valueOf(redactor.redactText(tree.textValue()));
      } else {
        redactor.redactTree(tree);
      }
      json = MAPPER.writeValueAsString(tree);
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      stats.error();
      String type = value == null ? "null" : value.getClass().getName();
      json = "\"<not serializable: " + type + ">\"";
    }
    return limit(json);
  }

  Captured limit(String json) {
    if (json.length() <= maxChars) {
      return new Captured(json, false);
    }
    return new Captured(
        json.substring(0, maxChars) + String.format(TRUNCATION_MARKER, maxChars, json.length()),
        true);
  }

  private static ObjectMapper newMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(new Jdk8Module());
    return mapper;
  }
}
