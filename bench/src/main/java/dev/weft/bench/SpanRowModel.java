package dev.weft.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An approximation of the row the server stores for a generated span, in COPY text fields: typed
 * GenAI columns pulled out, messages as {@code {"messages": [{"role", "content", ...}]}}, the
 * remaining attributes and the resource as JSON objects. Used for the COPY ceiling only when no
 * stored rows are available (the server stored nothing, or {@code --copy-only}); the report says
 * which source the ceiling used.
 */
public final class SpanRowModel {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");
  // The server moves message content into input/output and keeps every other attribute verbatim.
  private static final Set<String> CONSUMED =
      Set.of(
          "gen_ai.input.messages",
          "gen_ai.output.messages",
          "gen_ai.tool.call.arguments",
          "gen_ai.tool.call.result");

  private SpanRowModel() {}

  /** The rows for every span of the requests, grouped by request then trace. */
  public static List<String[]> rows(long projectId, List<ExportTraceServiceRequest> requests) {
    List<String[]> rows = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      for (ResourceSpans rs : request.getResourceSpansList()) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("attributes", attributes(rs.getResource().getAttributesList(), Set.of()));
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          Map<String, Object> scope = new LinkedHashMap<>();
          scope.put("name", ss.getScope().getName());
          scope.put("version", ss.getScope().getVersion());
          resource.put("scope", scope);
          String resourceJson = Json.write(resource);
          for (Span span : ss.getSpansList()) {
            rows.add(row(projectId, span, resourceJson));
          }
        }
      }
    }
    return rows;
  }

  private static String[] row(long projectId, Span span, String resourceJson) {
    Map<String, Object> attrs = attributes(span.getAttributesList(), Set.of());
    String operation = (String) attrs.get("gen_ai.operation.name");
    String category =
        switch (operation == null ? "" : operation) {
          case "chat" -> "chat";
          case "execute_tool" -> "tool";
          case "invoke_agent" -> "agent";
          default -> "other";
        };
    String model =
        (String) attrs.getOrDefault("gen_ai.response.model", attrs.get("gen_ai.request.model"));
    Long in = (Long) attrs.get("gen_ai.usage.input_tokens");
    Long out = (Long) attrs.get("gen_ai.usage.output_tokens");
    Long total = in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out);
    // Typical list prices in USD per million tokens; the exact figure only has to be a double.
    Double cost = in == null ? null : (in * 2.5 + (out == null ? 0 : out) * 10.0) / 1e6;
    String input;
    String output;
    if (attrs.containsKey("gen_ai.input.messages")) {
      input = messages((String) attrs.get("gen_ai.input.messages"));
      output = messages((String) attrs.get("gen_ai.output.messages"));
    } else {
      input = value(attrs.get("gen_ai.tool.call.arguments"));
      output = value(attrs.get("gen_ai.tool.call.result"));
    }
    Map<String, Object> rest = attributes(span.getAttributesList(), CONSUMED);
    HexFormat hex = HexFormat.of();
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano();
    return new String[] {
      Long.toString(projectId),
      "\\\\x" + hex.formatHex(span.getTraceId().toByteArray()),
      "\\\\x" + hex.formatHex(span.getSpanId().toByteArray()),
      span.getParentSpanId().isEmpty()
          ? "\\N"
          : "\\\\x" + hex.formatHex(span.getParentSpanId().toByteArray()),
      CopyRows.copyText(span.getName()),
      category,
      Integer.toString(span.getKindValue()),
      Integer.toString(span.getStatus().getCodeValue()),
      "\\N",
      time(start),
      time(end),
      Long.toString(Math.max(0, end - start)),
      CopyRows.copyText(operation),
      CopyRows.copyText((String) attrs.get("gen_ai.provider.name")),
      CopyRows.copyText(model),
      in == null ? "\\N" : in.toString(),
      out == null ? "\\N" : out.toString(),
      total == null ? "\\N" : total.toString(),
      "\\N",
      "\\N",
      cost == null ? "\\N" : cost.toString(),
      CopyRows.copyText((String) attrs.get("gen_ai.conversation.id")),
      "\\N",
      "\\N",
      "\\N",
      "\\N",
      CopyRows.copyText(input),
      CopyRows.copyText(output),
      CopyRows.copyText(Json.write(rest)),
      "\\N",
      "\\N",
      CopyRows.copyText(resourceJson)
    };
  }

  /**
   * Rewrites OTel GenAI messages ({@code role} + {@code parts}) to the stored shape: text parts
   * joined into {@code content}, tool calls into {@code toolCalls}, a tool response's id into
   * {@code toolCallId}.
   */
  private static String messages(String otelJson) {
    if (otelJson == null) {
      return null;
    }
    List<Map<String, Object>> stored = new ArrayList<>();
    for (Object o : (List<?>) Json.parse(otelJson)) {
      Map<?, ?> message = (Map<?, ?>) o;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", message.get("role"));
      List<String> text = new ArrayList<>();
      List<Map<String, Object>> calls = new ArrayList<>();
      String toolCallId = null;
      for (Object p : (List<?>) message.get("parts")) {
        Map<?, ?> part = (Map<?, ?>) p;
        switch (String.valueOf(part.get("type"))) {
          case "text" -> text.add(String.valueOf(part.get("content")));
          case "tool_call" -> {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", part.get("id"));
            call.put("name", part.get("name"));
            call.put("arguments", part.get("arguments"));
            calls.add(call);
          }
          case "tool_call_response" -> {
            toolCallId = String.valueOf(part.get("id"));
            text.add(String.valueOf(part.get("response")));
          }
          default -> {}
        }
      }
      if (!text.isEmpty()) {
        m.put("content", String.join("\n", text));
      }
      if (!calls.isEmpty()) {
        m.put("toolCalls", calls);
      }
      if (toolCallId != null) {
        m.put("toolCallId", toolCallId);
      }
      if (message.get("finish_reason") != null) {
        m.put("finishReason", message.get("finish_reason"));
      }
      stored.add(m);
    }
    return Json.write(Map.of("messages", stored));
  }

  private static String value(Object v) {
    return v == null ? null : Json.write(Map.of("value", v));
  }

  private static Map<String, Object> attributes(List<KeyValue> kvs, Set<String> skip) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      if (!skip.contains(kv.getKey())) {
        out.put(kv.getKey(), plain(kv.getValue()));
      }
    }
    return out;
  }

  private static Object plain(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BOOL_VALUE -> v.getBoolValue();
      case ARRAY_VALUE ->
          v.getArrayValue().getValuesList().stream().map(SpanRowModel::plain).toList();
      default -> null;
    };
  }

  private static String time(long unixNanos) {
    return OffsetDateTime.ofInstant(
            Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L),
            ZoneOffset.UTC)
        .format(TIMESTAMP);
  }
}
