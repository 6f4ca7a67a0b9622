package dev.weft.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.it.WeftServer;
import dev.weft.langchain4j.testing.FakeOpenAiServer;
import dev.weft.langchain4j.testing.FakeOpenAiServer.Text;
import dev.weft.langchain4j.testing.FakeOpenAiServer.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The most common way a Java team gets LLM traces without writing any tracing code: the stock
 * OpenTelemetry Java agent on an application that uses the official OpenAI client, pointed at Weft
 * with the standard {@code OTEL_*} variables only. The agent exports the model call spans to {@code
 * /v1/traces} and, with message capture on, the prompts and choices as log record events to {@code
 * /v1/logs}; Weft must show each call with its model, tokens and messages.
 */
class OpenTelemetryJavaAgentIT {

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void anAppUnderTheStockJavaAgentShowsItsCallsWithMessagesTokensAndToolCalls(String protocol)
      throws Exception {
    WeftServer.Project project = WeftServer.get().newProject("javaagent");
    try (FakeOpenAiServer models = FakeOpenAiServer.start()) {
      models.enqueue(
          new Text("Paris.", 21, 2), new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"));

      String output = runUnderAgent(project, models.baseUrl(), protocol);

      assertThat(output).contains("ANSWER Paris.").contains("TOOL 1");
    }

    JsonNode answer = awaitChat(project, "gpt-4o");
    assertThat(answer.path("provider").asText()).isEqualTo("openai");
    assertThat(answer.at("/usage/inputTokens").asLong()).isEqualTo(21);
    assertThat(answer.at("/usage/outputTokens").asLong()).isEqualTo(2);
    assertThat(answer.at("/input/messages/0/role").asText()).isEqualTo("system");
    assertThat(answer.at("/input/messages/0/content").asText()).isEqualTo("Answer in one word.");
    assertThat(answer.at("/input/messages/1/role").asText()).isEqualTo("user");
    assertThat(answer.at("/input/messages/1/content").asText()).isEqualTo("Capital of France?");
    assertThat(answer.at("/output/messages/0/content").asText()).isEqualTo("Paris.");
    assertThat(answer.at("/output/messages/0/finishReason").asText()).isEqualTo("stop");

    JsonNode tool = awaitChat(project, "gpt-4o-mini");
    assertThat(tool.at("/input/messages/0/content").asText()).isEqualTo("Weather in Paris?");
    assertThat(tool.at("/output/messages/0/toolCalls/0/name").asText()).isEqualTo("weather");
    assertThat(tool.at("/output/messages/0/toolCalls/0/id").asText()).isEqualTo("call_1");
    assertThat(tool.at("/output/messages/0/finishReason").asText()).isEqualTo("tool_calls");

    // The trace list shows what was asked and answered.
    JsonNode rows = project.get("/traces?model=gpt-4o").path("items");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("inputPreview").asText()).isEqualTo("Capital of France?");
    assertThat(rows.get(0).path("outputPreview").asText()).isEqualTo("Paris.");
  }

  /**
   * Runs {@link OpenAiAgentApp} in a child JVM under the agent, exporting with the given OTLP
   * protocol; returns its standard output.
   */
  static String runUnderAgent(WeftServer.Project project, String modelBaseUrl, String protocol)
      throws IOException, InterruptedException {
    String agent = System.getProperty("weft.it.otel.agent");
    assertThat(agent).as("the agent jar (copied by the build)").isNotBlank();
    assertThat(Path.of(agent)).exists();
    Path log = Files.createTempFile("javaagent-app", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agent);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OpenAiAgentApp.class.getName());
    command.add(modelBaseUrl);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "OTEL_SERVICE_NAME",
                "javaagent-app",
                "OTEL_EXPORTER_OTLP_PROTOCOL",
                protocol,
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                protocol.equals("grpc") ? WeftServer.get().grpcUrl() : WeftServer.get().httpUrl(),
                "OTEL_EXPORTER_OTLP_HEADERS",
                "Authorization=Bearer " + project.key(),
                "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT",
                "true",
                "OTEL_METRICS_EXPORTER",
                "none"));
    Process app = builder.start();
    boolean exited = app.waitFor(120, TimeUnit.SECONDS);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!exited) {
      app.destroyForcibly();
    }
    assertThat(exited).as("the app exits; its output:%n%s", output).isTrue();
    assertThat(app.exitValue()).as("exit code; output:%n%s", output).isZero();
    // The agent exports everything when the app exits, before the JVM ends.
    assertThat(output).doesNotContain("Failed to export");
    return output;
  }

  /**
   * The chat span of the given model, once it has its output: the span is stored when the app
   * exits, and its events are moved into it by the server right after (within a second or two).
   */
  static JsonNode awaitChat(WeftServer.Project project, String model) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonNode span = null;
    while (System.nanoTime() < deadline) {
      JsonNode items = project.get("/traces?model=" + model).path("items");
      if (items.size() == 1) {
        JsonNode trace = project.get("/traces/" + items.get(0).path("traceId").asText());
        span = trace.at("/roots/0");
        if (span.at("/output/messages/0").isObject()) {
          return span;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + model + " chat span with messages; last seen: " + span);
  }
}
