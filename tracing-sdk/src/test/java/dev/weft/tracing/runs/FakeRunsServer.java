package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory implementation of the runs REST contract on the JDK HTTP server, for client tests:
 * idempotent create, merged patches, metrics unique per (run, key, step), heartbeat, finish.
 */
final class FakeRunsServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile("/api/v1/projects/([^/]+)/runs(?:/([^/]+))?(?:/(heartbeat|finish|metrics))?");

  final HttpServer server;
  final String key;

  /** project/id → run JSON. */
  final Map<String, ObjectNode> runs = new ConcurrentHashMap<>();

  /** project/id → key → step → value. */
  final Map<String, Map<String, Map<Long, Double>>> metrics = new ConcurrentHashMap<>();

  final Map<String, AtomicInteger> heartbeats = new ConcurrentHashMap<>();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

  /** Answer 503 to this many requests first (server "down"). */
  final AtomicInteger failNext = new AtomicInteger();

  volatile int forcedStatus;

  FakeRunsServer(String key) throws IOException {
    this.key = key;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ObjectNode run(String project, String id) {
    return runs.get(project + "/" + id);
  }

  Map<String, Map<Long, Double>> metrics(String project, String id) {
    return metrics.getOrDefault(project + "/" + id, Map.of());
  }

  int pointCount(String project, String id) {
    return metrics(project, id).values().stream().mapToInt(Map::size).sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      requests.add(method + " " + path);
      authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] raw = ex.getRequestBody().readAllBytes();
      if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
        send(ex, 503, problem("down for a test"));
        return;
      }
      if (forcedStatus != 0) {
        send(ex, forcedStatus, problem("forced"));
        return;
      }
      if (!("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, problem("missing or unknown API key"));
        return;
      }
      Matcher m = PATH.matcher(path);
      if (!m.matches()) {
        send(ex, 404, problem("no such endpoint"));
        return;
      }
      String project = m.group(1);
      String id = m.group(2);
      String action = m.group(3);
      JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
      if (id == null && method.equals("POST")) {
        String runId = body.path("id").asText();
        ObjectNode existing = runs.get(project + "/" + runId);
        if (existing != null) {
          send(ex, 200, existing);
          return;
        }
        ObjectNode run = ((ObjectNode) body).deepCopy();
        run.put("state", "running");
        run.putObject("summary");
        if (!run.has("config")) {
          run.putObject("config");
        }
        runs.put(project + "/" + runId, run);
        send(ex, 201, run);
        return;
      }
      ObjectNode run = runs.get(project + "/" + id);
      if (run == null) {
        send(ex, 404, problem("no run " + id + " in project " + project));
        return;
      }
      String k = project + "/" + id;
      if (action == null && method.equals("GET")) {
        send(ex, 200, run);
      } else if (action == null && method.equals("PATCH")) {
        body.fields()
            .forEachRemaining(
                f -> {
                  if (f.getKey().equals("config") || f.getKey().equals("summary")) {
                    ((ObjectNode) run.with(f.getKey())).setAll((ObjectNode) f.getValue());
                  } else {
                    run.set(f.getKey(), f.getValue());
                  }
                });
        send(ex, 200, run);
      } else if ("heartbeat".equals(action)) {
        heartbeats.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
        send(ex, 204, null);
      } else if ("finish".equals(action)) {
        if (run.path("state").asText().equals("running")) {
          run.put("state", body.path("state").asText());
          if (body.has("summary")) {
            ((ObjectNode) run.with("summary")).setAll((ObjectNode) body.get("summary"));
          }
          if (body.has("exitCode")) {
            run.set("exitCode", body.get("exitCode"));
          }
        }
        send(ex, 200, run);
      } else if ("metrics".equals(action)) {
        // the real API's rule: a new step below the highest stored for its key refuses the request
        var stored = metrics.computeIfAbsent(k, x -> new ConcurrentHashMap<>());
        for (JsonNode p : body.path("points")) {
          Map<Long, Double> steps = stored.get(p.get("key").asText());
          if (steps != null) {
            synchronized (steps) {
              long step = p.get("step").asLong();
              long highest = ((TreeMap<Long, Double>) steps).lastKey();
              if (step < highest && !steps.containsKey(step)) {
                send(
                    ex,
                    400,
                    problem("step " + step + " of '" + p.get("key").asText() + "' goes back"));
                return;
              }
            }
          }
        }
        int accepted = 0;
        for (JsonNode p : body.path("points")) {
          Map<Long, Double> steps =
              metrics
                  .computeIfAbsent(k, x -> new ConcurrentHashMap<>())
                  .computeIfAbsent(p.get("key").asText(), x -> new TreeMap<>());
          synchronized (steps) {
            if (steps.putIfAbsent(p.get("step").asLong(), p.get("value").asDouble()) == null) {
              accepted++;
            }
          }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("accepted", accepted);
        send(ex, 200, answer);
      } else {
        send(ex, 405, problem("method not allowed"));
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private static ObjectNode problem(String detail) {
    ObjectNode p = JSON.createObjectNode();
    p.put("detail", detail);
    return p;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
