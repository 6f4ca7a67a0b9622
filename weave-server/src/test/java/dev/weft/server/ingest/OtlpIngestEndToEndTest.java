package dev.weft.server.ingest;

import static dev.weft.server.testing.GenAiTraces.agentTrace;
import static dev.weft.server.testing.OtlpExporters.exportOk;
import static dev.weft.server.testing.OtlpExporters.record;
import static dev.weft.server.testing.OtlpExporters.service;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.weft.server.testing.GenAiTraces;
import dev.weft.server.testing.OtlpExporters;
import dev.weft.server.testing.OtlpExporters.Protocol;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real OpenTelemetry SDK exporters (http/protobuf, http/json, gRPC) send LLM spans of each
 * convention to the running server on a real PostgreSQL; the query API must give back the
 * normalised trace tree with the right tokens, cost and messages.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OtlpIngestEndToEndTest {

  static final String MODEL = GenAiTraces.MODEL;

  @Inject OtlpGrpcServer grpc;

  SpanExporter exporter(Protocol protocol, TestProject project) {
    return OtlpExporters.exporter(protocol, RestAssured.port, grpc.port(), project.key());
  }

  @Test
  void genAiSpansOverHttpProtobufComeBackAsTreeWithTokensCostAndMessages() {
    TestProject project = WeftApi.newProject("genai");
    project.price(MODEL, 2.0, 8.0);
    List<SpanData> spans = agentTrace(service("shop"), "What is the capital of France?");

    exportOk(exporter(Protocol.HTTP_PROTOBUF, project), spans);

    JsonPath list = project.get("/traces");
    assertThat(list.getList("items")).hasSize(1);
    assertThat(list.getString("items[0].name")).isEqualTo("invoke_agent support-bot");
    assertThat(list.getInt("items[0].spanCount")).isEqualTo(3);
    assertThat(list.getLong("items[0].totalTokens")).isEqualTo(1500);
    assertThat(list.getDouble("items[0].costUsd"))
        .isCloseTo((1200 * 2.0 + 300 * 8.0) / 1e6, within(1e-12));
    assertThat(list.getList("items[0].models")).containsExactly(MODEL);
    assertThat(list.getString("items[0].inputPreview")).isEqualTo("What is the capital of France?");
    assertThat(list.getString("items[0].outputPreview")).isEqualTo("Paris.");

    String traceId = spans.get(0).getTraceId();
    JsonPath tree = project.get("/traces/" + traceId);
    assertThat(tree.getList("roots")).hasSize(1);
    assertThat(tree.getString("roots[0].kind")).isEqualTo("agent");
    assertThat(tree.getList("roots[0].children.name"))
        .containsExactlyInAnyOrder("chat " + MODEL, "execute_tool get_weather");
    Map<String, Object> chat = childNamed(tree, "chat " + MODEL);
    assertThat(chat.get("kind")).isEqualTo("chat");
    assertThat(chat.get("provider")).isEqualTo("openai");
    assertThat(chat.get("model")).isEqualTo(MODEL);
    @SuppressWarnings("unchecked")
    Map<String, Object> usage = (Map<String, Object>) chat.get("usage");
    assertThat(usage)
        .containsOnly(
            entry("inputTokens", 1200),
            entry("outputTokens", 300),
            entry("totalTokens", 1500),
            entry("cacheReadTokens", null),
            entry("cacheWriteTokens", null));
    JsonPath chatJson = tree;
    String chatPath = "roots[0].children.find { it.kind == 'chat' }";
    assertThat(chatJson.getString(chatPath + ".input.messages[0].role")).isEqualTo("system");
    assertThat(chatJson.getString(chatPath + ".input.messages[1].content"))
        .isEqualTo("What is the capital of France?");
    assertThat(chatJson.getString(chatPath + ".output.messages[0].content")).isEqualTo("Paris.");
    assertThat(chatJson.getString(chatPath + ".output.messages[0].finishReason")).isEqualTo("stop");
    assertThat(chatJson.getString(chatPath + ".attributes.'app.custom.flag'")).isEqualTo("kept");
    assertThat(chatJson.getString(chatPath + ".resource.attributes.'service.name'"))
        .isEqualTo("shop");
    Map<String, Object> tool = childNamed(tree, "execute_tool get_weather");
    assertThat(tool.get("kind")).isEqualTo("tool");
  }

  @Test
  void openInferenceSpansOverHttpJsonAreNormalised() {
    TestProject project = WeftApi.newProject("oi");
    project.price("gpt-4o-mini", 0.15, 0.6);
    List<SpanData> spans =
        record(
            service("rag"),
            provider ->
                provider
                    .get("openinference")
                    .spanBuilder("ChatCompletion")
                    .setAttribute("openinference.span.kind", "LLM")
                    .setAttribute("llm.model_name", "gpt-4o-mini")
                    .setAttribute("llm.provider", "openai")
                    .setAttribute(longKey("llm.token_count.prompt"), 100L)
                    .setAttribute(longKey("llm.token_count.completion"), 20L)
                    .setAttribute(longKey("llm.token_count.total"), 120L)
                    .setAttribute("llm.input_messages.0.message.role", "user")
                    .setAttribute("llm.input_messages.0.message.content", "Summarise the report")
                    .setAttribute("llm.output_messages.0.message.role", "assistant")
                    .setAttribute("llm.output_messages.0.message.content", "It is short.")
                    .setAttribute("session.id", "oi-session")
                    .startSpan()
                    .end());

    exportOk(exporter(Protocol.HTTP_JSON, project), spans);

    JsonPath span =
        project.get("/traces/" + spans.get(0).getTraceId() + "/spans/" + spans.get(0).getSpanId());
    // An OpenInference LLM span with chat messages is a chat call.
    assertThat(span.getString("kind")).isEqualTo("chat");
    assertThat(span.getString("model")).isEqualTo("gpt-4o-mini");
    assertThat(span.getLong("usage.totalTokens")).isEqualTo(120);
    assertThat(span.getString("sessionId")).isEqualTo("oi-session");
    assertThat(span.getString("input.messages[0].content")).isEqualTo("Summarise the report");
    assertThat(span.getString("output.messages[0].content")).isEqualTo("It is short.");
    assertThat(span.getDouble("costUsd")).isCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, within(1e-12));
  }

  @Test
  void springAiFrameworkSpansAreChainsAndToolsWithoutSpringAiAsAProvider() {
    TestProject project = WeftApi.newProject("spring-ai");
    // As Spring AI's observations export them: ChatClient call > advisor > chat model and tool
    // call.
    List<SpanData> spans =
        record(
            service("shop-assistant"),
            provider -> {
              Tracer tracer = provider.get("org.springframework.boot");
              Span client =
                  tracer
                      .spanBuilder("spring_ai chat_client")
                      .setAttribute("gen_ai.operation.name", "framework")
                      .setAttribute("gen_ai.system", "spring_ai")
                      .setAttribute("spring.ai.kind", "chat_client")
                      .setAttribute("spring.ai.chat.client.conversation.id", "support-4711")
                      .startSpan();
              try (Scope ignored = client.makeCurrent()) {
                Span advisor =
                    tracer
                        .spanBuilder("MessageChatMemoryAdvisor")
                        .setAttribute("gen_ai.operation.name", "framework")
                        .setAttribute("gen_ai.system", "spring_ai")
                        .setAttribute("spring.ai.kind", "advisor")
                        .setAttribute("spring.ai.advisor.name", "MessageChatMemoryAdvisor")
                        .startSpan();
                try (Scope inner = advisor.makeCurrent()) {
                  tracer
                      .spanBuilder("chat gpt-4o")
                      .setAttribute("gen_ai.operation.name", "chat")
                      .setAttribute("gen_ai.system", "openai")
                      .setAttribute("gen_ai.request.model", "gpt-4o")
                      .setAttribute(longKey("gen_ai.usage.input_tokens"), 90L)
                      .setAttribute(longKey("gen_ai.usage.output_tokens"), 12L)
                      .startSpan()
                      .end();
                  tracer
                      .spanBuilder("tool_call currentWeather")
                      .setAttribute("gen_ai.operation.name", "framework")
                      .setAttribute("gen_ai.system", "spring_ai")
                      .setAttribute("spring.ai.kind", "tool_call")
                      .setAttribute("spring.ai.tool.definition.name", "currentWeather")
                      .setAttribute("spring.ai.tool.call.arguments", "{\"city\":\"Paris\"}")
                      .setAttribute("spring.ai.tool.call.result", "{\"celsius\":22}")
                      .startSpan()
                      .end();
                } finally {
                  advisor.end();
                }
              } finally {
                client.end();
              }
            });

    exportOk(exporter(Protocol.HTTP_PROTOBUF, project), spans);

    JsonPath list = project.get("/traces?session=support-4711");
    assertThat(list.getList("items.name")).containsExactly("spring_ai chat_client");
    assertThat(list.getList("items[0].providers")).containsExactly("openai");
    assertThat(list.getList("items[0].kinds")).containsExactly("chain", "chat", "tool");
    assertThat(project.get("/traces?provider=spring_ai").getList("items")).isEmpty();
    SpanData tool =
        spans.stream().filter(s -> s.getName().startsWith("tool_call")).findFirst().orElseThrow();
    JsonPath toolSpan = project.get("/traces/" + tool.getTraceId() + "/spans/" + tool.getSpanId());
    assertThat(toolSpan.getString("kind")).isEqualTo("tool");
    assertThat(toolSpan.getString("provider")).isNull();
    assertThat(toolSpan.getString("input.value.city")).isEqualTo("Paris");
    assertThat(toolSpan.getInt("output.value.celsius")).isEqualTo(22);
    assertThat(toolSpan.getString("attributes.'spring.ai.tool.definition.name'"))
        .isEqualTo("currentWeather");
  }

  @Test
  void nulCharactersAreStoredAsReplacementCharactersAndLiteralEscapeTextVerbatim() {
    TestProject project = WeftApi.newProject("nul-content");
    // The messages JSON holds NUL's escape (a NUL character once parsed) and, in the second text,
    // an escaped backslash followed by "u0000": six ordinary characters that must stay as sent.
    List<SpanData> spans =
        record(
            service("nul"),
            provider ->
                provider
                    .get("test-app")
                    .spanBuilder("chat " + MODEL)
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", MODEL)
                    .setAttribute(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                            + "\"a\\u0000b\"},{\"type\":\"text\",\"content\":\"c\\\\u0000d\"}]}]")
                    .setAttribute("custom.raw", "x\u0000y")
                    .startSpan()
                    .end());

    exportOk(exporter(Protocol.HTTP_PROTOBUF, project), spans);

    JsonPath span =
        project.get("/traces/" + spans.get(0).getTraceId() + "/spans/" + spans.get(0).getSpanId());
    // The two text parts of the message are its content, one per line.
    assertThat(span.getString("input.messages[0].content")).isEqualTo("a\uFFFDb\nc\\u0000d");
    assertThat(span.getString("attributes.'custom.raw'")).isEqualTo("x\uFFFDy");
  }

  @Test
  void stockExportersWithGzipCompressionAreStored() {
    TestProject project = WeftApi.newProject("gzip");
    List<SpanData> overHttp = agentTrace(service("shop"), "Compressed over HTTP?");
    List<SpanData> overGrpc = agentTrace(service("shop"), "Compressed over gRPC?");

    // What OTEL_EXPORTER_OTLP_COMPRESSION=gzip configures.
    exportOk(
        io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
            .setEndpoint("http://localhost:" + RestAssured.port + "/v1/traces")
            .addHeader("Authorization", "Bearer " + project.key())
            .setCompression("gzip")
            .build(),
        overHttp);
    exportOk(
        io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://localhost:" + grpc.port())
            .addHeader("Authorization", "Bearer " + project.key())
            .setCompression("gzip")
            .build(),
        overGrpc);

    assertThat(project.get("/traces").getList("items.traceId"))
        .containsExactlyInAnyOrder(overHttp.get(0).getTraceId(), overGrpc.get(0).getTraceId());
    assertThat(project.get("/traces/" + overGrpc.get(0).getTraceId()).getInt("summary.spanCount"))
        .isEqualTo(overGrpc.size());
  }

  @Test
  void openLlmetrySpansOverGrpcAreNormalised() {
    TestProject project = WeftApi.newProject("ollm");
    List<SpanData> spans =
        record(
            service("bot"),
            provider ->
                provider
                    .get("opentelemetry.instrumentation.openai")
                    .spanBuilder("openai.chat")
                    .setAttribute("llm.request.type", "chat")
                    .setAttribute("gen_ai.system", "OpenAI")
                    .setAttribute("gen_ai.request.model", "gpt-4o")
                    .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
                    .setAttribute(longKey("gen_ai.usage.prompt_tokens"), 50L)
                    .setAttribute(longKey("gen_ai.usage.completion_tokens"), 10L)
                    .setAttribute(longKey("llm.usage.total_tokens"), 60L)
                    .setAttribute("gen_ai.prompt.0.role", "user")
                    .setAttribute("gen_ai.prompt.0.content", "Hello there")
                    .setAttribute("gen_ai.completion.0.role", "assistant")
                    .setAttribute("gen_ai.completion.0.content", "General Kenobi")
                    .setAttribute("gen_ai.completion.0.finish_reason", "stop")
                    .startSpan()
                    .end());

    exportOk(exporter(Protocol.GRPC, project), spans);

    JsonPath span =
        project.get("/traces/" + spans.get(0).getTraceId() + "/spans/" + spans.get(0).getSpanId());
    assertThat(span.getString("kind")).isEqualTo("chat");
    assertThat(span.getString("model")).isEqualTo("gpt-4o-2024-08-06");
    assertThat(span.getLong("usage.inputTokens")).isEqualTo(50);
    assertThat(span.getLong("usage.outputTokens")).isEqualTo(10);
    assertThat(span.getString("input.messages[0].content")).isEqualTo("Hello there");
    assertThat(span.getString("output.messages[0].content")).isEqualTo("General Kenobi");
    // The shipped price table knows gpt-4o (a dated variant maps to it): a cost is computed.
    assertThat(span.getDouble("costUsd")).isPositive();
  }

  @Test
  void reExportedSpansAreStoredOnce() {
    TestProject project = WeftApi.newProject("dup");
    List<SpanData> spans = agentTrace(service("shop"), "Twice?");
    SpanExporter exporter = exporter(Protocol.HTTP_PROTOBUF, project);

    exportOk(exporter, spans);
    exportOk(exporter, spans);
    exportOk(exporter(Protocol.GRPC, project), spans);

    JsonPath list = project.get("/traces");
    assertThat(list.getList("items")).hasSize(1);
    assertThat(list.getInt("items[0].spanCount")).isEqualTo(3);
    assertThat(list.getLong("items[0].totalTokens")).isEqualTo(1500);
    assertThat(project.get("/traces/" + spans.get(0).getTraceId()).getList("roots[0].children"))
        .hasSize(2);
  }

  @Test
  void spansOfOneTraceArrivingInSeparateExportsFormOneTrace() {
    TestProject project = WeftApi.newProject("split");
    List<SpanData> spans = agentTrace(service("shop"), "Split?");
    SpanExporter exporter = exporter(Protocol.HTTP_PROTOBUF, project);
    // Children first, the root last, as a batching processor may deliver them.
    exportOk(exporter, spans.subList(0, 2));
    JsonPath partial = project.get("/traces");
    assertThat(partial.getBoolean("items[0].complete")).isFalse();
    exportOk(exporter, spans.subList(2, 3));

    JsonPath list = project.get("/traces");
    assertThat(list.getList("items")).hasSize(1);
    assertThat(list.getBoolean("items[0].complete")).isTrue();
    assertThat(list.getString("items[0].name")).isEqualTo("invoke_agent support-bot");
    assertThat(list.getInt("items[0].spanCount")).isEqualTo(3);
  }

  @Test
  void aTraceSumsItsSpansPromptCacheTokensAcrossExports() {
    TestProject project = WeftApi.newProject("trace-cache");
    List<SpanData> spans =
        record(
            service("cached-agent"),
            provider -> {
              Tracer tracer = provider.get("test-app");
              Span agent = tracer.spanBuilder("invoke_agent cached").startSpan();
              try (Scope ignored = agent.makeCurrent()) {
                for (long[] usage : new long[][] {{5_000, 800, 100}, {6_000, 200, -1}}) {
                  var chat =
                      tracer
                          .spanBuilder("chat " + MODEL)
                          .setAttribute("gen_ai.operation.name", "chat")
                          .setAttribute("gen_ai.request.model", MODEL)
                          .setAttribute(longKey("gen_ai.usage.input_tokens"), usage[0])
                          .setAttribute(longKey("gen_ai.usage.output_tokens"), 10L)
                          .setAttribute(longKey("gen_ai.usage.cache_read.input_tokens"), usage[1]);
                  if (usage[2] >= 0) {
                    chat.setAttribute(
                        longKey("gen_ai.usage.cache_creation.input_tokens"), usage[2]);
                  }
                  chat.startSpan().end();
                }
              } finally {
                agent.end();
              }
            });
    SpanExporter exporter = exporter(Protocol.HTTP_PROTOBUF, project);
    // One chat span per export: the second one adds to the stored trace row.
    exportOk(exporter, spans.subList(0, 1));
    exportOk(exporter, spans.subList(1, 3));

    JsonPath list = project.get("/traces");
    assertThat(list.getList("items")).hasSize(1);
    assertThat(list.getLong("items[0].inputTokens")).isEqualTo(11_000);
    assertThat(list.getLong("items[0].cacheReadTokens")).isEqualTo(1_000);
    assertThat(list.getLong("items[0].cacheWriteTokens")).isEqualTo(100);
    JsonPath tree = project.get("/traces/" + spans.get(0).getTraceId());
    assertThat(tree.getLong("summary.cacheReadTokens")).isEqualTo(1_000);
    assertThat(tree.getLong("summary.cacheWriteTokens")).isEqualTo(100);
  }

  @Test
  void sessionsAndRunsGroupTraces() {
    TestProject project = WeftApi.newProject("sess");
    Attributes conversation =
        Attributes.of(stringKey("service.name"), "chat", stringKey("weft.session.id"), "conv-1");
    List<SpanData> first = agentTrace(conversation, "Hi");
    List<SpanData> second =
        agentTrace(
            Attributes.of(
                stringKey("service.name"),
                "chat",
                stringKey("weft.session.id"),
                "conv-1",
                stringKey("weft.run.id"),
                "run-7"),
            "And then?");
    List<SpanData> other = agentTrace(service("chat"), "Unrelated");
    SpanExporter exporter = exporter(Protocol.HTTP_PROTOBUF, project);
    exportOk(exporter, first);
    exportOk(exporter, second);
    exportOk(exporter, other);

    JsonPath sessions = project.get("/sessions");
    assertThat(sessions.getList("items")).hasSize(1);
    assertThat(sessions.getString("items[0].sessionId")).isEqualTo("conv-1");
    assertThat(sessions.getInt("items[0].traceCount")).isEqualTo(2);
    assertThat(sessions.getList("items[0].traceIds"))
        .containsExactly(first.get(0).getTraceId(), second.get(0).getTraceId());

    // A time range counts only the traces that start in it: [from, to).
    String secondStart =
        Instant.ofEpochSecond(
                0, second.stream().mapToLong(SpanData::getStartEpochNanos).min().orElseThrow())
            .truncatedTo(ChronoUnit.MICROS)
            .toString();
    JsonPath since = project.get("/sessions?from=" + secondStart);
    assertThat(since.getInt("items[0].traceCount")).isEqualTo(1);
    assertThat(since.getList("items[0].traceIds")).containsExactly(second.get(0).getTraceId());
    JsonPath before = project.get("/sessions?to=" + secondStart);
    assertThat(before.getInt("items[0].traceCount")).isEqualTo(1);
    assertThat(before.getList("items[0].traceIds")).containsExactly(first.get(0).getTraceId());
    assertThat(
            project
                .get("/sessions?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")
                .getList("items"))
        .isEmpty();

    JsonPath inSession = project.get("/sessions/conv-1");
    assertThat(inSession.getList("items.traceId"))
        .containsExactly(first.get(0).getTraceId(), second.get(0).getTraceId());
    assertThat(project.get("/sessions/conv-1?from=" + secondStart).getList("items.traceId"))
        .containsExactly(second.get(0).getTraceId());
    assertThat(project.get("/traces?run=run-7").getList("items.traceId"))
        .containsExactly(second.get(0).getTraceId());
  }

  @Test
  void traceListFiltersSortsAndPagesWithoutGapsOrRepeats() {
    TestProject project = WeftApi.newProject("filters");
    project.price("cheap-model", 1, 1);
    project.price("pricey-model", 100, 100);
    List<SpanData> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String model = i % 2 == 0 ? "cheap-model" : "pricey-model";
      boolean fails = i == 3;
      long tokens = 100L * (i + 1);
      int n = i;
      all.addAll(
          record(
              service(n == 2 || n == 5 ? "billing" : "svc"),
              provider -> {
                Span span =
                    provider
                        .get("t")
                        .spanBuilder("chat " + n)
                        .setAttribute("gen_ai.operation.name", "chat")
                        .setAttribute("gen_ai.provider.name", "openai")
                        .setAttribute("gen_ai.request.model", model)
                        .setAttribute(longKey("gen_ai.usage.input_tokens"), tokens)
                        .setAttribute(longKey("gen_ai.usage.output_tokens"), 0L)
                        .setAttribute("user.tier", n == 5 ? "gold" : "free")
                        .setAttribute(
                            "gen_ai.input.messages",
                            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"question"
                                + " number "
                                + n
                                + (n == 6 ? " about 100% of needle_x" : "")
                                + "\"}]}]")
                        .startSpan();
                if (fails) {
                  span.setStatus(StatusCode.ERROR, "rate limited");
                }
                span.end();
              }));
    }
    exportOk(exporter(Protocol.HTTP_PROTOBUF, project), all);

    assertThat(project.get("/traces").getList("items")).hasSize(7);
    assertThat(project.get("/traces?model=pricey-model").getList("items")).hasSize(3);
    assertThat(project.get("/traces?status=error").getList("items.name")).containsExactly("chat 3");
    assertThat(project.get("/traces?name=chat 5&name=chat 3").getList("items.name"))
        .containsExactlyInAnyOrder("chat 3", "chat 5");
    assertThat(project.get("/traces?name=chat").getList("items")).as("names match whole").isEmpty();
    assertThat(project.get("/traces?kind=chat").getList("items")).hasSize(7);
    assertThat(project.get("/traces?kind=tool").getList("items")).isEmpty();
    assertThat(project.get("/traces?attr=user.tier=gold").getList("items.name"))
        .containsExactly("chat 5");
    // attr also matches the span's resource (service.name is a resource attribute in OTel).
    assertThat(project.get("/traces?attr=service.name=billing").getList("items.name"))
        .containsExactlyInAnyOrder("chat 2", "chat 5");
    assertThat(
            project
                .get("/traces?attr=service.name=billing&attr=user.tier=gold&total=true")
                .getList("items.name"))
        .containsExactly("chat 5");
    assertThat(
            project
                .get("/traces?attr=service.name=billing&attr=user.tier=free&total=true")
                .getInt("total.count"))
        .isEqualTo(1);
    assertThat(project.get("/traces?attr=service.name=nowhere").getList("items")).isEmpty();
    // Text search is literal: '%' and '_' are not wildcards.
    assertThat(project.get("/traces?q=100% of needle_x").getList("items.name"))
        .containsExactly("chat 6");
    assertThat(project.get("/traces?q=needle%x").getList("items")).isEmpty();
    assertThat(project.get("/traces?minCost=0.03").getList("items.name"))
        .containsExactlyInAnyOrder("chat 3", "chat 5");

    List<String> byTokens = project.get("/traces?sort=tokens&order=asc").getList("items.name");
    assertThat(byTokens)
        .containsExactly("chat 0", "chat 1", "chat 2", "chat 3", "chat 4", "chat 5", "chat 6");

    for (String sort : List.of("startTime", "duration", "tokens", "cost")) {
      Set<String> seen = new HashSet<>();
      List<String> order = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonPath page =
            project.get(
                "/traces?limit=3&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor));
        List<String> ids = page.getList("items.traceId");
        order.addAll(ids);
        seen.addAll(ids);
        cursor = page.getString("nextCursor");
        pages++;
      } while (cursor != null && pages < 10);
      assertThat(order).as("paging by " + sort).hasSize(7);
      assertThat(seen).as("no repeats paging by " + sort).hasSize(7);
    }
  }

  @Test
  void traceListTotalCountsEveryMatchingTraceWhateverThePage() {
    TestProject project = WeftApi.newProject("totals");
    List<SpanData> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.addAll(agentTrace(service("totals"), "Question " + i));
    }
    exportOk(exporter(Protocol.HTTP_PROTOBUF, project), all);

    JsonPath first = project.get("/traces?limit=2&total=true");
    assertThat(first.getList("items")).hasSize(2);
    assertThat(first.getLong("total.count")).isEqualTo(5);
    assertThat(first.getBoolean("total.exact")).isTrue();
    JsonPath second =
        project.get("/traces?limit=2&total=true&cursor=" + first.getString("nextCursor"));
    assertThat(second.getList("items")).hasSize(2);
    assertThat(second.getLong("total.count")).isEqualTo(5);
    assertThat(project.get("/traces?total=true&status=error").getLong("total.count")).isZero();
    assertThat(project.get("/traces?total=true&q=Question 3").getLong("total.count")).isEqualTo(1);
    // Not asked for, not counted.
    assertThat(project.get("/traces?limit=2").getString("total")).isNull();
  }

  @Test
  void exportNamingAnotherProjectIsRefusedAndStoresNothing() {
    TestProject project = WeftApi.newProject("own");
    TestProject other = WeftApi.newProject("foreign");
    List<SpanData> spans =
        agentTrace(
            Attributes.of(stringKey("service.name"), "x", stringKey("weft.project"), other.name()),
            "Sneaky");
    CompletableResultCode result =
        exporter(Protocol.HTTP_PROTOBUF, project).export(spans).join(30, TimeUnit.SECONDS);

    assertThat(result.isSuccess()).isFalse();
    assertThat(project.get("/traces").getList("items")).isEmpty();
    assertThat(other.get("/traces").getList("items")).isEmpty();
  }

  @Test
  void grpcExportWithAWrongOrUnderScopedKeyFailsAndStoresNothing() {
    TestProject project = WeftApi.newProject("grpcauth");
    List<SpanData> spans = agentTrace(service("x"), "Who?");
    TestProject readOnly = new TestProject(project.name(), project.key("read"));
    TestProject wrong = new TestProject(project.name(), "weft_definitely-not-a-key");

    for (TestProject caller : List.of(readOnly, wrong)) {
      CompletableResultCode result =
          exporter(Protocol.GRPC, caller).export(spans).join(30, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isFalse();
    }
    assertThat(project.get("/traces").getList("items")).isEmpty();
  }

  @Test
  void exportNamingItsOwnProjectIsAccepted() {
    TestProject project = WeftApi.newProject("named");
    List<SpanData> spans =
        agentTrace(
            Attributes.of(
                stringKey("service.name"), "x", stringKey("weft.project"), project.name()),
            "Mine");
    exportOk(exporter(Protocol.GRPC, project), spans);
    assertThat(project.get("/traces").getList("items")).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> childNamed(JsonPath tree, String name) {
    List<Map<String, Object>> children = tree.getList("roots[0].children");
    return children.stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
  }
}
