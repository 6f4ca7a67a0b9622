package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends run events to {@code <dir>/events.jsonl}, one JSON object per line: {@code
 * {"type":..,"project":..,"runId":..,"body":{..}}}. Heartbeats are not written (a later sync does
 * not need them).
 */
final class OfflineRunWriter implements RunTransport {

  /** The file of events inside a run directory. */
  static final String EVENTS = "events.jsonl";

  private final Path dir;
  private BufferedWriter out;

  OfflineRunWriter(Path dir) {
    this.dir = dir;
  }

  Path directory() {
    return dir;
  }

  @Override
  public synchronized void send(String project, String runId, RunEvent event) throws IOException {
    if (RunEvent.HEARTBEAT.equals(event.type())) {
      return;
    }
    if (out == null) {
      Files.createDirectories(dir);
      out =
          Files.newBufferedWriter(
              dir.resolve(EVENTS),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
    }
    ObjectNode line = HttpRunClient.JSON.createObjectNode();
    line.put("type", event.type());
    line.put("project", project);
    line.put("runId", runId);
    line.set("body", event.body());
    out.write(HttpRunClient.JSON.writeValueAsString(line));
    out.write('\n');
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing more to write
      }
      out = null;
    }
  }
}
