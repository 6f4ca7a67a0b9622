package dev.weft.bench;

import static dev.weft.bench.OtlpAttributes.integer;
import static dev.weft.bench.OtlpAttributes.str;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The data of the UI benchmark, as OTLP export requests following the OpenTelemetry GenAI
 * conventions: many small traces (1–3 spans: a chat call, an agent with its chat, or an agent with
 * a chat and a tool call) spread over a week, and one very large agent trace (phases → steps →
 * chat, retrieval, tool → summarising chat), about 1 KB of attributes per span.
 */
final class UiBenchData {

  private static final String[][] MODELS = {
    {"openai", "gpt-4o"},
    {"openai", "gpt-4o-mini"},
    {"anthropic", "claude-3-5-sonnet"},
    {"anthropic", "claude-3-5-haiku"},
    {"gcp.gemini", "gemini-1.5-pro"},
    {"mistral_ai", "mistral-large"},
  };
  private static final String[] AGENTS = {"support-bot", "triage-bot", "docs-rag", "refund-bot"};
  private static final String[] TOOLS = {"get_order_status", "search_docs", "create_ticket"};
  private static final String[] QUESTIONS = {
    "Where is my order #%d? It was due yesterday.",
    "How do I rotate the API key of project %d without downtime?",
    "Summarise ticket %d for the on-call engineer.",
    "Can I return item %d after 30 days if it is unopened?",
  };
  private static final String LONG_SYSTEM =
      "You are a meticulous research agent. Break the task into steps, retrieve evidence for every"
          + " claim from the knowledge base, call tools for live data, and cite document ids in"
          + " square brackets. Never invent order numbers, prices or dates; say you do not know"
          + " instead. Keep answers under 120 words unless asked otherwise.";
  private static final String LONG_DOC =
      "Orders ship from the Rotterdam warehouse within two business days. Couriers deliver within"
          + " one to three business days in the EU and three to seven days elsewhere. Delayed"
          + " parcels are traced after five business days; customers receive a voucher of 10 %"
          + " when a parcel is more than seven days late. Returns are accepted within 30 days for"
          + " unopened items and within 14 days for opened items with a receipt. Sale items can be"
          + " exchanged but not refunded. Gift wrapping is not available for bulky goods.";

  private static final long DAY_NANOS = 86_400_000_000_000L;

  private final SplittableRandom random;
  private final long nowNanos;

  UiBenchData(long seed, long nowNanos) {
    this.random = new SplittableRandom(seed);
    this.nowNanos = nowNanos;
  }

  /** One request of {@code traces} small traces (1–3 spans each), started during the last week. */
  ExportTraceServiceRequest smallTraces(int traces) {
    List<Span> spans = new ArrayList<>(traces * 2);
    for (int i = 0; i < traces; i++) {
      ByteString traceId = id(16);
      String[] model = MODELS[random.nextInt(MODELS.length)];
      String agent = AGENTS[random.nextInt(AGENTS.length)];
      String question =
          String.format(QUESTIONS[random.nextInt(QUESTIONS.length)], 1000 + random.nextInt(9000));
      long start = nowNanos - 60_000_000_000L - random.nextLong(7 * DAY_NANOS);
      int count = 1 + random.nextInt(3);
      if (count == 1) {
        spans.add(
            chat(traceId, id(8), null, model, start, start + ms(300, 3000), question).build());
        continue;
      }
      ByteString root = id(8);
      long chatEnd = start + ms(300, 3000);
      spans.add(chat(traceId, id(8), root, model, start + ms(1, 5), chatEnd, question).build());
      long end = chatEnd + ms(2, 10);
      if (count == 3) {
        String tool = TOOLS[random.nextInt(TOOLS.length)];
        long toolEnd = chatEnd + ms(20, 400);
        spans.add(tool(traceId, id(8), root, tool, chatEnd + ms(1, 3), toolEnd, "{\"id\":42}"));
        end = toolEnd + ms(2, 10);
      }
      boolean failed = random.nextInt(20) == 0;
      Span.Builder r =
          span(traceId, root, null, "invoke_agent " + agent, start, end)
              .addAttributes(str("gen_ai.operation.name", "invoke_agent"))
              .addAttributes(str("gen_ai.agent.name", agent))
              .addAttributes(str("gen_ai.provider.name", model[0]))
              .addAttributes(str("gen_ai.request.model", model[1]));
      if (failed) {
        r.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      }
      spans.add(r.build());
    }
    return request("ui-bench-small", spans);
  }

  /**
   * One agent trace of exactly {@code spanCount} spans, split into requests of at most {@code
   * perRequest} spans (as a long-running agent's exporter would send it).
   */
  List<ExportTraceServiceRequest> bigTrace(ByteString traceId, int spanCount, int perRequest) {
    long start = nowNanos - 2 * 3_600_000_000_000L;
    ByteString root = id(8);
    long t = start + ms(5, 10);
    String[] model = MODELS[0];
    // Pre-order (every parent before its children), so cutting the list keeps a whole tree.
    List<Span> body = new ArrayList<>();
    for (int phase = 0; body.size() + 1 < spanCount; phase++) {
      ByteString phaseId = id(8);
      long phaseStart = t;
      List<Span> phaseSpans = new ArrayList<>();
      for (int step = 0; step < 50; step++) {
        ByteString stepId = id(8);
        long stepStart = t;
        String question =
            "Phase " + phase + ", step " + step + ": " + String.format(QUESTIONS[step % 4], step);
        long chatEnd = t + ms(400, 1500);
        String withContext = question + "\n\nContext [kb-17]: " + LONG_DOC;
        Span chat = chat(traceId, id(8), stepId, model, t + ms(1, 3), chatEnd, withContext).build();
        long retrievalEnd = chatEnd + ms(20, 120);
        Span retrieval =
            retrieval(traceId, id(8), stepId, chatEnd + ms(1, 3), retrievalEnd, question);
        ByteString toolId = id(8);
        long toolStart = retrievalEnd + ms(1, 3);
        long innerEnd = toolStart + ms(300, 900);
        Span summarise =
            chat(traceId, id(8), toolId, MODELS[1], toolStart + ms(1, 3), innerEnd, withContext)
                .build();
        long toolEnd = innerEnd + ms(5, 20);
        String toolName = TOOLS[step % TOOLS.length];
        Span tool =
            tool(
                traceId,
                toolId,
                stepId,
                toolName,
                toolStart,
                toolEnd,
                Json.write(Map.of("doc", LONG_DOC)));
        t = toolEnd + ms(2, 8);
        phaseSpans.add(
            span(traceId, stepId, phaseId, "step " + phase + "." + step, stepStart, t)
                .addAttributes(str("gen_ai.operation.name", "invoke_agent"))
                .addAttributes(str("gen_ai.agent.name", "researcher"))
                .addAttributes(str("gen_ai.agent.description", LONG_SYSTEM))
                .build());
        phaseSpans.addAll(List.of(chat, retrieval, tool, summarise));
      }
      body.add(
          span(traceId, phaseId, root, "phase " + phase, phaseStart, t)
              .addAttributes(str("gen_ai.operation.name", "invoke_agent"))
              .addAttributes(str("gen_ai.agent.name", "planner"))
              .addAttributes(str("gen_ai.agent.description", LONG_SYSTEM))
              .build());
      body.addAll(phaseSpans);
    }
    List<Span> spans = new ArrayList<>(spanCount);
    spans.add(
        span(traceId, root, null, "invoke_agent deep-research", start, t + ms(5, 10))
            .addAttributes(str("gen_ai.operation.name", "invoke_agent"))
            .addAttributes(str("gen_ai.agent.name", "deep-research"))
            .addAttributes(str("gen_ai.provider.name", model[0]))
            .addAttributes(str("gen_ai.request.model", model[1]))
            .build());
    spans.addAll(body.subList(0, spanCount - 1));
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    for (int i = 0; i < spans.size(); i += perRequest) {
      requests.add(
          request("ui-bench-deep", spans.subList(i, Math.min(spans.size(), i + perRequest))));
    }
    return requests;
  }

  static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  ByteString id(int length) {
    byte[] id = new byte[length];
    do {
      for (int i = 0; i < length; i++) {
        id[i] = (byte) random.nextInt(256);
      }
    } while (LlmTraceGenerator.allZero(id));
    return ByteString.copyFrom(id);
  }

  private Span.Builder chat(
      ByteString traceId,
      ByteString spanId,
      ByteString parent,
      String[] model,
      long start,
      long end,
      String question) {
    List<Map<String, Object>> input =
        List.of(message("system", LONG_SYSTEM), message("user", question));
    Map<String, Object> answer =
        message(
            "assistant",
            "Based on [kb-17], the parcel left the warehouse and is with the courier; it should"
                + " arrive within two business days. I found no sign of a delay in the tracking"
                + " history.");
    answer.put("finish_reason", "stop");
    return span(traceId, spanId, parent, "chat " + model[1], start, end)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .addAttributes(str("gen_ai.operation.name", "chat"))
        .addAttributes(str("gen_ai.provider.name", model[0]))
        .addAttributes(str("gen_ai.request.model", model[1]))
        .addAttributes(str("gen_ai.response.model", model[1]))
        .addAttributes(integer("gen_ai.usage.input_tokens", 120 + random.nextInt(400)))
        .addAttributes(integer("gen_ai.usage.output_tokens", 20 + random.nextInt(200)))
        .addAttributes(str("gen_ai.input.messages", Json.write(input)))
        .addAttributes(str("gen_ai.output.messages", Json.write(List.of(answer))));
  }

  private Span retrieval(
      ByteString traceId, ByteString spanId, ByteString parent, long start, long end, String q) {
    return span(traceId, spanId, parent, "retrieve knowledge-base", start, end)
        .addAttributes(str("gen_ai.operation.name", "retrieval"))
        .addAttributes(str("gen_ai.data_source.id", "kb-main"))
        .addAttributes(str("gen_ai.retrieval.query.text", q))
        .addAttributes(
            str(
                "gen_ai.retrieval.documents",
                Json.write(
                    List.of(
                        Map.of("id", "kb-17", "score", 0.83, "content", LONG_DOC),
                        Map.of("id", "kb-42", "score", 0.71, "content", LONG_SYSTEM)))))
        .build();
  }

  private Span tool(
      ByteString traceId,
      ByteString spanId,
      ByteString parent,
      String name,
      long start,
      long end,
      String result) {
    return span(traceId, spanId, parent, "execute_tool " + name, start, end)
        .addAttributes(str("gen_ai.operation.name", "execute_tool"))
        .addAttributes(str("gen_ai.tool.name", name))
        .addAttributes(str("gen_ai.tool.call.id", "call_" + Long.toHexString(random.nextLong())))
        .addAttributes(str("gen_ai.tool.call.arguments", "{\"query\":\"status\"}"))
        .addAttributes(str("gen_ai.tool.call.result", result))
        .build();
  }

  private static Span.Builder span(
      ByteString traceId, ByteString spanId, ByteString parent, String name, long start, long end) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(spanId)
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    if (parent != null) {
      b.setParentSpanId(parent);
    }
    return b;
  }

  private static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(str("service.name", service)))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("weft-ui-bench"))
                        .addAllSpans(spans)))
        .build();
  }

  private static Map<String, Object> message(String role, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("parts", List.of(Map.of("type", "text", "content", text)));
    return m;
  }

  private long ms(int min, int max) {
    return (min + random.nextInt(max - min + 1)) * 1_000_000L;
  }
}
