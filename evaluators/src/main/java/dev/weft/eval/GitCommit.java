package dev.weft.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Finds the commit under evaluation: CI variables first, then {@code git rev-parse HEAD}. */
final class GitCommit {

  private static final String[] VARIABLES = {
    "WEFT_GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILD_VCS_NUMBER"
  };
  private static volatile String cached;
  private static volatile boolean looked;

  private GitCommit() {}

  static String detect() {
    if (looked) {
      return cached;
    }
    for (String v : VARIABLES) {
      String value = System.getenv(v);
      if (value != null && !value.isBlank()) {
        cached = value.trim();
        looked = true;
        return cached;
      }
    }
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        cached = out.matches("[0-9a-f]{40}") ? out : null;
      } else {
        p.destroy();
      }
    } catch (IOException e) {
      // no git: no commit
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    looked = true;
    return cached;
  }
}
