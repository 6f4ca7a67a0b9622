package dev.weft.server.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP/protobuf {@code ExportTraceServiceRequest} (the body of {@code POST /v1/traces}
 * with {@code Content-Type: application/x-protobuf}, or one gRPC {@code TraceService/Export}
 * message) into {@link DecodedRequest}.
 *
 * <p>proto3 parsing rejects strings that are not valid UTF-8, so decoded strings are well-formed
 * UTF-16 and only U+0000 needs replacing.
 *
 * <p>Spans that break the rules of {@link SpanValidator} are dropped and counted; strings are
 * cleaned of characters PostgreSQL cannot store; attribute values become plain Java objects as
 * described on {@link DecodedSpan}.
 */
public final class OtlpProtobufDecoder {

  private OtlpProtobufDecoder() {}

  /**
   * Decodes one request body.
   *
   * @param body the serialized {@code ExportTraceServiceRequest}; zero bytes is a valid, empty
   *     request
   * @return the valid spans in wire order, plus the count and summary of rejected spans
   * @throws OtlpDecodeException when the bytes are not a valid {@code ExportTraceServiceRequest}
   */
  public static DecodedRequest decode(byte[] body) {
    if (body == null) {
      throw new OtlpDecodeException("request body is missing");
    }
    try {
      return OtlpProtobufFastPath.decode(body);
    } catch (IOException | RuntimeException e) {
      // Not the usual shape, or not valid: the generated classes decide, and word any error.
    }
    return decodeGeneral(body);
  }

  /** {@link #decode} through the generated protobuf classes, whatever the request's shape. */
  static DecodedRequest decodeGeneral(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new OtlpDecodeException(
          "request body is not a valid OTLP ExportTraceServiceRequest protobuf: " + detail, e);
    }
    return map(request);
  }

  /**
   * Decodes one OTLP/protobuf {@code ExportLogsServiceRequest} (the body of {@code POST /v1/logs}
   * and of the gRPC {@code LogsService/Export}).
   *
   * @param body the serialized request; zero bytes is a valid, empty request
   * @return every log record in wire order, ids as sent
   * @throws OtlpDecodeException when the bytes are not a valid {@code ExportLogsServiceRequest}
   */
  public static List<DecodedLogRecord> decodeLogs(byte[] body) {
    if (body == null) {
      throw new OtlpDecodeException("request body is missing");
    }
    ExportLogsServiceRequest request;
    try {
      request = ExportLogsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new OtlpDecodeException(
          "request body is not a valid OTLP ExportLogsServiceRequest protobuf: " + detail, e);
    }
    List<DecodedLogRecord> records = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      DecodedResource resource =
          resourceLogs.hasResource() ? resource(resourceLogs.getResource()) : DecodedResource.EMPTY;
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          Map<String, Object> attributes = attributes(log.getAttributesList());
          records.add(
              new DecodedLogRecord(
                  log.getTraceId().toByteArray(),
                  log.getSpanId().toByteArray(),
                  log.getFlags(),
                  DecodedLogRecord.time(log.getTimeUnixNano(), log.getObservedTimeUnixNano()),
                  DecodedLogRecord.eventName(
                      OtlpText.cleanWellFormed(log.getEventName()), attributes),
                  attributes,
                  log.hasBody() ? value(log.getBody()) : null,
                  resource));
        }
      }
    }
    return records;
  }

  private static DecodedRequest map(ExportTraceServiceRequest request) {
    List<DecodedSpan> spans = new ArrayList<>();
    SpanRejections rejections = new SpanRejections();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      DecodedResource resource =
          resourceSpans.hasResource()
              ? resource(resourceSpans.getResource())
              : DecodedResource.EMPTY;
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        DecodedScope scope =
            scopeSpans.hasScope() ? scope(scopeSpans.getScope()) : DecodedScope.EMPTY;
        for (Span span : scopeSpans.getSpansList()) {
          DecodedSpan decoded = span(span, resource, scope, rejections);
          if (decoded != null) {
            spans.add(decoded);
          }
        }
      }
    }
    return new DecodedRequest(spans, rejections.count(), rejections.message());
  }

  private static DecodedResource resource(Resource resource) {
    Map<String, Object> attributes = attributes(resource.getAttributesList());
    return attributes.isEmpty() ? DecodedResource.EMPTY : new DecodedResource(attributes);
  }

  private static DecodedScope scope(InstrumentationScope scope) {
    String name = OtlpText.cleanWellFormed(scope.getName());
    String version = OtlpText.cleanWellFormed(scope.getVersion());
    return name.isEmpty() && version.isEmpty()
        ? DecodedScope.EMPTY
        : new DecodedScope(name, version);
  }

  /** The decoded span, or {@code null} after recording why it was rejected. */
  private static DecodedSpan span(
      Span span, DecodedResource resource, DecodedScope scope, SpanRejections rejections) {
    byte[] traceId = span.getTraceId().toByteArray();
    byte[] spanId = span.getSpanId().toByteArray();
    byte[] parentSpanId = span.getParentSpanId().toByteArray();
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano();
    String name = OtlpText.cleanWellFormed(span.getName());
    String problem = SpanValidator.problem(traceId, spanId, parentSpanId, start, end);
    if (problem != null) {
      rejections.reject(problem, name, traceId);
      return null;
    }
    int statusCode = 0;
    String statusMessage = "";
    if (span.hasStatus()) {
      statusCode = SpanValidator.statusCode(span.getStatus().getCodeValue());
      statusMessage = OtlpText.cleanWellFormed(span.getStatus().getMessage());
    }
    return new DecodedSpan(
        traceId,
        spanId,
        SpanValidator.parentOrNull(parentSpanId),
        OtlpText.cleanWellFormed(span.getTraceState()),
        name,
        SpanValidator.kind(span.getKindValue()),
        start,
        end,
        attributes(span.getAttributesList()),
        events(span.getEventsList()),
        links(span.getLinksList()),
        statusCode,
        statusMessage,
        resource,
        scope);
  }

  private static List<DecodedEvent> events(List<Span.Event> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<DecodedEvent> out = new ArrayList<>(events.size());
    for (Span.Event event : events) {
      out.add(
          new DecodedEvent(
              OtlpText.cleanWellFormed(event.getName()),
              event.getTimeUnixNano(),
              attributes(event.getAttributesList())));
    }
    return out;
  }

  private static List<DecodedLink> links(List<Span.Link> links) {
    if (links.isEmpty()) {
      return List.of();
    }
    List<DecodedLink> out = new ArrayList<>(links.size());
    for (Span.Link link : links) {
      byte[] traceId = link.getTraceId().toByteArray();
      byte[] spanId = link.getSpanId().toByteArray();
      if (SpanValidator.validLink(traceId, spanId)) {
        out.add(new DecodedLink(traceId, spanId, attributes(link.getAttributesList())));
      }
    }
    return out.isEmpty() ? List.of() : out;
  }

  /** Attributes in wire order; keys with an empty value are omitted. */
  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    if (keyValues.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = keyValueMap(keyValues);
    return out.isEmpty() ? Map.of() : out;
  }

  private static LinkedHashMap<String, Object> keyValueMap(List<KeyValue> keyValues) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>(capacity(keyValues.size()));
    for (KeyValue keyValue : keyValues) {
      Object value = value(keyValue.getValue());
      if (value != null) {
        out.put(OtlpText.cleanWellFormed(keyValue.getKey()), value);
      }
    }
    return out;
  }

  /** The plain Java value of an {@code AnyValue}; {@code null} when no value is set. */
  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return OtlpText.cleanWellFormed(value.getStringValue());
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case ARRAY_VALUE:
        return array(value.getArrayValue());
      case KVLIST_VALUE:
        return keyValueMap(value.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        return base64(value.getBytesValue());
      default:
        return null;
    }
  }

  private static List<Object> array(ArrayValue array) {
    List<Object> out = new ArrayList<>(array.getValuesCount());
    for (AnyValue element : array.getValuesList()) {
      out.add(value(element));
    }
    return out;
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** A {@link LinkedHashMap} capacity that holds {@code size} entries without resizing. */
  static int capacity(int size) {
    return size < 3 ? size + 1 : (int) (size / 0.75f) + 1;
  }
}
