package dev.weft.bench;

import static dev.weft.bench.OtlpAttributes.dbl;
import static dev.weft.bench.OtlpAttributes.integer;
import static dev.weft.bench.OtlpAttributes.str;
import static dev.weft.bench.OtlpAttributes.strArray;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds OTLP export requests whose spans look like an LLM agent's work, following the
 * OpenTelemetry GenAI semantic conventions: each trace is an {@code invoke_agent} root with {@code
 * chat} and {@code execute_tool} children, chat spans carry the conversation as {@code
 * gen_ai.input.messages}/{@code gen_ai.output.messages} JSON plus model and token usage.
 *
 * <p>The sizes are the point: a chat span carries about 2 KB of attributes, a tool span under 1 KB,
 * so the average span is about 1.5 KB — what a production chat application with a real system
 * prompt sends. Deterministic for a seed, so runs are comparable.
 */
public final class LlmTraceGenerator {

  private static final String[] SERVICES = {"support-assistant", "research-agent", "docs-rag-api"};

  private record Model(String name, String provider, String address) {}

  private static final Model[] MODELS = {
    new Model("gpt-4o", "openai", "api.openai.com"),
    new Model("gpt-4o-mini", "openai", "api.openai.com"),
    new Model("gpt-4o-mini", "openai", "api.openai.com"),
    new Model("claude-3-5-sonnet-20241022", "anthropic", "api.anthropic.com"),
    new Model("claude-3-5-haiku-20241022", "anthropic", "api.anthropic.com"),
  };

  private static final String[] SYSTEM_PROMPTS = {
    "You are Aria, the customer support assistant for Northwind Outfitters, an online retailer of"
        + " outdoor gear. Answer in a friendly, concise tone and never invent order details: look"
        + " them up with the order_lookup tool. Refunds are possible within 30 days of delivery for"
        + " unused items; damaged items are replaced free of charge. Do not discuss competitors,"
        + " never ask for full card numbers, and escalate to a human agent when the customer is"
        + " upset or asks for one. Always end by asking whether anything else is needed.",
    "You are a research assistant for an engineering team. Use the search_docs tool to ground"
        + " every claim in the internal knowledge base and cite the document id of each source in"
        + " square brackets. If the documents do not answer the question, say so plainly instead of"
        + " guessing. Prefer short paragraphs and bullet lists; include code only when the user"
        + " asks for it. The current quarter's architecture decisions override older ones when they"
        + " conflict, and deprecated services must be flagged as such in the answer.",
    "You answer questions about the Acme Cloud platform documentation. Retrieve relevant passages"
        + " with the retrieve_passages tool before answering. Quote configuration keys exactly as"
        + " written in the docs, mention the minimum platform version a feature needs, and link the"
        + " page you used. If a question concerns billing or account security, direct the user to"
        + " the support portal instead of answering. Keep answers under two hundred words unless"
        + " the user explicitly asks for a detailed walkthrough with examples.",
  };

  private static final String[] USER_QUESTIONS = {
    "Hi, I ordered the Trailblazer 45L backpack two weeks ago (order NW-58213) and the left"
        + " shoulder strap is already tearing at the seam. Can I get a replacement, and do I have to"
        + " pay for shipping it back? I am leaving for a hike on Saturday.",
    "What did we decide about moving the ingestion pipeline from Kafka to the new queue service,"
        + " and which teams still depend on the old topic layout? I need a summary for the planning"
        + " meeting tomorrow, with sources.",
    "How do I configure autoscaling for a worker pool so that it scales on queue depth instead of"
        + " CPU? We are on platform version 4.2 and the docs page I found only shows the CPU-based"
        + " example with target utilisation.",
    "Can you compare the retry policies of the payment service and the notification service? We"
        + " saw duplicate emails last week after the outage and I suspect the notification retries"
        + " are not idempotent.",
  };

  private static final String[] ANSWERS = {
    "I'm sorry about the strap! I checked order NW-58213: the Trailblazer 45L was delivered on"
        + " March 3rd, so it is well within our warranty. I have created a free replacement (RMA"
        + " 77120) with express shipping, so it should arrive by Friday, before your hike. You will"
        + " get a prepaid return label by email; please send the damaged pack back within 14 days,"
        + " there is no cost to you. Is there anything else I can help you with?",
    "Summary for the planning meeting: the move from Kafka to the queue service was approved in"
        + " ADR-112 [doc-4471] for new producers only; existing consumers migrate by Q3 [doc-4502]."
        + " Still on the old topic layout: billing-exports, the fraud scorer and the legacy search"
        + " indexer [doc-4519]. The indexer is deprecated and will be retired instead of migrated."
        + " Open risk: ordering guarantees per tenant are weaker in the queue service [doc-4471].",
    "On 4.2 you can scale on queue depth with a custom metric target. In the pool spec set"
        + " autoscaling.metric to \"queue.depth\", autoscaling.target to the backlog per worker you"
        + " want (for example 50), and autoscaling.source to your queue's resource name. Keep"
        + " minReplicas at least 1 so the metric is reported. Queue-based scaling needs 4.1 or"
        + " newer; see Docs > Compute > Autoscaling > Custom metrics.",
    "Both services retry up to five times with exponential backoff, but only the payment service"
        + " sends an idempotency key [doc-3310]. The notification service re-sends the whole email"
        + " job on timeout without deduplication [doc-3318], which explains the duplicates after"
        + " the outage: the provider had accepted the first attempts. Fix: add the job id as the"
        + " provider's idempotency key, and lower the retry count to three.",
  };

  private static final String[] TOOLS = {"order_lookup", "search_docs", "retrieve_passages"};

  private static final String[] TOOL_RESULTS = {
    "{\"order\":\"NW-58213\",\"status\":\"delivered\",\"delivered_at\":\"2025-03-03\","
        + "\"carrier\":\"UPS\",\"tracking\":\"1Z999AA10123456784\",\"items\":[{\"sku\":"
        + "\"TB45-GRN\",\"name\":\"Trailblazer 45L backpack, forest green\",\"qty\":1,"
        + "\"price\":149.0,\"returnable\":true}],\"warranty_days\":365,\"customer\":{\"tier\":"
        + "\"gold\",\"since\":\"2019-06-14\",\"open_tickets\":0},\"shipping_address_country\":"
        + "\"US\",\"notes\":\"Customer reported strap seam damage via chat.\"}",
    "[{\"id\":\"doc-4471\",\"title\":\"ADR-112 Queue service adoption\",\"score\":0.91,"
        + "\"snippet\":\"New producers publish to the queue service; Kafka stays for existing"
        + " consumers until migration.\"},{\"id\":\"doc-4502\",\"title\":\"Consumer migration"
        + " plan\",\"score\":0.87,\"snippet\":\"Consumers move by end of Q3, tenant by tenant.\"},"
        + "{\"id\":\"doc-4519\",\"title\":\"Topic inventory Q2\",\"score\":0.82,\"snippet\":"
        + "\"billing-exports, fraud-scorer and search-indexer-legacy read the v1 layout.\"}]",
    "[{\"page\":\"compute/autoscaling/custom-metrics\",\"passage\":\"Set autoscaling.metric to"
        + " queue.depth and autoscaling.target to the desired backlog per replica. The source must"
        + " name a queue in the same project.\",\"min_version\":\"4.1\"},{\"page\":"
        + "\"compute/autoscaling/overview\",\"passage\":\"minReplicas must be at least 1 for"
        + " metric-based scaling; scale-to-zero is only supported for CPU targets.\",\"min_version\":"
        + "\"4.0\"}]",
  };

  private final SplittableRandom random;
  private final long baseEpochNanos;

  /**
   * Creates a generator.
   *
   * @param seed makes the content reproducible
   * @param baseEpochNanos spans start shortly before this time (nanoseconds since the epoch)
   */
  public LlmTraceGenerator(long seed, long baseEpochNanos) {
    this.random = new SplittableRandom(seed);
    this.baseEpochNanos = baseEpochNanos;
  }

  /**
   * One export request of one service with exactly {@code spanCount} spans (whole traces first).
   */
  public ExportTraceServiceRequest request(int spanCount) {
    String service = SERVICES[random.nextInt(SERVICES.length)];
    Resource resource =
        Resource.newBuilder()
            .addAttributes(str("service.name", service))
            .addAttributes(str("service.version", "2.14." + random.nextInt(10)))
            .addAttributes(str("deployment.environment.name", "production"))
            .addAttributes(str("telemetry.sdk.name", "opentelemetry"))
            .addAttributes(str("telemetry.sdk.language", "python"))
            .addAttributes(str("telemetry.sdk.version", "1.37.0"))
            .build();
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("opentelemetry.instrumentation.openai_v2")
                    .setVersion("2.1b0"));
    List<Span> spans = new ArrayList<>(spanCount);
    while (spans.size() < spanCount) {
      List<Span> trace = trace();
      for (Span s : trace) {
        if (spans.size() < spanCount) {
          spans.add(s);
        }
      }
    }
    scope.addAllSpans(spans);
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
        .build();
  }

  /**
   * One agent run: the root {@code invoke_agent} span, a planning chat that asks for a tool, the
   * tool execution, the answering chat, and sometimes a second tool round.
   */
  List<Span> trace() {
    int topic = random.nextInt(USER_QUESTIONS.length);
    int toolIndex = topic % TOOLS.length;
    Model model = MODELS[random.nextInt(MODELS.length)];
    ByteString traceId = randomId(16);
    ByteString rootId = randomId(8);
    String conversation = "conv_" + Long.toHexString(random.nextLong());
    long start = baseEpochNanos - random.nextLong(60_000_000_000L);
    long t = start + ms(5, 20);
    List<Span> children = new ArrayList<>();
    int rounds = random.nextInt(4) == 0 ? 2 : 1;
    List<Map<String, Object>> history = new ArrayList<>();
    history.add(message("system", textPart(SYSTEM_PROMPTS[topic % SYSTEM_PROMPTS.length])));
    history.add(message("user", textPart(USER_QUESTIONS[topic])));
    for (int round = 0; round < rounds; round++) {
      String callId = "call_" + Long.toHexString(random.nextLong());
      Map<String, Object> toolCall = new LinkedHashMap<>();
      toolCall.put("type", "tool_call");
      toolCall.put("id", callId);
      toolCall.put("name", TOOLS[toolIndex]);
      toolCall.put("arguments", Map.of("query", USER_QUESTIONS[topic].substring(0, 60)));
      Map<String, Object> assistantCall = message("assistant", toolCall);
      assistantCall.put("finish_reason", "tool_calls");
      long chatEnd = t + ms(400, 1800);
      children.add(chat(traceId, rootId, model, t, chatEnd, history, assistantCall, "tool_calls"));
      t = chatEnd + ms(1, 5);
      long toolEnd = t + ms(30, 400);
      String result = TOOL_RESULTS[toolIndex];
      children.add(tool(traceId, rootId, t, toolEnd, TOOLS[toolIndex], callId, toolCall, result));
      t = toolEnd + ms(1, 5);
      history.add(assistantCall);
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("type", "tool_call_response");
      response.put("id", callId);
      response.put("response", result);
      history.add(message("tool", response));
    }
    Map<String, Object> answer = message("assistant", textPart(ANSWERS[topic]));
    answer.put("finish_reason", "stop");
    long chatEnd = t + ms(900, 4000);
    children.add(chat(traceId, rootId, model, t, chatEnd, history, answer, "stop"));
    long end = chatEnd + ms(2, 10);

    Span.Builder root =
        span(traceId, rootId, null, "invoke_agent " + TOOLS[toolIndex] + "_agent", start, end)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .addAttributes(str("gen_ai.operation.name", "invoke_agent"))
            .addAttributes(str("gen_ai.provider.name", model.provider()))
            .addAttributes(str("gen_ai.agent.name", TOOLS[toolIndex] + "_agent"))
            .addAttributes(str("gen_ai.agent.id", "asst_" + Long.toHexString(random.nextLong())))
            .addAttributes(str("gen_ai.conversation.id", conversation))
            .addAttributes(str("gen_ai.request.model", model.name()))
            .addAttributes(
                str(
                    "gen_ai.input.messages",
                    Json.write(List.of(message("user", textPart(USER_QUESTIONS[topic]))))))
            .addAttributes(str("gen_ai.output.messages", Json.write(List.of(answer))));
    List<Span> trace = new ArrayList<>(children.size() + 1);
    trace.add(root.build());
    trace.addAll(children);
    return trace;
  }

  private Span chat(
      ByteString traceId,
      ByteString parentId,
      Model model,
      long start,
      long end,
      List<Map<String, Object>> input,
      Map<String, Object> output,
      String finishReason) {
    String inputJson = Json.write(input);
    String outputJson = Json.write(List.of(output));
    // Roughly four characters per token, plus the provider's per-message overhead.
    long inputTokens = inputJson.length() / 4 + 7L * input.size();
    long outputTokens = outputJson.length() / 4 + random.nextInt(20);
    return span(traceId, randomId(8), parentId, "chat " + model.name(), start, end)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .addAttributes(str("gen_ai.operation.name", "chat"))
        .addAttributes(str("gen_ai.provider.name", model.provider()))
        .addAttributes(str("gen_ai.request.model", model.name()))
        .addAttributes(str("gen_ai.response.model", model.name()))
        .addAttributes(dbl("gen_ai.request.temperature", 0.2))
        .addAttributes(integer("gen_ai.request.max_tokens", 1024))
        .addAttributes(str("gen_ai.response.id", "chatcmpl-" + Long.toHexString(random.nextLong())))
        .addAttributes(strArray("gen_ai.response.finish_reasons", finishReason))
        .addAttributes(integer("gen_ai.usage.input_tokens", inputTokens))
        .addAttributes(integer("gen_ai.usage.output_tokens", outputTokens))
        .addAttributes(str("server.address", model.address()))
        .addAttributes(integer("server.port", 443))
        .addAttributes(str("gen_ai.input.messages", inputJson))
        .addAttributes(str("gen_ai.output.messages", outputJson))
        .build();
  }

  private Span tool(
      ByteString traceId,
      ByteString parentId,
      long start,
      long end,
      String name,
      String callId,
      Map<String, Object> call,
      String result) {
    return span(traceId, randomId(8), parentId, "execute_tool " + name, start, end)
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .addAttributes(str("gen_ai.operation.name", "execute_tool"))
        .addAttributes(str("gen_ai.tool.name", name))
        .addAttributes(str("gen_ai.tool.type", "function"))
        .addAttributes(str("gen_ai.tool.call.id", callId))
        .addAttributes(str("gen_ai.tool.call.arguments", Json.write(call.get("arguments"))))
        .addAttributes(str("gen_ai.tool.call.result", result))
        .build();
  }

  private Span.Builder span(
      ByteString traceId,
      ByteString spanId,
      ByteString parentId,
      String name,
      long start,
      long end) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(spanId)
            .setName(name)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    if (parentId != null) {
      b.setParentSpanId(parentId);
    }
    return b;
  }

  private long ms(int min, int max) {
    return (min + random.nextInt(max - min + 1)) * 1_000_000L;
  }

  /** A random id that is never all zero (OTLP treats all-zero ids as invalid). */
  private ByteString randomId(int length) {
    byte[] id = new byte[length];
    do {
      for (int i = 0; i < length; i++) {
        id[i] = (byte) random.nextInt(256);
      }
    } while (allZero(id));
    return ByteString.copyFrom(id);
  }

  static boolean allZero(byte[] id) {
    for (byte b : id) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> message(String role, Map<String, Object> part) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("parts", List.of(part));
    return m;
  }

  private static Map<String, Object> textPart(String text) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "text");
    p.put("content", text);
    return p;
  }

  /** The encoded size of a span's attributes in bytes: what "1.5 KB of attributes" refers to. */
  public static int attributeBytes(Span span) {
    int total = 0;
    for (KeyValue kv : span.getAttributesList()) {
      total += kv.getSerializedSize();
    }
    return total;
  }
}
