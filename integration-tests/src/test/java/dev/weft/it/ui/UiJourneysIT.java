package dev.weft.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.it.WeftServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web UI's user journeys in a real headless chromium against the packaged server: seeds a
 * project through the real clients ({@link UiSeed}), writes the fixture the journeys read, and runs
 * {@code npm run e2e} in {@code ui/} (Vitest driving Debian's chromium through playwright-core, see
 * {@code ui/e2e/README.md}). The journeys' output is streamed into this test's log and kept in
 * {@code target/ui-e2e.log}.
 */
class UiJourneysIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyUiJourneyPassesInHeadlessChromiumAgainstSeededData() throws Exception {
    Path ui = Path.of(System.getProperty("weft.ui.dir", "../ui")).toAbsolutePath().normalize();
    assertThat(ui.resolve("node_modules/playwright-core"))
        .as(
            "%s has no node_modules: build the ui module first (mvn -B verify builds it before"
                + " this module; alone: cd ui && npm ci)",
            ui)
        .exists();
    String chromium = ensureChromium(ui);

    WeftServer server = WeftServer.get();
    ObjectNode fixture = UiSeed.seed(server);
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path fixtureFile = target.resolve("ui-e2e-fixture.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(fixtureFile.toFile(), fixture);

    ProcessBuilder npm =
        new ProcessBuilder("npm", "run", "e2e").directory(ui.toFile()).redirectErrorStream(true);
    npm.environment().put("WEFT_E2E_FIXTURE", fixtureFile.toString());
    npm.environment().put("WEFT_E2E_CHROMIUM", chromium);
    npm.environment().put("CI", "true");
    npm.environment().put("NO_COLOR", "1");
    Path log = target.resolve("ui-e2e.log");
    Deque<String> tail = new ArrayDeque<>();
    Process process = npm.start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("[ui-e2e] " + line);
        file.println(line);
        tail.addLast(line);
        if (tail.size() > 60) {
          tail.removeFirst();
        }
      }
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    assertThat(process.exitValue())
        .as(
            "npm run e2e (the browser journeys in %s/e2e) failed; the full Vitest output is above"
                + " in this test's log and in %s, screenshots in %s/target/e2e-screenshots."
                + " Last lines:%n%s",
            ui, log, ui, String.join(System.lineSeparator(), tail))
        .isZero();
  }

  /** Runs ui/e2e/ensure-chromium.sh (installs Debian's chromium as root) and returns its path. */
  private static String ensureChromium(Path ui) throws IOException, InterruptedException {
    Path script = ui.resolve("e2e/ensure-chromium.sh");
    Process p =
        new ProcessBuilder("sh", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    assertThat(done && p.exitValue() == 0)
        .as(
            "%s could not provide chromium (its message is above in this test's log); the browser"
                + " journeys need Debian's chromium: apt-get update && apt-get install -y chromium",
            script)
        .isTrue();
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }
}
