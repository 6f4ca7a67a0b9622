package dev.weft.tracing.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git, GPU and id helpers. */
class RunEnvironmentTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void gitInfoIsReadFromTheFilesWithoutTheGitCommand(@TempDir Path repo) throws Exception {
    Path git = Files.createDirectories(repo.resolve(".git"));
    Files.writeString(git.resolve("HEAD"), "ref: refs/heads/feature/x\n");
    Files.writeString(
        git.resolve("packed-refs"), "# pack-refs\n" + SHA + " refs/heads/feature/x\n");
    Path sub = Files.createDirectories(repo.resolve("src/main"));

    ObjectNode info = GitInfo.fromFiles(sub);

    assertThat(info.get("commit").asText()).isEqualTo(SHA);
    assertThat(info.get("branch").asText()).isEqualTo("feature/x");
    assertThat(info.has("dirty")).isFalse();
  }

  @Test
  void gitInfoFollowsAWorktreeToItsCommonDirectory(@TempDir Path root) throws Exception {
    Path main = Files.createDirectories(root.resolve("main/.git"));
    Path wtGit = Files.createDirectories(main.resolve("worktrees/wt"));
    Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/wt\n");
    Files.writeString(wtGit.resolve("commondir"), "../..\n");
    Files.createDirectories(main.resolve("refs/heads"));
    Files.writeString(main.resolve("refs/heads/wt"), SHA + "\n");
    Path wt = Files.createDirectories(root.resolve("wt"));
    Files.writeString(wt.resolve(".git"), "gitdir: " + wtGit + "\n");

    ObjectNode info = GitInfo.fromFiles(wt);

    assertThat(info.get("commit").asText()).isEqualTo(SHA);
    assertThat(info.get("branch").asText()).isEqualTo("wt");
  }

  @Test
  void aDetachedHeadHasACommitAndNoBranch(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), SHA + "\n");
    ObjectNode info = GitInfo.fromFiles(repo);
    assertThat(info.get("commit").asText()).isEqualTo(SHA);
    assertThat(info.has("branch")).isFalse();
  }

  @Test
  void outsideARepositoryThereIsNoGitInfo(@TempDir Path dir) {
    assertThat(GitInfo.capture(dir)).isNull();
  }

  @Test
  void theGitCommandGivesDirtyToo(@TempDir Path repo) throws Exception {
    if (!new ProcessBuilder("git", "--version")
        .start()
        .waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      return;
    }
    run(repo, "git", "init", "-q", "-b", "trunk");
    Files.writeString(repo.resolve("a.txt"), "a");
    run(repo, "git", "add", "a.txt");
    run(repo, "git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
    assertThat(GitInfo.capture(repo).get("dirty").asBoolean()).isFalse();
    Files.writeString(repo.resolve("a.txt"), "changed");

    ObjectNode info = GitInfo.capture(repo);

    assertThat(info.get("branch").asText()).isEqualTo("trunk");
    assertThat(info.get("commit").asText()).matches("[0-9a-f]{40}");
    assertThat(info.get("dirty").asBoolean()).isTrue();
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void nvidiaSmiOutputBecomesPerGpuMetrics() {
    var m =
        SystemMetrics.parseNvidiaSmi("87, 4096, 16384, 65, 210.5\n3, 100, 16384, [N/A], [N/A]\n");
    assertThat(m)
        .containsEntry("system/gpu.0.utilization_percent", 87.0)
        .containsEntry("system/gpu.0.memory_used_mb", 4096.0)
        .containsEntry("system/gpu.0.memory_percent", 25.0)
        .containsEntry("system/gpu.0.temperature_c", 65.0)
        .containsEntry("system/gpu.0.power_w", 210.5)
        .containsEntry("system/gpu.1.utilization_percent", 3.0)
        .doesNotContainKey("system/gpu.1.temperature_c");
  }

  @Test
  void systemMetricsWithoutAGpuStillReportTheJvm() {
    var m = new SystemMetrics(null).sample();
    assertThat(m).containsKeys("system/jvm.heap_used_mb", "system/jvm.gc_count");
    assertThat(m.keySet()).allMatch(k -> k.startsWith("system/"));
  }

  @Test
  void runIdsAreEightCharactersOfLowercaseLettersAndDigits() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RunIds.newId();
      assertThat(id).matches("[a-z0-9]{8}");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
    assertThat(RunIds.isValid("resnet-lr3e4.v2")).isTrue();
    assertThat(RunIds.isValid("bad id!")).isFalse();
    assertThat(RunIds.isValid("")).isFalse();
    assertThat(RunIds.isValid("x".repeat(65))).isFalse();
  }
}
