package dev.weft.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The wire-level fast path decodes exactly what the generated protobuf classes decode, and gives up
 * (so the general path decides) on anything it does not take.
 */
class OtlpProtobufFastPathTest {

  private static final String[] TEXTS = {
    "", "a", "chat", "gen_ai.request.model", "x\u0000y", "é", "\uD83D\uDE00", "{\"k\":[1,2]}"
  };

  @Test
  void randomRequestsDecodeAsWithTheGeneratedClasses() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 3_000; i++) {
      byte[] body = request(random).toByteArray();
      DecodedRequest general = OtlpProtobufDecoder.decodeGeneral(body);
      DecodedRequest fast = OtlpProtobufFastPath.decode(body);
      assertThat(render(fast)).isEqualTo(render(general));
      assertThat(render(OtlpProtobufDecoder.decode(body))).isEqualTo(render(general));
    }
  }

  @Test
  void repeatedMessageFieldsAndUnknownFieldsFallBackToTheGeneralPath() throws IOException {
    Span span = span(new SplittableRandom(1), 1);
    // A span whose status appears twice: protobuf merges the two.
    byte[] twice =
        concat(
            span.toByteArray(),
            Span.newBuilder()
                .setStatus(Status.newBuilder().setMessage("second"))
                .build()
                .toByteArray());
    byte[] body = wrap(twice);
    assertThatThrownBy(() -> OtlpProtobufFastPath.decode(body))
        .isInstanceOf(OtlpProtobufFastPath.Fallback.class);
    assertThat(render(OtlpProtobufDecoder.decode(body)))
        .isEqualTo(render(OtlpProtobufDecoder.decodeGeneral(body)));

    // An unknown field in a span.
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(extra);
    out.writeString(99, "future");
    out.flush();
    byte[] unknown = wrap(concat(span.toByteArray(), extra.toByteArray()));
    assertThatThrownBy(() -> OtlpProtobufFastPath.decode(unknown))
        .isInstanceOf(OtlpProtobufFastPath.Fallback.class);
    assertThat(render(OtlpProtobufDecoder.decode(unknown)))
        .isEqualTo(render(OtlpProtobufDecoder.decodeGeneral(unknown)));
  }

  @Test
  void invalidBodiesFailAsBefore() {
    byte[] truncated = Arrays.copyOf(request(new SplittableRandom(3)).toByteArray(), 40);
    assertThatThrownBy(() -> OtlpProtobufDecoder.decode(truncated))
        .isInstanceOf(OtlpDecodeException.class)
        .hasMessageStartingWith("request body is not a valid OTLP ExportTraceServiceRequest");
  }

  private static byte[] wrap(byte[] spanBytes) throws IOException {
    ByteArrayOutputStream scope = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(scope);
    s.writeByteArray(2, spanBytes);
    s.flush();
    ByteArrayOutputStream resource = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(resource);
    r.writeByteArray(2, scope.toByteArray());
    r.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream q = CodedOutputStream.newInstance(request);
    q.writeByteArray(1, resource.toByteArray());
    q.flush();
    return request.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static ExportTraceServiceRequest request(SplittableRandom random) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    int resources = random.nextInt(3);
    for (int r = 0; r < resources; r++) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder();
      if (random.nextBoolean()) {
        Resource.Builder resource = Resource.newBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          resource.addAttributes(keyValue(random, 0));
        }
        resource.setDroppedAttributesCount(random.nextInt(2));
        rs.setResource(resource);
      }
      if (random.nextBoolean()) {
        rs.setSchemaUrl("https://opentelemetry.io/schemas/1.24.0");
      }
      int scopes = random.nextInt(3);
      for (int s = 0; s < scopes; s++) {
        ScopeSpans.Builder ss = ScopeSpans.newBuilder();
        if (random.nextBoolean()) {
          ss.setScope(
              InstrumentationScope.newBuilder()
                  .setName(text(random))
                  .setVersion(text(random))
                  .addAttributes(keyValue(random, 0)));
        }
        int spans = random.nextInt(4);
        for (int i = 0; i < spans; i++) {
          ss.addSpans(span(random, i));
        }
        rs.addScopeSpans(ss);
      }
      request.addResourceSpans(rs);
    }
    return request.build();
  }

  static Span span(SplittableRandom random, int i) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(id(random, random.nextInt(10) == 0 ? 15 : 16))
            .setSpanId(id(random, random.nextInt(10) == 0 ? 0 : 8))
            .setName(text(random))
            .setKindValue(random.nextInt(7))
            .setStartTimeUnixNano(1_700_000_000_000_000_000L + random.nextInt(1000))
            .setEndTimeUnixNano(
                random.nextInt(10) == 0 ? 0 : 1_700_000_000_000_000_000L + 1000 + i);
    if (random.nextBoolean()) {
      span.setParentSpanId(id(random, 8));
    }
    if (random.nextBoolean()) {
      span.setTraceState("k=v");
    }
    if (random.nextBoolean()) {
      span.setFlags(0x101);
    }
    int attributes = random.nextInt(8);
    for (int a = 0; a < attributes; a++) {
      span.addAttributes(keyValue(random, 0));
    }
    span.setDroppedAttributesCount(random.nextInt(2));
    int events = random.nextInt(3);
    for (int e = 0; e < events; e++) {
      span.addEvents(
          Span.Event.newBuilder()
              .setName(text(random))
              .setTimeUnixNano(random.nextLong(1, Long.MAX_VALUE))
              .addAttributes(keyValue(random, 0)));
    }
    int links = random.nextInt(3);
    for (int l = 0; l < links; l++) {
      span.addLinks(
          Span.Link.newBuilder()
              .setTraceId(id(random, 16))
              .setSpanId(id(random, random.nextInt(4) == 0 ? 0 : 8))
              .setTraceState("a=b")
              .setFlags(1)
              .addAttributes(keyValue(random, 0)));
    }
    if (random.nextBoolean()) {
      span.setStatus(Status.newBuilder().setCodeValue(random.nextInt(4)).setMessage(text(random)));
    }
    return span.build();
  }

  private static KeyValue keyValue(SplittableRandom random, int depth) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(text(random));
    if (random.nextInt(8) > 0) {
      kv.setValue(anyValue(random, depth));
    }
    return kv.build();
  }

  private static AnyValue anyValue(SplittableRandom random, int depth) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (random.nextInt(depth > 2 ? 5 : 7)) {
      case 0 -> v.setStringValue(text(random));
      case 1 -> v.setBoolValue(random.nextBoolean());
      case 2 -> v.setIntValue(random.nextInt(3) == 0 ? 0 : random.nextLong());
      case 3 -> v.setDoubleValue(random.nextInt(5) == 0 ? Double.NaN : random.nextDouble());
      case 4 -> {
        if (random.nextBoolean()) {
          v.setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) random.nextInt()}));
        }
        // else: no value set
      }
      case 5 -> {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          array.addValues(anyValue(random, depth + 1));
        }
        v.setArrayValue(array);
      }
      default -> {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          list.addValues(keyValue(random, depth + 1));
        }
        v.setKvlistValue(list);
      }
    }
    return v.build();
  }

  private static String text(SplittableRandom random) {
    return TEXTS[random.nextInt(TEXTS.length)];
  }

  private static ByteString id(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    if (length > 0 && random.nextInt(20) == 0) {
      Arrays.fill(bytes, (byte) 0);
    }
    return ByteString.copyFrom(bytes);
  }

  /** A text form of everything decoded, with byte arrays by content and value types named. */
  static String render(DecodedRequest request) {
    StringBuilder sb = new StringBuilder();
    sb.append(request.rejectedSpans()).append(' ').append(request.rejectionMessage()).append('\n');
    for (DecodedSpan s : request.spans()) {
      sb.append(hex(s.traceId())).append(' ').append(hex(s.spanId())).append(' ');
      sb.append(hex(s.parentSpanId())).append(' ').append(s.traceState()).append(' ');
      sb.append(s.name()).append(' ').append(s.kind()).append(' ');
      sb.append(s.startTimeUnixNano()).append(' ').append(s.endTimeUnixNano()).append(' ');
      sb.append(s.statusCode()).append(' ').append(s.statusMessage()).append('\n');
      sb.append(" attrs ").append(value(s.attributes())).append('\n');
      for (DecodedEvent e : s.events()) {
        sb.append(" event ").append(e.name()).append(' ').append(e.timeUnixNano());
        sb.append(' ').append(value(e.attributes())).append('\n');
      }
      for (DecodedLink l : s.links()) {
        sb.append(" link ").append(hex(l.traceId())).append(' ').append(hex(l.spanId()));
        sb.append(' ').append(value(l.attributes())).append('\n');
      }
      sb.append(" resource ").append(value(s.resource().attributes()));
      sb.append(" scope ").append(s.scope()).append('\n');
    }
    return sb.toString();
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
  }

  private static String value(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, x) -> sb.append(k).append('=').append(value(x)).append(';'));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      l.forEach(x -> sb.append(value(x)).append(';'));
      return sb.append(']').toString();
    }
    return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
  }
}
