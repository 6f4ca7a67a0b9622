package dev.weft.langchain4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local imitation of the OpenAI HTTP API ({@code POST /v1/chat/completions}, plain and SSE
 * streaming, and {@code POST /v1/embeddings}; plus Anthropic's {@code POST /v1/messages}, plain
 * text answers only) on the JDK's HTTP server, so the real LangChain4j OpenAI client can be tested
 * without a network.
 *
 * <p>Replies are taken from a queue ({@link #enqueue}); with an empty queue a chat request is
 * answered with {@code "Echo: <last user text>"} and a tool result with {@code "Result: <tool
 * output>"}, and a user text containing {@code "add N and M"} with a call of tool {@code add}, so
 * concurrent callers each get an answer tied to their own request.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern ADD =
      java.util.regex.Pattern.compile("\\badd (\\d+) and (\\d+)");

  /** What the server answers to one request. */
  public sealed interface Reply {}

  /** An assistant text. */
  public record Text(String content, int promptTokens, int completionTokens) implements Reply {}

  /** One tool call requested by the assistant. */
  public record ToolCall(String id, String name, String arguments) implements Reply {}

  /** An HTTP error status with an OpenAI-shaped error body. */
  public record Failure(int status, String message) implements Reply {}

  /**
   * An assistant text whose prompt the provider partly served from its prompt cache, and partly
   * wrote to it: OpenAI reports {@code prompt_tokens_details.cached_tokens} within {@code
   * prompt_tokens} (it has no cache writes); Anthropic reports {@code input_tokens} without either,
   * beside {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}.
   */
  public record Cached(Text text, int cacheReadTokens, int cacheWriteTokens) implements Reply {}

  /** Answers {@code reply} after {@code millis}. */
  public record Delayed(long millis, Reply reply) implements Reply {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String responseModel = null;

  private FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.createContext("/v1/messages", this::anthropicMessages);
    server.start();
  }

  /** Starts a server on a free loopback port. */
  public static FakeOpenAiServer start() {
    try {
      return new FakeOpenAiServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>/v1}, the base URL for the OpenAI client. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues replies, answered in order. */
  public FakeOpenAiServer enqueue(Reply... reply) {
    replies.addAll(List.of(reply));
    return this;
  }

  /** Answers with this model name instead of the requested one. */
  public FakeOpenAiServer responseModel(String model) {
    this.responseModel = model;
    return this;
  }

  /** The bodies of the requests received so far. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void chat(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      Reply reply = replies.poll();
      if (reply == null) {
        reply = echo(request);
      }
      while (reply instanceof Delayed d) {
        sleep(d.millis());
        reply = d.reply();
      }
      if (reply instanceof Failure f) {
        send(exchange, f.status(), "{\"error\":{\"message\":\"" + f.message() + "\"}}");
        return;
      }
      String model = responseModel != null ? responseModel : request.path("model").asText();
      String id = "chatcmpl-" + ids.incrementAndGet();
      if (request.path("stream").asBoolean()) {
        stream(exchange, id, model, reply);
      } else {
        send(exchange, 200, JSON.writeValueAsString(completion(id, model, reply)));
      }
    }
  }

  private void anthropicMessages(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      Reply reply = replies.poll();
      if (reply instanceof Failure f) {
        send(
            exchange,
            f.status(),
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\""
                + f.message()
                + "\"}}");
        return;
      }
      Cached cached = reply instanceof Cached c ? c : null;
      if (cached != null) {
        reply = cached.text();
      }
      Text text =
          reply instanceof Text t ? t : new Text("Echo from Claude", 7, 3); // text replies only
      ObjectNode body =
          JSON.createObjectNode()
              .put("id", "msg_" + ids.incrementAndGet())
              .put("type", "message")
              .put("role", "assistant")
              .put("model", request.path("model").asText());
      body.putArray("content").addObject().put("type", "text").put("text", text.content());
      body.put("stop_reason", "end_turn");
      ObjectNode usage =
          body.putObject("usage")
              .put("input_tokens", text.promptTokens())
              .put("output_tokens", text.completionTokens());
      if (cached != null) {
        usage
            .put("cache_read_input_tokens", cached.cacheReadTokens())
            .put("cache_creation_input_tokens", cached.cacheWriteTokens());
      }
      send(exchange, 200, JSON.writeValueAsString(body));
    }
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      JsonNode input = request.path("input");
      ObjectNode body = JSON.createObjectNode().put("object", "list");
      ArrayNode data = body.putArray("data");
      int tokens = 0;
      for (int i = 0; i < input.size(); i++) {
        String text = input.get(i).asText();
        tokens += words(text);
        ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
        ArrayNode vector = item.putArray("embedding");
        for (float v : vector(text)) {
          vector.add(v);
        }
      }
      body.put("model", request.path("model").asText());
      body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
      send(exchange, 200, JSON.writeValueAsString(body));
    }
  }

  /**
   * A deterministic 4-dimensional embedding from the words of {@code text}: texts that share words
   * point the same way, so similarity search finds them.
   */
  public static float[] vector(String text) {
    float[] v = new float[4];
    for (String w : text.toLowerCase().split("\\W+")) {
      if (!w.isEmpty()) {
        v[Math.floorMod(w.hashCode(), 4)] += 1;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = norm == 0 ? 1 : Math.sqrt(norm);
    for (int i = 0; i < 4; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  private static Reply echo(JsonNode request) {
    JsonNode messages = request.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    int prompt = 0;
    for (JsonNode m : messages) {
      prompt += words(m.path("content").asText(""));
    }
    java.util.regex.Matcher add =
        ADD.matcher("user".equals(last.path("role").asText()) ? last.path("content").asText() : "");
    if (add.find()) {
      return new ToolCall(
          "call_" + Integer.toHexString(last.path("content").asText().hashCode()),
          "add",
          "{\"a\":" + add.group(1) + ",\"b\":" + add.group(2) + "}");
    }
    String text =
        "tool".equals(last.path("role").asText())
            ? "Result: " + last.path("content").asText()
            : "Echo: " + last.path("content").asText();
    return new Text(text, prompt, words(text));
  }

  private static int words(String text) {
    return text.isBlank() ? 0 : text.trim().split("\\s+").length;
  }

  private static ObjectNode completion(String id, String model, Reply reply) {
    if (reply instanceof Cached c) {
      ObjectNode body = completion(id, model, c.text());
      ((ObjectNode) body.path("usage"))
          .putObject("prompt_tokens_details")
          .put("cached_tokens", c.cacheReadTokens());
      return body;
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("id", id)
            .put("object", "chat.completion")
            .put("created", 1_700_000_000)
            .put("model", model);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    int prompt;
    int completion;
    if (reply instanceof Text t) {
      message.put("content", t.content());
      choice.put("finish_reason", "stop");
      prompt = t.promptTokens();
      completion = t.completionTokens();
    } else {
      ToolCall c = (ToolCall) reply;
      message.putNull("content");
      ObjectNode call = message.putArray("tool_calls").addObject();
      call.put("id", c.id()).put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      choice.put("finish_reason", "tool_calls");
      prompt = 20;
      completion = 10;
    }
    body.putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    return body;
  }

  private static void stream(HttpExchange exchange, String id, String model, Reply reply)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    int prompt;
    int completion;
    String finish;
    if (reply instanceof Text t) {
      String content = t.content();
      int step = Math.max(1, content.length() / 3);
      for (int i = 0; i < content.length(); i += step) {
        ObjectNode delta = JSON.createObjectNode();
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", content.substring(i, Math.min(content.length(), i + step)));
        event(out, chunk(id, model, delta, null));
      }
      prompt = t.promptTokens();
      completion = t.completionTokens();
      finish = "stop";
    } else {
      ToolCall c = (ToolCall) reply;
      ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
      ObjectNode call = delta.putArray("tool_calls").addObject().put("index", 0);
      call.put("id", c.id()).put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", "");
      event(out, chunk(id, model, delta, null));
      int half = c.arguments().length() / 2;
      for (String piece :
          new String[] {c.arguments().substring(0, half), c.arguments().substring(half)}) {
        ObjectNode d = JSON.createObjectNode();
        d.putArray("tool_calls")
            .addObject()
            .put("index", 0)
            .putObject("function")
            .put("arguments", piece);
        event(out, chunk(id, model, d, null));
      }
      prompt = 20;
      completion = 10;
      finish = "tool_calls";
    }
    event(out, chunk(id, model, JSON.createObjectNode(), finish));
    ObjectNode usage =
        JSON.createObjectNode()
            .put("id", id)
            .put("object", "chat.completion.chunk")
            .put("created", 1_700_000_000)
            .put("model", model);
    usage.putArray("choices");
    usage
        .putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    event(out, usage);
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ObjectNode chunk(String id, String model, ObjectNode delta, String finish) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("id", id)
            .put("object", "chat.completion.chunk")
            .put("created", 1_700_000_000)
            .put("model", model);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return body;
  }

  private static void event(OutputStream out, JsonNode body) throws IOException {
    out.write(("data: " + JSON.writeValueAsString(body) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
