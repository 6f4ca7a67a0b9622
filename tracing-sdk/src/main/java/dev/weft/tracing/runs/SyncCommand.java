package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tracing.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Uploads offline runs to a Weft server:
 *
 * <pre>
 * java -cp tracing-sdk.jar:jackson-*.jar dev.weft.tracing.runs.SyncCommand [options] DIR...
 *   DIR              a run directory (with events.jsonl) or a directory of them (~/.weft/runs)
 *   --endpoint URL   server (default WEFT_ENDPOINT or http://localhost:8080)
 *   --api-key KEY    key with the ingest scope (default WEFT_API_KEY)
 *   --project NAME   upload into this project instead of the one recorded
 * </pre>
 *
 * <p>Idempotent: the runs API ignores a repeated create, merges patches and keeps one value per
 * (run, key, step), so syncing the same directory again changes nothing. A synced run gets a {@code
 * synced.json} marker; it is synced again anyway when named (cheap and harmless). Exit code 0 when
 * every run was uploaded, 1 when any failed, 2 for bad arguments.
 */
public final class SyncCommand {

  private final RunTransport transport;
  private final String projectOverride;
  private final PrintStream out;

  SyncCommand(RunTransport transport, String projectOverride, PrintStream out) {
    this.transport = transport;
    this.projectOverride = projectOverride;
    this.out = out;
  }

  /** Command-line entry point. */
  public static void main(String[] args) {
    System.exit(run(args, Settings.system(), System.out, System.err));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
    String endpoint = settings.get("WEFT_ENDPOINT", "http://localhost:8080");
    String apiKey = settings.get("WEFT_API_KEY");
    String project = null;
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--endpoint", "--api-key", "--project" -> {
          if (i + 1 >= args.length) {
            err.println(a + " needs a value");
            return 2;
          }
          String v = args[++i];
          if (a.equals("--endpoint")) {
            endpoint = v;
          } else if (a.equals("--api-key")) {
            apiKey = v;
          } else {
            project = v;
          }
        }
        case "-h", "--help" -> {
          out.println(
              "usage: SyncCommand [--endpoint URL] [--api-key KEY] [--project NAME] DIR...");
          return 0;
        }
        default -> {
          if (a.startsWith("-")) {
            err.println("unknown option " + a);
            return 2;
          }
          dirs.add(Path.of(a));
        }
      }
    }
    if (dirs.isEmpty()) {
      err.println("usage: SyncCommand [--endpoint URL] [--api-key KEY] [--project NAME] DIR...");
      return 2;
    }
    SyncCommand sync =
        new SyncCommand(new HttpRunClient(endpoint, apiKey, Duration.ofSeconds(60)), project, out);
    int failed = 0;
    for (Path dir : dirs) {
      try {
        for (Path run : runDirectories(dir)) {
          try {
            sync.sync(run);
          } catch (IOException | RuntimeException e) {
            failed++;
            err.println("could not sync " + run + ": " + e.getMessage());
          }
        }
      } catch (IOException e) {
        failed++;
        err.println("could not read " + dir + ": " + e.getMessage());
      }
    }
    return failed == 0 ? 0 : 1;
  }

  /** The run directories at or directly below {@code dir}. */
  static List<Path> runDirectories(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(OfflineRunWriter.EVENTS))) {
      return List.of(dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("no such directory");
    }
    List<Path> runs = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      children
          .filter(p -> Files.isRegularFile(p.resolve(OfflineRunWriter.EVENTS)))
          .sorted()
          .forEach(runs::add);
    }
    if (runs.isEmpty()) {
      throw new IOException("no offline runs (no " + OfflineRunWriter.EVENTS + ")");
    }
    return runs;
  }

  /** Replays one run directory's events in order. */
  void sync(Path runDir) throws IOException {
    List<String> lines = Files.readAllLines(runDir.resolve(OfflineRunWriter.EVENTS));
    String runId = null;
    String project = null;
    int events = 0;
    int points = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = HttpRunClient.JSON.readTree(line);
      } catch (IOException e) {
        // a line cut short by a crash: everything before it is still good
        out.println(runDir + ": skipping an unreadable line");
        continue;
      }
      String type = node.path("type").asText();
      runId = node.path("runId").asText(runId);
      project = projectOverride != null ? projectOverride : node.path("project").asText(project);
      JsonNode body = node.get("body");
      if (RunEvent.METRICS.equals(type) && body != null) {
        points += sendMetrics(project, runId, (ArrayNode) body.path("points"));
      } else {
        transport.send(project, runId, new RunEvent(type, body instanceof ObjectNode o ? o : null));
      }
      events++;
    }
    ObjectNode marker = HttpRunClient.JSON.createObjectNode();
    marker.put("syncedAt", Instant.now().toString());
    marker.put("project", project);
    marker.put("runId", runId);
    marker.put("events", events);
    marker.put("points", points);
    Files.writeString(runDir.resolve("synced.json"), marker.toString());
    out.println("synced run " + runId + " to project " + project + " (" + points + " points)");
  }

  private int sendMetrics(String project, String runId, ArrayNode points) throws IOException {
    for (int from = 0; from < points.size(); from += RunUploader.MAX_POINTS_PER_REQUEST) {
      ObjectNode body = HttpRunClient.JSON.createObjectNode();
      ArrayNode chunk = body.putArray("points");
      for (int i = from;
          i < Math.min(points.size(), from + RunUploader.MAX_POINTS_PER_REQUEST);
          i++) {
        chunk.add(points.get(i));
      }
      transport.send(project, runId, new RunEvent(RunEvent.METRICS, body));
    }
    return points.size();
  }
}
