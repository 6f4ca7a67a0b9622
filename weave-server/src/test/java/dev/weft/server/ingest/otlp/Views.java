package dev.weft.server.ingest.otlp;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Value views of the decoded records, so that results can be compared with {@code equals}: the
 * records themselves hold {@code byte[]} ids, which compare by identity.
 */
final class Views {

  private Views() {}

  record SpanView(
      String traceId,
      String spanId,
      String parentSpanId,
      String traceState,
      String name,
      int kind,
      long startTimeUnixNano,
      long endTimeUnixNano,
      Map<String, Object> attributes,
      List<DecodedEvent> events,
      List<LinkView> links,
      int statusCode,
      String statusMessage,
      Map<String, Object> resource,
      DecodedScope scope) {}

  record LinkView(String traceId, String spanId, Map<String, Object> attributes) {}

  record RequestView(List<SpanView> spans, int rejectedSpans, String rejectionMessage) {}

  static RequestView view(DecodedRequest request) {
    return new RequestView(
        request.spans().stream().map(Views::view).toList(),
        request.rejectedSpans(),
        request.rejectionMessage());
  }

  static SpanView view(DecodedSpan s) {
    return new SpanView(
        hex(s.traceId()),
        hex(s.spanId()),
        s.parentSpanId() == null ? null : hex(s.parentSpanId()),
        s.traceState(),
        s.name(),
        s.kind(),
        s.startTimeUnixNano(),
        s.endTimeUnixNano(),
        s.attributes(),
        s.events(),
        s.links().stream()
            .map(l -> new LinkView(hex(l.traceId()), hex(l.spanId()), l.attributes()))
            .toList(),
        s.statusCode(),
        s.statusMessage(),
        s.resource().attributes(),
        s.scope());
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
