package dev.weft.eval.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local OpenAI-compatible {@code /v1/chat/completions} endpoint answering scripted replies, so
 * the real LangChain4j OpenAI client is tested over HTTP.
 */
final class FakeOpenAi implements AutoCloseable {

  /** One scripted reply: a status, a content (for 200) and a delay. */
  record Reply(int status, String content, long delayMillis) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Deque<Reply> script = new ArrayDeque<>();
  final List<String> prompts = new CopyOnWriteArrayList<>();
  private volatile Reply fallback = new Reply(200, "{\"reasoning\": \"ok\", \"score\": 5}", 0);

  FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          var request = JSON.readTree(body);
          prompts.add(request.at("/messages/0/content").asText());
          Reply reply;
          synchronized (script) {
            reply = script.isEmpty() ? fallback : script.poll();
          }
          if (reply.delayMillis() > 0) {
            try {
              Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] out;
          if (reply.status() == 200) {
            ObjectNode response = JSON.createObjectNode();
            response.put("id", "chatcmpl-1");
            response.put("object", "chat.completion");
            response.put("created", 1);
            response.put("model", request.path("model").asText("gpt-4o-mini"));
            ObjectNode choice = response.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("finish_reason", "stop");
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", reply.content());
            ObjectNode usage = response.putObject("usage");
            usage.put("prompt_tokens", 10);
            usage.put("completion_tokens", 5);
            usage.put("total_tokens", 15);
            out = JSON.writeValueAsBytes(response);
          } else {
            out =
                ("{\"error\": {\"message\": \"scripted " + reply.status() + "\", \"type\": \"x\"}}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          try {
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(out);
            }
          } catch (IOException e) {
            // the client gave up (timeout test)
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void then(int status, String content, long delayMillis) {
    synchronized (script) {
      script.add(new Reply(status, content, delayMillis));
    }
  }

  void always(String content) {
    fallback = new Reply(200, content, 0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
