package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Git commit, branch and dirty flag of the working directory: through the {@code git} command when
 * it is installed, else by reading {@code .git/HEAD} and the refs (dirty is then unknown).
 */
final class GitInfo {
  private GitInfo() {}

  /** The {@code git} object, or null outside a repository. */
  static ObjectNode capture(Path dir) {
    try {
      ObjectNode viaCli = fromCli(dir);
      if (viaCli != null) {
        return viaCli;
      }
    } catch (Exception e) {
      // no git command: read the files
    }
    try {
      return fromFiles(dir);
    } catch (Exception e) {
      return null;
    }
  }

  static ObjectNode fromCli(Path dir) throws IOException, InterruptedException {
    String commit = git(dir, "rev-parse", "HEAD");
    if (commit == null || !commit.matches("[0-9a-f]{40,64}")) {
      return null;
    }
    ObjectNode git = HttpRunClient.JSON.createObjectNode();
    git.put("commit", commit);
    String branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
    if (branch != null && !branch.equals("HEAD")) {
      git.put("branch", branch);
    }
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    if (status != null) {
      git.put("dirty", !status.isBlank());
    }
    return git;
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    p.getErrorStream().close();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
  }

  static ObjectNode fromFiles(Path start) throws IOException {
    Path gitDir = findGitDir(start.toAbsolutePath());
    if (gitDir == null) {
      return null;
    }
    String head = Files.readString(gitDir.resolve("HEAD")).trim();
    ObjectNode git = HttpRunClient.JSON.createObjectNode();
    if (head.startsWith("ref:")) {
      String ref = head.substring(4).trim();
      if (ref.startsWith("refs/heads/")) {
        git.put("branch", ref.substring("refs/heads/".length()));
      }
      String commit = resolveRef(gitDir, ref);
      if (commit == null) {
        return null;
      }
      git.put("commit", commit);
    } else {
      git.put("commit", head);
    }
    return git;
  }

  private static String resolveRef(Path gitDir, String ref) throws IOException {
    for (Path dir : List.of(gitDir, commonDir(gitDir))) {
      Path loose = dir.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return Files.readString(loose).trim();
      }
      Path packed = dir.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed)) {
          if (line.endsWith(" " + ref)) {
            return line.substring(0, line.indexOf(' '));
          }
        }
      }
    }
    return null;
  }

  /** Worktrees keep refs in the main repository's directory, named by {@code commondir}. */
  private static Path commonDir(Path gitDir) throws IOException {
    Path common = gitDir.resolve("commondir");
    if (Files.isRegularFile(common)) {
      return gitDir.resolve(Files.readString(common).trim()).normalize();
    }
    return gitDir;
  }

  private static Path findGitDir(Path dir) throws IOException {
    for (Path d = dir; d != null; d = d.getParent()) {
      Path git = d.resolve(".git");
      if (Files.isDirectory(git)) {
        return git;
      }
      if (Files.isRegularFile(git)) {
        String content = Files.readString(git).trim();
        if (content.startsWith("gitdir:")) {
          return d.resolve(content.substring(7).trim()).normalize();
        }
      }
    }
    return null;
  }
}
