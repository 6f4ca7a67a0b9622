package dev.weft.server.pricing;

import static dev.weft.server.testing.WeftApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.testing.WeftApi.TestProject;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** GenAI chat spans sent over OTLP/HTTP JSON, for the pricing tests. */
final class ChatSpans {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatSpans() {}

  /**
   * A chat span to send.
   *
   * @param traceId 32 hex digits
   * @param spanId 16 hex digits
   * @param model the request model
   * @param start the start (the span lasts 1 ms)
   * @param numbers numeric attributes (token counts, a reported cost), in order
   */
  record ChatSpan(
      String traceId, String spanId, String model, Instant start, Map<String, Number> numbers) {

    /** The span with one more numeric attribute. */
    ChatSpan with(String key, Number value) {
      Map<String, Number> more = new LinkedHashMap<>(numbers);
      more.put(key, value);
      return new ChatSpan(traceId, spanId, model, start, more);
    }
  }

  /** A fresh trace id. */
  static String traceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A chat span with these input and output token counts ({@code null}: not reported). */
  static ChatSpan chat(
      String traceId,
      String spanId,
      String model,
      Instant start,
      Long inputTokens,
      Long outputTokens) {
    ChatSpan span = new ChatSpan(traceId, spanId, model, start, Map.of());
    if (inputTokens != null) {
      span = span.with("gen_ai.usage.input_tokens", inputTokens);
    }
    if (outputTokens != null) {
      span = span.with("gen_ai.usage.output_tokens", outputTokens);
    }
    return span;
  }

  /** Sends the spans in one export and checks that none was rejected. */
  static void send(TestProject p, ChatSpan... chats) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode spans =
        body.putArray("resourceSpans")
            .addObject()
            .putArray("scopeSpans")
            .addObject()
            .putArray("spans");
    for (ChatSpan c : chats) {
      ObjectNode span = spans.addObject();
      span.put("traceId", c.traceId());
      span.put("spanId", c.spanId());
      span.put("name", "chat " + c.model());
      long start = c.start().getEpochSecond() * 1_000_000_000L + c.start().getNano();
      span.put("startTimeUnixNano", String.valueOf(start));
      span.put("endTimeUnixNano", String.valueOf(start + 1_000_000));
      ArrayNode attrs = span.putArray("attributes");
      attrs
          .addObject()
          .put("key", "gen_ai.operation.name")
          .putObject("value")
          .put("stringValue", "chat");
      attrs
          .addObject()
          .put("key", "gen_ai.request.model")
          .putObject("value")
          .put("stringValue", c.model());
      c.numbers()
          .forEach(
              (key, value) -> {
                ObjectNode v = attrs.addObject().put("key", key).putObject("value");
                if (value instanceof Double d) {
                  v.put("doubleValue", d);
                } else {
                  v.put("intValue", value.longValue());
                }
              });
    }
    as(p.key())
        .contentType(ContentType.JSON)
        .body(body.toString())
        .post("/v1/traces")
        .then()
        .statusCode(200)
        .body(not(containsString("rejected")));
  }
}
