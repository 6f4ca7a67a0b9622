package dev.weft.server.ingest.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the usual shape of an OTLP {@code ExportTraceServiceRequest} straight from the wire into
 * {@link DecodedRequest}, without building the generated protobuf messages first: the spans'
 * attributes go from the bytes into plain maps in one step.
 *
 * <p>It only takes what has one obvious meaning: every field of its expected wire type, message
 * fields at most once (protobuf would merge repeats), a resource before its scope spans and a scope
 * before its spans, no unknown fields, nesting within a modest depth. Anything else — and any error
 * — gives up with {@link Fallback}, and {@link OtlpProtobufDecoder} decodes the request with the
 * generated classes, which decide (and word any error) as before. For the requests it takes, the
 * result equals the generated-classes path: {@code OtlpProtobufFastPathTest} compares the two.
 */
final class OtlpProtobufFastPath {

  /** This request is not one the fast path takes: decode it the general way. */
  static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fallback() {
      super(null, null, false, false);
    }
  }

  private static final Fallback FALLBACK = new Fallback();

  /** Deeper AnyValue nesting is left to protobuf's own limit (100). */
  private static final int MAX_DEPTH = 32;

  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private OtlpProtobufFastPath() {}

  /**
   * Decodes the request.
   *
   * @throws Fallback when the request is not of the shape this path takes
   * @throws IOException when the bytes are not valid protobuf
   */
  static DecodedRequest decode(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    List<DecodedSpan> spans = new ArrayList<>();
    SpanRejections rejections = new SpanRejections();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != ((1 << 3) | LEN)) {
        throw FALLBACK;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      resourceSpans(in, spans, rejections);
      in.popLimit(limit);
    }
    return new DecodedRequest(spans, rejections.count(), rejections.message());
  }

  private static void resourceSpans(
      CodedInputStream in, List<DecodedSpan> spans, SpanRejections rejections) throws IOException {
    DecodedResource resource = DecodedResource.EMPTY;
    boolean seenResource = false;
    boolean seenScopeSpans = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> {
          if (seenResource || seenScopeSpans) {
            throw FALLBACK;
          }
          seenResource = true;
          int limit = in.pushLimit(in.readRawVarint32());
          resource = resource(in);
          in.popLimit(limit);
        }
        case (2 << 3) | LEN -> {
          seenScopeSpans = true;
          int limit = in.pushLimit(in.readRawVarint32());
          scopeSpans(in, resource, spans, rejections);
          in.popLimit(limit);
        }
        case (3 << 3) | LEN -> in.readStringRequireUtf8(); // schema_url, unused
        default -> throw FALLBACK;
      }
    }
  }

  private static DecodedResource resource(CodedInputStream in) throws IOException {
    Map<String, Object> attributes = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> attributes = keyValue(in, attributes, 0);
        case (2 << 3) -> in.readUInt32(); // dropped_attributes_count
        default -> throw FALLBACK;
      }
    }
    return attributes == null || attributes.isEmpty()
        ? DecodedResource.EMPTY
        : new DecodedResource(attributes);
  }

  private static void scopeSpans(
      CodedInputStream in,
      DecodedResource resource,
      List<DecodedSpan> spans,
      SpanRejections rejections)
      throws IOException {
    DecodedScope scope = DecodedScope.EMPTY;
    boolean seenScope = false;
    boolean seenSpans = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> {
          if (seenScope || seenSpans) {
            throw FALLBACK;
          }
          seenScope = true;
          int limit = in.pushLimit(in.readRawVarint32());
          scope = scope(in);
          in.popLimit(limit);
        }
        case (2 << 3) | LEN -> {
          seenSpans = true;
          int limit = in.pushLimit(in.readRawVarint32());
          DecodedSpan span = span(in, resource, scope, rejections);
          in.popLimit(limit);
          if (span != null) {
            spans.add(span);
          }
        }
        case (3 << 3) | LEN -> in.readStringRequireUtf8(); // schema_url, unused
        default -> throw FALLBACK;
      }
    }
  }

  private static DecodedScope scope(CodedInputStream in) throws IOException {
    String name = "";
    String version = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> name = in.readStringRequireUtf8();
        case (2 << 3) | LEN -> version = in.readStringRequireUtf8();
        case (3 << 3) | LEN -> keyValue(in, null, 0); // scope attributes: read, not kept
        case (4 << 3) -> in.readUInt32(); // dropped_attributes_count
        default -> throw FALLBACK;
      }
    }
    name = OtlpText.cleanWellFormed(name);
    version = OtlpText.cleanWellFormed(version);
    return name.isEmpty() && version.isEmpty()
        ? DecodedScope.EMPTY
        : new DecodedScope(name, version);
  }

  private static final byte[] NO_BYTES = new byte[0];

  /** One span, or {@code null} after recording why it was rejected (as the general path does). */
  private static DecodedSpan span(
      CodedInputStream in, DecodedResource resource, DecodedScope scope, SpanRejections rejections)
      throws IOException {
    byte[] traceId = NO_BYTES;
    byte[] spanId = NO_BYTES;
    byte[] parentSpanId = NO_BYTES;
    String traceState = "";
    String name = "";
    int kind = 0;
    long start = 0;
    long end = 0;
    Map<String, Object> attributes = null;
    List<DecodedEvent> events = null;
    List<DecodedLink> links = null;
    boolean hasStatus = false;
    int statusCode = 0;
    String statusMessage = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> traceId = in.readByteArray();
        case (2 << 3) | LEN -> spanId = in.readByteArray();
        case (3 << 3) | LEN -> traceState = in.readStringRequireUtf8();
        case (4 << 3) | LEN -> parentSpanId = in.readByteArray();
        case (5 << 3) | LEN -> name = in.readStringRequireUtf8();
        case (6 << 3) -> kind = in.readEnum();
        case (7 << 3) | WireFormat.WIRETYPE_FIXED64 -> start = in.readFixed64();
        case (8 << 3) | WireFormat.WIRETYPE_FIXED64 -> end = in.readFixed64();
        case (9 << 3) | LEN -> attributes = keyValue(in, attributes, 0);
        case (10 << 3), (12 << 3), (14 << 3) -> in.readUInt32(); // dropped counts
        case (11 << 3) | LEN -> {
          if (events == null) {
            events = new ArrayList<>();
          }
          int limit = in.pushLimit(in.readRawVarint32());
          events.add(event(in));
          in.popLimit(limit);
        }
        case (13 << 3) | LEN -> {
          if (links == null) {
            links = new ArrayList<>();
          }
          int limit = in.pushLimit(in.readRawVarint32());
          DecodedLink link = link(in);
          in.popLimit(limit);
          if (link != null) {
            links.add(link);
          }
        }
        case (15 << 3) | LEN -> {
          if (hasStatus) {
            throw FALLBACK; // protobuf merges repeated messages
          }
          hasStatus = true;
          int limit = in.pushLimit(in.readRawVarint32());
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (t) {
              case (2 << 3) | LEN -> statusMessage = in.readStringRequireUtf8();
              case (3 << 3) -> statusCode = in.readEnum();
              default -> throw FALLBACK;
            }
          }
          in.popLimit(limit);
        }
        case (16 << 3) | WireFormat.WIRETYPE_FIXED32 -> in.readFixed32(); // flags
        default -> throw FALLBACK;
      }
    }
    name = OtlpText.cleanWellFormed(name);
    String problem = SpanValidator.problem(traceId, spanId, parentSpanId, start, end);
    if (problem != null) {
      rejections.reject(problem, name, traceId);
      return null;
    }
    return new DecodedSpan(
        traceId,
        spanId,
        SpanValidator.parentOrNull(parentSpanId),
        OtlpText.cleanWellFormed(traceState),
        name,
        SpanValidator.kind(kind),
        start,
        end,
        attributes == null || attributes.isEmpty() ? Map.of() : attributes,
        events == null ? List.of() : events,
        links == null || links.isEmpty() ? List.of() : links,
        hasStatus ? SpanValidator.statusCode(statusCode) : 0,
        hasStatus ? OtlpText.cleanWellFormed(statusMessage) : "",
        resource,
        scope);
  }

  private static DecodedEvent event(CodedInputStream in) throws IOException {
    long time = 0;
    String name = "";
    Map<String, Object> attributes = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_FIXED64 -> time = in.readFixed64();
        case (2 << 3) | LEN -> name = in.readStringRequireUtf8();
        case (3 << 3) | LEN -> attributes = keyValue(in, attributes, 0);
        case (4 << 3) -> in.readUInt32(); // dropped_attributes_count
        default -> throw FALLBACK;
      }
    }
    return new DecodedEvent(
        OtlpText.cleanWellFormed(name),
        time,
        attributes == null || attributes.isEmpty() ? Map.of() : attributes);
  }

  /** The link, or {@code null} when its ids are not valid (it is then dropped). */
  private static DecodedLink link(CodedInputStream in) throws IOException {
    byte[] traceId = NO_BYTES;
    byte[] spanId = NO_BYTES;
    Map<String, Object> attributes = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> traceId = in.readByteArray();
        case (2 << 3) | LEN -> spanId = in.readByteArray();
        case (3 << 3) | LEN -> in.readStringRequireUtf8(); // trace_state, unused
        case (4 << 3) | LEN -> attributes = keyValue(in, attributes, 0);
        case (5 << 3) -> in.readUInt32(); // dropped_attributes_count
        case (6 << 3) | WireFormat.WIRETYPE_FIXED32 -> in.readFixed32(); // flags
        default -> throw FALLBACK;
      }
    }
    if (!SpanValidator.validLink(traceId, spanId)) {
      return null;
    }
    return new DecodedLink(
        traceId, spanId, attributes == null || attributes.isEmpty() ? Map.of() : attributes);
  }

  /**
   * Reads one length-delimited {@code KeyValue} into {@code map} (made when {@code null}); a key
   * whose value is not set is left out, as in the general path.
   */
  private static Map<String, Object> keyValue(
      CodedInputStream in, Map<String, Object> map, int depth) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String key = "";
    Object value = null;
    boolean seenValue = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | LEN -> key = in.readStringRequireUtf8();
        case (2 << 3) | LEN -> {
          if (seenValue) {
            throw FALLBACK; // protobuf merges repeated messages
          }
          seenValue = true;
          value = anyValue(in, depth);
        }
        default -> throw FALLBACK;
      }
    }
    in.popLimit(limit);
    Map<String, Object> out = map == null ? new LinkedHashMap<>() : map;
    if (value != null) {
      out.put(OtlpText.cleanWellFormed(key), value);
    }
    return out;
  }

  /** One length-delimited {@code AnyValue} as a plain value; {@code null} when none is set. */
  private static Object anyValue(CodedInputStream in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw FALLBACK;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    Object value = null;
    boolean seen = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (seen) {
        throw FALLBACK; // a second oneof field: protobuf's last-wins and merging rules decide
      }
      seen = true;
      switch (tag) {
        case (1 << 3) | LEN -> value = OtlpText.cleanWellFormed(in.readStringRequireUtf8());
        case (2 << 3) -> value = in.readBool();
        case (3 << 3) -> value = in.readInt64();
        case (4 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = in.readDouble();
        case (5 << 3) | LEN -> value = array(in, depth + 1);
        case (6 << 3) | LEN -> value = kvlist(in, depth + 1);
        case (7 << 3) | LEN -> value = Base64.getEncoder().encodeToString(in.readByteArray());
        default -> throw FALLBACK;
      }
    }
    in.popLimit(limit);
    return value;
  }

  private static List<Object> array(CodedInputStream in, int depth) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    List<Object> out = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != ((1 << 3) | LEN)) {
        throw FALLBACK;
      }
      out.add(anyValue(in, depth));
    }
    in.popLimit(limit);
    return out;
  }

  private static Map<String, Object> kvlist(CodedInputStream in, int depth) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    Map<String, Object> out = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != ((1 << 3) | LEN)) {
        throw FALLBACK;
      }
      keyValue(in, out, depth);
    }
    in.popLimit(limit);
    return out;
  }
}
