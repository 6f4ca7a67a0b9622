package dev.weft.server.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes an OTLP/JSON {@code ExportTraceServiceRequest} (the body of {@code POST /v1/traces} with
 * {@code Content-Type: application/json}) into {@link DecodedRequest}, and an {@code
 * ExportLogsServiceRequest} ({@code POST /v1/logs}) into {@link DecodedLogRecord}s.
 *
 * <p>The body is read with one streaming Jackson {@link JsonParser} straight into the decoded
 * records, without a tree model or an intermediate protobuf message. It follows the OTLP/JSON rules
 * of the OTLP specification, which differ from the plain proto3 JSON mapping:
 *
 * <ul>
 *   <li>trace and span ids are hex strings (either case), not base64;
 *   <li>enums ({@code kind}, {@code status.code}) may be numbers or enum-value names such as {@code
 *       "SPAN_KIND_CLIENT"};
 *   <li>64-bit integers (times, {@code intValue}) may be JSON strings or numbers;
 *   <li>{@code bytesValue} is base64 (standard or URL-safe);
 *   <li>field names are lowerCamelCase, and the snake_case proto names are accepted too;
 *   <li>unknown fields are skipped, and {@code null} reads as an absent field.
 * </ul>
 *
 * <p>Spans that break the rules of {@link SpanValidator}, or whose ids are not hex, are dropped and
 * counted; any other departure from the OTLP/JSON shape fails the whole request with an {@link
 * OtlpDecodeException} that names the line and column.
 */
public final class OtlpJsonDecoder {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          // The whole body is already in memory, so a long string costs nothing extra to read.
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  /** Jackson's nested "[Source: ...; line: 1, column: 2]" notes, reduced to "[line: 1, ...]". */
  private static final Pattern SOURCE_NOTE = Pattern.compile("\\[Source: [^;\\]]*; ");

  private static final String[] SPAN_KIND_NAMES = {
    "SPAN_KIND_UNSPECIFIED",
    "SPAN_KIND_INTERNAL",
    "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER",
    "SPAN_KIND_CONSUMER"
  };

  private static final String[] STATUS_CODE_NAMES = {
    "STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"
  };

  private static final byte[] NO_BYTES = new byte[0];

  /** Longest decimal string parsed as an int64 in exponent or fraction form. */
  private static final int MAX_DECIMAL_CHARS = 64;

  private OtlpJsonDecoder() {}

  /**
   * Decodes one request body.
   *
   * @param body the UTF-8 OTLP/JSON {@code ExportTraceServiceRequest}; {@code {}} is a valid, empty
   *     request
   * @return the valid spans in wire order, plus the count and summary of rejected spans
   * @throws OtlpDecodeException when the body is not JSON or not shaped like an OTLP/JSON request;
   *     the message names the line and column
   */
  public static DecodedRequest decode(byte[] body) {
    return read(body, Reader::request);
  }

  /**
   * Decodes one OTLP/JSON {@code ExportLogsServiceRequest} (the body of {@code POST /v1/logs} with
   * {@code Content-Type: application/json}).
   *
   * @param body the UTF-8 request; {@code {}} is a valid, empty request
   * @return every log record in wire order, ids as sent (a non-hex id is read as no id)
   * @throws OtlpDecodeException when the body is not JSON or not shaped like an OTLP/JSON request;
   *     the message names the line and column
   */
  public static List<DecodedLogRecord> decodeLogs(byte[] body) {
    return read(body, Reader::logRequest);
  }

  /** A request read by one of the {@link Reader}'s entry points. */
  private interface Entry<T> {
    T read(Reader reader) throws IOException;
  }

  private static <T> T read(byte[] body, Entry<T> entry) {
    if (body == null) {
      throw new OtlpDecodeException("request body is missing");
    }
    try (JsonParser parser = FACTORY.createParser(body)) {
      return entry.read(new Reader(parser));
    } catch (JsonProcessingException e) {
      String detail =
          e.getOriginalMessage() == null
              ? e.getClass().getSimpleName()
              : SOURCE_NOTE.matcher(e.getOriginalMessage()).replaceAll("[");
      throw new OtlpDecodeException(at(e.getLocation()) + detail, e);
    } catch (IOException e) {
      throw new OtlpDecodeException("could not read the OTLP/JSON request body: " + e, e);
    }
  }

  private static String at(JsonLocation location) {
    if (location == null) {
      return "malformed OTLP/JSON: ";
    }
    return "malformed OTLP/JSON at line "
        + location.getLineNr()
        + ", column "
        + location.getColumnNr()
        + ": ";
  }

  /** Reads one request; holds the per-request state. */
  private static final class Reader {

    private final JsonParser p;
    private final List<DecodedSpan> spans = new ArrayList<>();
    private final SpanRejections rejections = new SpanRejections();
    private final List<DecodedLogRecord> logs = new ArrayList<>();

    /** Spans of the current ResourceSpans, waiting for its resource (which may come last). */
    private final List<SpanDraft> drafts = new ArrayList<>();

    Reader(JsonParser parser) {
      this.p = parser;
    }

    DecodedRequest request() throws IOException {
      topLevel("ExportTraceServiceRequest", "resourceSpans", "resource_spans", this::resourceSpans);
      return new DecodedRequest(spans, rejections.count(), rejections.message());
    }

    List<DecodedLogRecord> logRequest() throws IOException {
      topLevel("ExportLogsServiceRequest", "resourceLogs", "resource_logs", this::resourceLogs);
      return logs;
    }

    /** Reads the request object, handing each element of its one array field to {@code element}. */
    private void topLevel(String message, String field, String snakeField, Element element)
        throws IOException {
      JsonToken token = p.nextToken();
      if (token == null) {
        throw new OtlpDecodeException(
            "request body is empty; expected an OTLP/JSON " + message + " object");
      }
      if (token != JsonToken.START_OBJECT) {
        throw expected("an object", "the request", token);
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        token = p.nextToken();
        if ((name.equals(field) || name.equals(snakeField)) && startArray(token, name)) {
          while (nextElement()) {
            element.read();
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw error("unexpected content after the request object");
      }
    }

    private void resourceLogs() throws IOException {
      if (!elementObject("resourceLogs")) {
        return;
      }
      DecodedResource resource = DecodedResource.EMPTY;
      List<LogDraft> drafts = new ArrayList<>();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        switch (field) {
          case "resource" -> resource = resource(token);
          case "scopeLogs", "scope_logs" -> {
            if (startArray(token, field)) {
              while (nextElement()) {
                scopeLogs(drafts);
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      // The resource may come after the records: build them once the object is read.
      for (LogDraft d : drafts) {
        logs.add(d.build(resource));
      }
    }

    private void scopeLogs(List<LogDraft> drafts) throws IOException {
      if (!elementObject("scopeLogs")) {
        return;
      }
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (("logRecords".equals(field) || "log_records".equals(field))
            && startArray(token, field)) {
          while (nextElement()) {
            LogDraft d = logRecord();
            if (d != null) {
              drafts.add(d);
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }

    private LogDraft logRecord() throws IOException {
      if (!elementObject("logRecords")) {
        return null;
      }
      LogDraft d = new LogDraft();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "traceId", "trace_id" -> d.traceId = idOrEmpty(token, field);
          case "spanId", "span_id" -> d.spanId = idOrEmpty(token, field);
          case "flags" -> d.flags = (int) int64(token, field);
          case "timeUnixNano", "time_unix_nano" -> d.time = int64(token, field);
          case "observedTimeUnixNano", "observed_time_unix_nano" ->
              d.observedTime = int64(token, field);
          case "eventName", "event_name" -> d.eventName = string(token, field, "");
          case "attributes" -> d.attributes = attributes(token, field);
          case "body" -> d.body = anyValue(token);
          default -> p.skipChildren();
        }
      }
      return d;
    }

    /** A hex id as bytes; no bytes when the text is not hex (the record is then refused later). */
    private byte[] idOrEmpty(JsonToken token, String field) throws IOException {
      byte[] id = hexId(token, field);
      return id == null ? NO_BYTES : id;
    }

    private void resourceSpans() throws IOException {
      if (!elementObject("resourceSpans")) {
        return;
      }
      DecodedResource resource = DecodedResource.EMPTY;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        switch (field) {
          case "resource" -> resource = resource(token);
          case "scopeSpans", "scope_spans" -> {
            if (startArray(token, field)) {
              while (nextElement()) {
                scopeSpans();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      for (SpanDraft draft : drafts) {
        spans.add(draft.build(resource));
      }
      drafts.clear();
    }

    private DecodedResource resource(JsonToken token) throws IOException {
      if (!startObject(token, "resource")) {
        return DecodedResource.EMPTY;
      }
      Map<String, Object> attributes = Map.of();
      String field;
      while ((field = p.nextFieldName()) != null) {
        token = p.nextToken();
        if ("attributes".equals(field)) {
          attributes = attributes(token, field);
        } else {
          p.skipChildren();
        }
      }
      return attributes.isEmpty() ? DecodedResource.EMPTY : new DecodedResource(attributes);
    }

    private void scopeSpans() throws IOException {
      if (!elementObject("scopeSpans")) {
        return;
      }
      DecodedScope scope = DecodedScope.EMPTY;
      int first = drafts.size();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        switch (field) {
          case "scope" -> scope = scope(token);
          case "spans" -> {
            if (startArray(token, field)) {
              while (nextElement()) {
                span();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      for (int i = first; i < drafts.size(); i++) {
        drafts.get(i).scope = scope;
      }
    }

    private DecodedScope scope(JsonToken token) throws IOException {
      if (!startObject(token, "scope")) {
        return DecodedScope.EMPTY;
      }
      String name = "";
      String version = "";
      String field;
      while ((field = p.nextFieldName()) != null) {
        token = p.nextToken();
        switch (field) {
          case "name" -> name = string(token, field, name);
          case "version" -> version = string(token, field, version);
          default -> p.skipChildren();
        }
      }
      return name.isEmpty() && version.isEmpty()
          ? DecodedScope.EMPTY
          : new DecodedScope(name, version);
    }

    private void span() throws IOException {
      if (!elementObject("spans")) {
        return;
      }
      SpanDraft d = new SpanDraft();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "traceId", "trace_id" -> {
            d.traceId = hexId(token, field);
            if (d.traceId == null) {
              d.traceIdText = p.getText();
              d.hexProblem("trace_id");
            }
          }
          case "spanId", "span_id" -> {
            d.spanId = hexId(token, field);
            if (d.spanId == null) {
              d.hexProblem("span_id");
            }
          }
          case "parentSpanId", "parent_span_id" -> {
            d.parentSpanId = hexId(token, field);
            if (d.parentSpanId == null) {
              d.hexProblem("parent_span_id");
            }
          }
          case "traceState", "trace_state" -> d.traceState = string(token, field, "");
          case "name" -> d.name = string(token, field, "");
          case "kind" -> d.kind = SpanValidator.kind(enumNumber(token, field, SPAN_KIND_NAMES));
          case "startTimeUnixNano", "start_time_unix_nano" -> d.start = int64(token, field);
          case "endTimeUnixNano", "end_time_unix_nano" -> d.end = int64(token, field);
          case "attributes" -> d.attributes = attributes(token, field);
          case "events" -> d.events = events(token, field);
          case "links" -> d.links = links(token, field);
          case "status" -> status(token, d);
          default -> p.skipChildren();
        }
      }
      String problem = d.hexProblem;
      byte[] traceId = d.traceId == null ? NO_BYTES : d.traceId;
      if (problem == null) {
        problem =
            SpanValidator.problem(
                traceId, d.spanId == null ? NO_BYTES : d.spanId, d.parentSpanId, d.start, d.end);
      }
      if (problem == null) {
        drafts.add(d);
      } else if (d.traceIdText != null) {
        rejections.reject(problem, d.name, d.traceIdText);
      } else {
        rejections.reject(problem, d.name, traceId);
      }
    }

    private void status(JsonToken token, SpanDraft d) throws IOException {
      if (!startObject(token, "status")) {
        return;
      }
      String field;
      while ((field = p.nextFieldName()) != null) {
        token = p.nextToken();
        switch (field) {
          case "code" ->
              d.statusCode =
                  token == JsonToken.VALUE_NULL
                      ? 0
                      : SpanValidator.statusCode(enumNumber(token, field, STATUS_CODE_NAMES));
          case "message" -> d.statusMessage = string(token, field, "");
          default -> p.skipChildren();
        }
      }
    }

    private List<DecodedEvent> events(JsonToken token, String field) throws IOException {
      if (!startArray(token, field) || !nextElement()) {
        return List.of();
      }
      List<DecodedEvent> events = new ArrayList<>();
      do {
        if (elementObject(field)) {
          events.add(event());
        }
      } while (nextElement());
      return events;
    }

    private DecodedEvent event() throws IOException {
      String name = "";
      long time = 0;
      Map<String, Object> attributes = Map.of();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "name" -> name = string(token, field, "");
          case "timeUnixNano", "time_unix_nano" -> time = int64(token, field);
          case "attributes" -> attributes = attributes(token, field);
          default -> p.skipChildren();
        }
      }
      return new DecodedEvent(name, time, attributes);
    }

    private List<DecodedLink> links(JsonToken token, String field) throws IOException {
      if (!startArray(token, field) || !nextElement()) {
        return List.of();
      }
      List<DecodedLink> links = new ArrayList<>();
      do {
        if (elementObject(field)) {
          DecodedLink link = link();
          if (link != null) {
            links.add(link);
          }
        }
      } while (nextElement());
      return links.isEmpty() ? List.of() : links;
    }

    /** The link, or {@code null} when its ids cannot address a span. */
    private DecodedLink link() throws IOException {
      byte[] traceId = null;
      byte[] spanId = null;
      Map<String, Object> attributes = Map.of();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "traceId", "trace_id" -> traceId = hexId(token, field);
          case "spanId", "span_id" -> spanId = hexId(token, field);
          case "attributes" -> attributes = attributes(token, field);
          default -> p.skipChildren();
        }
      }
      return SpanValidator.validLink(traceId, spanId)
          ? new DecodedLink(traceId, spanId, attributes)
          : null;
    }

    /** A list of {@code KeyValue} as an insertion-ordered map; empty values are omitted. */
    private Map<String, Object> attributes(JsonToken token, String field) throws IOException {
      if (!startArray(token, field) || !nextElement()) {
        return Map.of();
      }
      LinkedHashMap<String, Object> map = new LinkedHashMap<>();
      do {
        keyValueInto(map, field);
      } while (nextElement());
      return map.isEmpty() ? Map.of() : map;
    }

    private void keyValueInto(Map<String, Object> map, String field) throws IOException {
      if (!elementObject(field)) {
        return;
      }
      String key = "";
      Object value = null;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        switch (name) {
          case "key" -> key = string(token, name, "");
          case "value" -> value = anyValue(token);
          default -> p.skipChildren();
        }
      }
      if (value != null) {
        map.put(key, value);
      }
    }

    /** The plain Java value of an {@code AnyValue} object; {@code null} when none is set. */
    private Object anyValue(JsonToken token) throws IOException {
      if (!startObject(token, "value")) {
        return null;
      }
      Object value = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        token = p.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "stringValue", "string_value" -> value = string(token, field, "");
          case "boolValue", "bool_value" -> value = bool(token, field);
          case "intValue", "int_value" -> value = int64(token, field);
          case "doubleValue", "double_value" -> value = float64(token, field);
          case "arrayValue", "array_value" -> value = arrayValue(token, field);
          case "kvlistValue", "kvlist_value" -> value = kvlistValue(token, field);
          case "bytesValue", "bytes_value" -> value = bytesValue(token, field);
          default -> p.skipChildren();
        }
      }
      return value;
    }

    private List<Object> arrayValue(JsonToken token, String field) throws IOException {
      requireObject(token, field);
      List<Object> list = new ArrayList<>();
      String name;
      while ((name = p.nextFieldName()) != null) {
        token = p.nextToken();
        if ("values".equals(name) && startArray(token, name)) {
          while (nextElement()) {
            list.add(anyValue(p.currentToken()));
          }
        } else {
          p.skipChildren();
        }
      }
      return list;
    }

    private LinkedHashMap<String, Object> kvlistValue(JsonToken token, String field)
        throws IOException {
      requireObject(token, field);
      LinkedHashMap<String, Object> map = new LinkedHashMap<>();
      String name;
      while ((name = p.nextFieldName()) != null) {
        token = p.nextToken();
        if ("values".equals(name) && startArray(token, name)) {
          while (nextElement()) {
            keyValueInto(map, name);
          }
        } else {
          p.skipChildren();
        }
      }
      return map;
    }

    private String bytesValue(JsonToken token, String field) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        throw expected("a base64 string", field, token);
      }
      String text = p.getText();
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException standardFailed) {
        try {
          bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException urlSafeFailed) {
          throw error("expected base64 for " + field + ": " + standardFailed.getMessage());
        }
      }
      return Base64.getEncoder().encodeToString(bytes);
    }

    // ---- scalars ----

    /** A hex id as bytes; {@code null} when the text is not hex. */
    private byte[] hexId(JsonToken token, String field) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        throw expected("a hex string", field, token);
      }
      return OtlpText.hexToBytes(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private String string(JsonToken token, String field, String ifNull) throws IOException {
      if (token == JsonToken.VALUE_STRING) {
        return OtlpText.clean(p.getText());
      }
      if (token == JsonToken.VALUE_NULL) {
        return ifNull;
      }
      throw expected("a string", field, token);
    }

    private Boolean bool(JsonToken token, String field) throws IOException {
      return switch (token) {
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> throw expected("a boolean", field, token);
      };
    }

    /** An int64 / fixed64 field: a JSON number or a decimal string. */
    private long int64(JsonToken token, String field) throws IOException {
      switch (token) {
        case VALUE_NUMBER_INT:
          return p.getLongValue();
        case VALUE_NUMBER_FLOAT:
          return exactLong(p.getDecimalValue(), field);
        case VALUE_STRING:
          String text = p.getText().trim();
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException notPlain) {
            // Exponent forms ("1.7e18") are short; the length cap keeps BigDecimal parsing cheap.
            if (text.length() <= MAX_DECIMAL_CHARS) {
              try {
                return exactLong(new BigDecimal(text), field);
              } catch (NumberFormatException notNumber) {
                // fall through to the error below
              }
            }
            throw error(
                "expected an integer for "
                    + field
                    + ", got \""
                    + OtlpText.abbreviate(OtlpText.clean(text), 40)
                    + "\"");
          }
        default:
          throw expected("an integer or an integer string", field, token);
      }
    }

    private long exactLong(BigDecimal value, String field) {
      try {
        return value.longValueExact();
      } catch (ArithmeticException e) {
        throw error(
            "expected a 64-bit integer for "
                + field
                + ", got "
                + OtlpText.abbreviate(value.toString(), 40));
      }
    }

    private double float64(JsonToken token, String field) throws IOException {
      switch (token) {
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return p.getDoubleValue();
        case VALUE_STRING:
          String text = p.getText().trim();
          try {
            return Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw error(
                "expected a number for "
                    + field
                    + ", got \""
                    + OtlpText.abbreviate(OtlpText.clean(text), 40)
                    + "\"");
          }
        default:
          throw expected("a number", field, token);
      }
    }

    /** An enum field: its number, or the number of its value name (unknown names read as 0). */
    private int enumNumber(JsonToken token, String field, String[] names) throws IOException {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return p.getIntValue();
      }
      if (token != JsonToken.VALUE_STRING) {
        throw expected("an enum name or number", field, token);
      }
      String text = p.getText();
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(text)) {
          return i;
        }
      }
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    // ---- structure ----

    /** Advances within an array: {@code true} on an element, {@code false} at the array's end. */
    private boolean nextElement() throws IOException {
      JsonToken token = p.nextToken();
      if (token == null) {
        throw error("unexpected end of input inside an array");
      }
      return token != JsonToken.END_ARRAY;
    }

    /** Whether an array element is an object to read ({@code null} elements are skipped). */
    private boolean elementObject(String arrayField) {
      JsonToken token = p.currentToken();
      if (token == JsonToken.START_OBJECT) {
        return true;
      }
      if (token == JsonToken.VALUE_NULL) {
        return false;
      }
      throw expected("an object", "an element of " + arrayField, token);
    }

    private boolean startArray(JsonToken token, String field) {
      if (token == JsonToken.START_ARRAY) {
        return true;
      }
      if (token == JsonToken.VALUE_NULL) {
        return false;
      }
      throw expected("an array", field, token);
    }

    private boolean startObject(JsonToken token, String field) {
      if (token == JsonToken.START_OBJECT) {
        return true;
      }
      if (token == JsonToken.VALUE_NULL) {
        return false;
      }
      throw expected("an object", field, token);
    }

    private void requireObject(JsonToken token, String field) {
      if (token != JsonToken.START_OBJECT) {
        throw expected("an object", field, token);
      }
    }

    private OtlpDecodeException expected(String what, String field, JsonToken got) {
      return error("expected " + what + " for " + field + ", got " + describe(got));
    }

    private OtlpDecodeException error(String message) {
      return new OtlpDecodeException(at(p.currentTokenLocation()) + message);
    }

    private static String describe(JsonToken token) {
      if (token == null) {
        return "the end of input";
      }
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
      };
    }
  }

  /** A span read before its ResourceSpans' resource is known. */
  /** Reads one element of a top-level array. */
  private interface Element {
    void read() throws IOException;
  }

  /** A log record read before its resource. */
  private static final class LogDraft {
    byte[] traceId = NO_BYTES;
    byte[] spanId = NO_BYTES;
    int flags;
    long time;
    long observedTime;
    String eventName = "";
    Map<String, Object> attributes = Map.of();
    Object body;

    DecodedLogRecord build(DecodedResource resource) {
      return new DecodedLogRecord(
          traceId,
          spanId,
          flags,
          DecodedLogRecord.time(time, observedTime),
          DecodedLogRecord.eventName(eventName, attributes),
          attributes,
          body,
          resource);
    }
  }

  private static final class SpanDraft {
    byte[] traceId;
    byte[] spanId;
    byte[] parentSpanId;
    String traceIdText;
    String hexProblem;
    String traceState = "";
    String name = "";
    int kind;
    long start;
    long end;
    Map<String, Object> attributes = Map.of();
    List<DecodedEvent> events = List.of();
    List<DecodedLink> links = List.of();
    int statusCode;
    String statusMessage = "";
    DecodedScope scope = DecodedScope.EMPTY;

    void hexProblem(String protoField) {
      if (hexProblem == null) {
        hexProblem = protoField + " is not valid hex";
      }
    }

    DecodedSpan build(DecodedResource resource) {
      return new DecodedSpan(
          traceId,
          spanId,
          SpanValidator.parentOrNull(parentSpanId),
          traceState,
          name,
          kind,
          start,
          end,
          attributes,
          events,
          links,
          statusCode,
          statusMessage,
          resource,
          scope);
    }
  }
}
