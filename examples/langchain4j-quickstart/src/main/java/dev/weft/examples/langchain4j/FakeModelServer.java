package dev.weft.examples.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for an OpenAI-compatible model server ({@code POST /v1/chat/completions}, plain
 * and SSE streaming). It echoes the question, and answers "add N and M" with a call of tool {@code
 * add} whose result it then reports.
 */
public final class FakeModelServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ADD = Pattern.compile("\\badd (\\d+) and (\\d+)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private FakeModelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  /** Starts the server on a free loopback port. */
  public static FakeModelServer start() throws IOException {
    return new FakeModelServer();
  }

  /** The base URL to give the OpenAI client. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void chat(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      JsonNode messages = request.path("messages");
      JsonNode last = messages.get(messages.size() - 1);
      String role = last.path("role").asText();
      String content = last.path("content").asText();
      ObjectNode message = JSON.createObjectNode().put("role", "assistant");
      String finish = "stop";
      Matcher add = ADD.matcher(content);
      if ("user".equals(role) && add.find()) {
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", "call_1").put("type", "function");
        call.putObject("function")
            .put("name", "add")
            .put("arguments", "{\"a\":" + add.group(1) + ",\"b\":" + add.group(2) + "}");
        finish = "tool_calls";
      } else if ("tool".equals(role)) {
        message.put("content", "The answer is " + content + ".");
      } else {
        message.put("content", "I am a fake model. You said: " + content);
      }
      ObjectNode usage =
          JSON.createObjectNode()
              .put("prompt_tokens", 12 * messages.size())
              .put("completion_tokens", 9)
              .put("total_tokens", 12 * messages.size() + 9);
      if (request.path("stream").asBoolean()) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String word : message.path("content").asText("").split("(?<= )")) {
          ObjectNode chunk = chunk();
          chunk
              .withArray("choices")
              .addObject()
              .put("index", 0)
              .putObject("delta")
              .put("content", word);
          event(out, chunk);
        }
        ObjectNode end = chunk();
        end.withArray("choices")
            .addObject()
            .put("index", 0)
            .put("finish_reason", finish)
            .putObject("delta");
        event(out, end);
        ObjectNode tokens = chunk();
        tokens.putArray("choices");
        tokens.set("usage", usage);
        event(out, tokens);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } else {
        ObjectNode body = chunk().put("object", "chat.completion");
        ObjectNode choice = body.withArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        body.set("usage", usage);
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static ObjectNode chunk() {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-example")
        .put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000)
        .put("model", "gpt-4o-mini");
  }

  private static void event(OutputStream out, JsonNode body) throws IOException {
    out.write(("data: " + JSON.writeValueAsString(body) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
