package dev.weft.it.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.datasets.Dataset;
import dev.weft.datasets.DatasetClient;
import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.DatasetVersion;
import dev.weft.datasets.Jsonl;
import dev.weft.eval.EvalLogger;
import dev.weft.eval.EvalRow;
import dev.weft.eval.EvaluationResult;
import dev.weft.eval.Scorers;
import dev.weft.eval.WeftClient;
import dev.weft.it.WeftServer;
import dev.weft.tracing.Settings;
import dev.weft.tracing.WeftSdk;
import dev.weft.tracing.runs.WeftRun;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Seeds one project with everything the UI journeys look at, only through real clients: traces
 * through the OpenTelemetry SDK's OTLP/HTTP exporter (GenAI conventions), runs through the tracing
 * SDK's runs client, a dataset with two versions through the datasets client, and two evaluations
 * through {@link EvalLogger} and the evaluations client. It returns the fixture the browser
 * journeys read: ids and the exact texts they must find on the pages.
 */
final class UiSeed {

  static final String SYSTEM_PROMPT =
      "You are the support assistant of Weft Shop. Answer briefly and use the tools for order data.";
  static final String USER_TEXT = "Where is my order #1042? It was due yesterday.";
  static final String ASSISTANT_TEXT =
      "Your order #1042 is in transit and should arrive on Sunday, 29 November.";
  static final String TOOL_NAME = "get_order_status";
  static final String TOOL_ARGUMENT = "1042";
  static final String TOOL_RESULT =
      "{\"order_id\":\"1042\",\"status\":\"in_transit\",\"eta\":\"2026-11-29\"}";
  static final String CUSTOM_ATTRIBUTE = "app.customer.tier";
  static final String CUSTOM_VALUE = "gold-plus-e2e";
  static final String ERROR_MESSAGE =
      "Payment gateway timed out after 30000 ms while refunding order 2077";
  static final String SEARCH_TOKEN = "ZX-4471-Q";
  static final String FILTER_MODEL = "claude-3-5-haiku";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");

  private final WeftServer server;
  private final WeftServer.Project project;
  private final ObjectNode fixture = JSON.createObjectNode();

  /** Names of the OTLP-seeded traces in start order. */
  private ArrayNode seeded;

  /** Every seeded trace starts after the previous one, so the expected orders are known. */
  private Instant clock = Instant.now().minus(Duration.ofMinutes(30));

  private UiSeed(WeftServer server, WeftServer.Project project) {
    this.server = server;
    this.project = project;
  }

  /** Seeds a new project and returns the fixture JSON. */
  static ObjectNode seed(WeftServer server) {
    WeftServer.Project project = server.newProject("ui-e2e");
    UiSeed seed = new UiSeed(server, project);
    seed.fixture.put("url", server.httpUrl());
    seed.fixture.put("project", project.name());
    seed.fixture.put("key", project.key());
    seed.wrongKey();
    seed.traces();
    seed.runs();
    seed.datasetAndEvaluations();
    return seed.fixture;
  }

  private void wrongKey() {
    String wrong = "weft_e2e-wrong-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode problem = server.send("GET", "/api/v1/auth/whoami", wrong, null, 401);
    ObjectNode node = fixture.putObject("wrongKey");
    node.put("key", wrong);
    node.put("message", problem.get("detail").asText());
  }

  // ---------------------------------------------------------------- traces

  private void traces() {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "weft-shop-support",
                        AttributeKey.stringKey("service.version"),
                        "3.2.0")))
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint(server.httpUrl() + "/v1/traces")
                            .addHeader("Authorization", "Bearer " + project.key())
                            .build())
                    .setMaxExportBatchSize(512)
                    .build())
            .build();
    Tracer tracer = provider.get("dev.weft.it.ui", "1.0");
    ObjectNode traces = fixture.putObject("traces");
    seeded = traces.putArray("seededInStartOrder");

    // Several traces of one conversation; the first is the full agent trace.
    String session = "support-chat-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode sessionNode = traces.putObject("session");
    sessionNode.put("id", session);
    ArrayNode sessionNames = sessionNode.putArray("traceNames");
    ArrayNode sessionIds = sessionNode.putArray("traceIds");
    String agentName = "support-bot: order status";
    String agentTrace = agentTrace(tracer, agentName, session, traces.putObject("agent"));
    sessionNames.add(agentName);
    sessionIds.add(agentTrace);
    for (String[] turn :
        new String[][] {
          {
            "support-bot: delivery window",
            "Can the courier come after 6 pm?",
            "Yes, I booked 18:00-20:00."
          },
          {"support-bot: goodbye", "Thanks, that is all.", "You are welcome, have a nice day!"}
        }) {
      String id = simpleChatTrace(tracer, turn[0], "openai", "gpt-4o", turn[1], turn[2], session);
      sessionNames.add(turn[0]);
      sessionIds.add(id);
    }

    errorTrace(tracer, traces.putObject("error"));

    // Enough traces of different models that a model filter means something.
    ObjectNode byModel = traces.putObject("byModel");
    byModel.put("model", FILTER_MODEL);
    ArrayNode matching = byModel.putArray("names");
    ArrayNode others = byModel.putArray("otherNames");
    for (int i = 1; i <= 3; i++) {
      String name = "triage ticket #" + i;
      simpleChatTrace(
          tracer,
          name,
          "anthropic",
          FILTER_MODEL,
          "Classify this ticket: my parcel " + i + " arrived damaged.",
          "category: damaged_goods",
          null);
      matching.add(name);
      String other = "summarise document #" + i;
      simpleChatTrace(
          tracer,
          other,
          "openai",
          "gpt-4o-mini",
          "Summarise the return policy, part " + i + ".",
          "Returns are free within 30 days.",
          null);
      others.add(other);
    }

    ObjectNode search = traces.putObject("search");
    String searchName = "warranty lookup";
    search.put("q", SEARCH_TOKEN);
    search.put("name", searchName);
    simpleChatTrace(
        tracer,
        searchName,
        "openai",
        "gpt-4o-mini",
        "Is the blender with serial number " + SEARCH_TOKEN + " still under warranty?",
        "Yes, until March 2027.",
        null);

    traces.put("unknownTraceId", "0af7651916cd43dd8448eb211c80319c");
    if (!provider.shutdown().join(60, TimeUnit.SECONDS).isSuccess()) {
      throw new AssertionError("the OTLP exporter could not deliver the seeded spans");
    }
  }

  private Instant next(Duration length) {
    Instant start = clock;
    clock = clock.plus(length).plusSeconds(5);
    return start;
  }

  /**
   * invoke_agent → retrieval, chat (asks for a tool), execute_tool, chat (answers with the tool
   * result): the GenAI conventions' shape of a tool-using agent.
   */
  private String agentTrace(Tracer tracer, String name, String session, ObjectNode out) {
    Instant t0 = next(Duration.ofSeconds(4));
    seeded.add(name);
    Span root =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(t0)
            .setAttribute("gen_ai.operation.name", "invoke_agent")
            .setAttribute("gen_ai.agent.name", "support-bot")
            .setAttribute("gen_ai.provider.name", "openai")
            .setAttribute("gen_ai.request.model", "gpt-4o")
            .setAttribute("weft.session.id", session)
            .startSpan();
    Context parent = Context.root().with(root);

    String retrieverName = "retrieve shipping-policy";
    Span retrieval =
        tracer
            .spanBuilder(retrieverName)
            .setParent(parent)
            .setStartTimestamp(t0.plusMillis(20))
            .setAttribute("gen_ai.operation.name", "retrieval")
            .setAttribute("gen_ai.data_source.id", "kb-shipping")
            .setAttribute("gen_ai.retrieval.query.text", "late delivery policy")
            .setAttribute(
                "gen_ai.retrieval.documents",
                json(
                    List.of(
                        Map.of(
                            "id",
                            "kb-17",
                            "score",
                            0.82,
                            "content",
                            "Orders ship within 2 business days; couriers deliver in 1-3 days."))))
            .startSpan();
    retrieval.end(t0.plusMillis(140));

    List<Map<String, Object>> history = new ArrayList<>();
    history.add(message("system", text(SYSTEM_PROMPT)));
    history.add(message("user", text(USER_TEXT)));
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("type", "tool_call");
    call.put("id", "call_1042");
    call.put("name", TOOL_NAME);
    call.put("arguments", Map.of("order_id", TOOL_ARGUMENT));
    Map<String, Object> askTool = message("assistant", call);
    askTool.put("finish_reason", "tool_calls");
    String chatName = "chat gpt-4o";
    Span ask =
        chat(tracer, parent, chatName, "openai", "gpt-4o", t0.plusMillis(150), history, askTool)
            .startSpan();
    ask.end(t0.plusMillis(1300));

    Span tool =
        tracer
            .spanBuilder("execute_tool " + TOOL_NAME)
            .setParent(parent)
            .setStartTimestamp(t0.plusMillis(1310))
            .setAttribute("gen_ai.operation.name", "execute_tool")
            .setAttribute("gen_ai.tool.name", TOOL_NAME)
            .setAttribute("gen_ai.tool.type", "function")
            .setAttribute("gen_ai.tool.call.id", "call_1042")
            .setAttribute("gen_ai.tool.call.arguments", json(Map.of("order_id", TOOL_ARGUMENT)))
            .setAttribute("gen_ai.tool.call.result", TOOL_RESULT)
            .startSpan();
    tool.end(t0.plusMillis(1520));

    history.add(askTool);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("type", "tool_call_response");
    response.put("id", "call_1042");
    response.put("response", TOOL_RESULT);
    history.add(message("tool", response));
    Map<String, Object> answer = message("assistant", text(ASSISTANT_TEXT));
    answer.put("finish_reason", "stop");
    Span answering =
        chat(tracer, parent, chatName, "openai", "gpt-4o", t0.plusMillis(1530), history, answer)
            .setAttribute(CUSTOM_ATTRIBUTE, CUSTOM_VALUE)
            .startSpan();
    answering.end(t0.plusMillis(3400));
    root.end(t0.plusMillis(3450));

    out.put("traceId", root.getSpanContext().getTraceId());
    out.put("name", name);
    out.put("rootSpanId", root.getSpanContext().getSpanId());
    out.put("chatSpanName", chatName);
    out.put("chatSpanId", answering.getSpanContext().getSpanId());
    out.put("toolSpanName", "execute_tool " + TOOL_NAME);
    out.put("toolSpanId", tool.getSpanContext().getSpanId());
    out.put("retrieverSpanName", retrieverName);
    ArrayNode names = out.putArray("spanNames");
    for (String n : List.of(name, retrieverName, chatName, "execute_tool " + TOOL_NAME, chatName)) {
      names.add(n);
    }
    out.put("systemText", SYSTEM_PROMPT);
    out.put("userText", USER_TEXT);
    out.put("assistantText", ASSISTANT_TEXT);
    out.put("toolName", TOOL_NAME);
    out.put("toolArgument", TOOL_ARGUMENT);
    out.put("customAttribute", CUSTOM_ATTRIBUTE);
    out.put("customValue", CUSTOM_VALUE);
    return root.getSpanContext().getTraceId();
  }

  private io.opentelemetry.api.trace.SpanBuilder chat(
      Tracer tracer,
      Context parent,
      String name,
      String provider,
      String model,
      Instant start,
      List<Map<String, Object>> input,
      Map<String, Object> output) {
    String in = json(input);
    String outJson = json(List.of(output));
    return tracer
        .spanBuilder(name)
        .setParent(parent)
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(start)
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("gen_ai.provider.name", provider)
        .setAttribute("gen_ai.request.model", model)
        .setAttribute("gen_ai.response.model", model)
        .setAttribute("gen_ai.request.temperature", 0.2)
        .setAttribute(INPUT_TOKENS, (long) in.length() / 4)
        .setAttribute(OUTPUT_TOKENS, (long) outJson.length() / 4)
        .setAttribute("gen_ai.input.messages", in)
        .setAttribute("gen_ai.output.messages", outJson);
  }

  /** A root agent span with one chat child. */
  private String simpleChatTrace(
      Tracer tracer,
      String name,
      String provider,
      String model,
      String user,
      String assistant,
      String session) {
    Instant t0 = next(Duration.ofSeconds(2));
    seeded.add(name);
    var builder =
        tracer
            .spanBuilder(name)
            .setStartTimestamp(t0)
            .setAttribute("gen_ai.operation.name", "invoke_agent")
            .setAttribute("gen_ai.agent.name", name.split("[: #]")[0]);
    if (session != null) {
      builder.setAttribute("weft.session.id", session);
    }
    Span root = builder.startSpan();
    Map<String, Object> answer = message("assistant", text(assistant));
    answer.put("finish_reason", "stop");
    Span chat =
        chat(
                tracer,
                Context.root().with(root),
                "chat " + model,
                provider,
                model,
                t0.plusMillis(10),
                List.of(message("user", text(user))),
                answer)
            .startSpan();
    chat.end(t0.plusMillis(900));
    root.end(t0.plusMillis(950));
    return root.getSpanContext().getTraceId();
  }

  /** An agent whose chat call failed with an exception (event with type, message, stack). */
  private void errorTrace(Tracer tracer, ObjectNode out) {
    Instant t0 = next(Duration.ofSeconds(2));
    String name = "refund-bot: refund order 2077";
    seeded.add(name);
    Span root =
        tracer
            .spanBuilder(name)
            .setStartTimestamp(t0)
            .setAttribute("gen_ai.operation.name", "invoke_agent")
            .setAttribute("gen_ai.agent.name", "refund-bot")
            .startSpan();
    String spanName = "chat claude-3-5-sonnet";
    Span chat =
        tracer
            .spanBuilder(spanName)
            .setParent(Context.root().with(root))
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(t0.plusMillis(15))
            .setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.provider.name", "anthropic")
            .setAttribute("gen_ai.request.model", "claude-3-5-sonnet")
            .setAttribute(
                "gen_ai.input.messages",
                json(List.of(message("user", text("Please refund order 2077.")))))
            .startSpan();
    IllegalStateException failure = failRefund();
    chat.recordException(failure);
    chat.setStatus(StatusCode.ERROR, failure.getMessage());
    chat.end(t0.plusMillis(1200));
    root.setStatus(StatusCode.ERROR, "refund failed");
    root.end(t0.plusMillis(1210));
    out.put("traceId", root.getSpanContext().getTraceId());
    out.put("name", name);
    out.put("spanName", spanName);
    out.put("spanId", chat.getSpanContext().getSpanId());
    out.put("exceptionType", failure.getClass().getName());
    out.put("exceptionMessage", ERROR_MESSAGE);
    // A frame the recorded stack trace must show.
    out.put("stackFrame", "at " + UiSeed.class.getName() + ".failRefund");
  }

  private static IllegalStateException failRefund() {
    try {
      throw new IllegalStateException(ERROR_MESSAGE);
    } catch (IllegalStateException e) {
      return e;
    }
  }

  // ---------------------------------------------------------------- runs

  private void runs() {
    WeftSdk sdk =
        WeftSdk.builder(
                Settings.of(
                    k ->
                        switch (k) {
                          case "WEFT_ENDPOINT" -> server.httpUrl();
                          case "WEFT_API_KEY" -> project.key();
                          case "WEFT_PROJECT" -> project.name();
                          case "OTEL_SERVICE_NAME" -> "trainer";
                          default -> null;
                        }))
            .scheduleDelay(Duration.ofMillis(50))
            .shutdownHook(false)
            .build();
    ObjectNode runs = fixture.putObject("runs");
    ObjectNode base =
        run(
            sdk,
            "lr-baseline",
            Map.of("learning_rate", 0.001, "batch_size", 32, "optimizer", "adam"),
            0.9);
    ObjectNode candidate =
        run(
            sdk,
            "lr-candidate",
            Map.of("learning_rate", 0.0003, "batch_size", 32, "optimizer", "adam"),
            0.7);
    if (!sdk.flush(Duration.ofSeconds(30))) {
      throw new AssertionError("the SDK could not flush the run-linked spans");
    }
    sdk.shutdown();
    runs.set("base", base);
    runs.set("candidate", candidate);
    runs.put("metric", "loss");
    runs.put("differingKey", "learning_rate");
    runs.put("sameKey", "batch_size");
    // The runs client uploads in the background: wait until the server has every point.
    for (JsonNode r : List.of(base, candidate)) {
      awaitMetrics(r.get("id").asText(), r.get("steps").asInt());
    }
  }

  private ObjectNode run(WeftSdk sdk, String name, Map<String, Object> config, double decay) {
    int steps = 40;
    WeftRun run =
        sdk.run()
            .name(name)
            .group("lr-sweep")
            .tags("e2e", "sweep")
            .config(config)
            .systemMetrics(false)
            .captureGit(false)
            .start();
    try (run) {
      for (int step = 0; step < steps; step++) {
        double loss = 2.0 * Math.pow(decay, step / 4.0) + 0.05;
        run.log(step, Map.of("loss", loss, "accuracy", 1.0 - loss / 2.2));
        if (step % 20 == 0) {
          // Traces produced while the run is current carry its id.
          sdk.op("evaluate-batch " + name).run(() -> {});
        }
      }
      run.summary("best_accuracy", 1.0 - (2.0 * Math.pow(decay, (steps - 1) / 4.0) + 0.05) / 2.2);
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("id", run.id());
    node.put("name", name);
    node.put("steps", steps);
    // One trace at step 0 and one at step 20, both while the run was current.
    node.put("traceName", "evaluate-batch " + name);
    node.put("traceCount", 2);
    node.set("config", JSON.valueToTree(config));
    return node;
  }

  private void awaitMetrics(String runId, int steps) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = project.get("/runs/" + runId + "/metrics/loss?maxPoints=1000");
      if (last.path("points").size() >= steps) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError("run " + runId + " has not all its loss points: " + last);
  }

  // ---------------------------------------------------------------- datasets and evaluations

  private void datasetAndEvaluations() {
    DatasetClient datasets =
        DatasetClient.builder()
            .baseUrl(server.httpUrl())
            .apiKey(project.key())
            .project(project.name())
            .build();
    String name = "support-qa";
    datasets.create(name, "Customer support questions with reference answers");
    List<DatasetRow> v1 =
        List.of(
            row("q-001", "How long does shipping take?", "2 business days"),
            row("q-002", "Can I return a sale item?", "Yes, within 30 days"),
            row("q-003", "Do you ship to Canada?", "Yes, to all provinces"),
            row("q-004", "How do I reset my password?", "Use the Forgot password link"),
            row("q-005", "Is gift wrapping available?", "No"));
    datasets.importJsonl(name, Jsonl.toString(v1));
    String changedReference = "Yes, within 14 days with a receipt";
    DatasetVersion v2 =
        datasets.commit(
            name,
            DatasetEdit.against(1)
                .replace(1, row("q-002", "Can I return a sale item?", changedReference))
                .delete(4)
                .append(
                    row("q-006", "Can I change my delivery address?", "Yes, until the order ships"))
                .message("stricter sale returns; drop gift wrapping; add address change")
                .build());
    ObjectNode ds = fixture.putObject("dataset");
    ds.put("name", name);
    ds.put("fromVersion", 1);
    ds.put("toVersion", v2.number());
    ds.put("changedRowId", "q-002");
    ds.put("changedOld", "Yes, within 30 days");
    ds.put("changedNew", changedReference);
    ds.put("addedRowId", "q-006");
    ds.put("removedRowId", "q-005");

    Dataset loaded = datasets.load(name, Integer.toString(v2.number()));
    List<EvalRow> rows = EvalRow.from(loaded);
    // The baseline misses q-003 and q-004; the candidate fixes them but breaks q-001.
    EvaluationResult base =
        evaluate(
            "support-qa baseline (gpt-4o-mini)",
            "gpt-4o-mini",
            loaded,
            rows,
            Set.of("q-003", "q-004"));
    EvaluationResult candidate =
        evaluate("support-qa candidate (gpt-4o)", "gpt-4o", loaded, rows, Set.of("q-001"));
    WeftClient client = WeftClient.create(server.httpUrl(), project.key(), project.name());
    client.store(base);
    client.store(candidate);
    ObjectNode evals = fixture.putObject("evaluations");
    evals.put("dataset", name);
    evals.put("score", "correct");
    evals.put("baseId", base.id());
    evals.put("baseName", base.info().name());
    evals.put("candidateId", candidate.id());
    evals.put("candidateName", candidate.info().name());
    evals.put("regressedRowId", "q-001");
    evals.put("regressedQuestion", "How long does shipping take?");
    evals.put("improvedRowId", "q-003");
    evals.put("improvedQuestion", "Do you ship to Canada?");
    evals.put("baseCorrect", 0.6);
    evals.put("candidateCorrect", 0.8);
  }

  private static EvaluationResult evaluate(
      String name, String model, Dataset dataset, List<EvalRow> rows, Set<String> wrongRows) {
    EvalLogger logger =
        EvalLogger.create(name).dataset(dataset.name(), dataset.digest()).model(model);
    logger.parameter("temperature", 0.0);
    for (EvalRow row : rows) {
      boolean right = !wrongRows.contains(row.id());
      String answer = right ? row.text("reference") : "I am not sure, please contact support.";
      logger
          .logPrediction(row, answer)
          .logScore("correct", right)
          .score(Scorers.tokenF1("reference"))
          .usage(right ? 420.0 : 610.0, 120L, 18L, 0.0004);
    }
    return logger.finish();
  }

  private static DatasetRow row(String id, String question, String reference) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    node.put("question", question);
    node.put("reference", reference);
    return DatasetRow.of(node);
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Object> message(String role, Map<String, Object> part) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("parts", List.of(part));
    return m;
  }

  private static Map<String, Object> text(String content) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "text");
    p.put("content", content);
    return p;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
