package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @Test
  void readsCommitFromLooseRefPackedRefAndWorktree(@TempDir Path dir) throws Exception {
    Path repo = dir.resolve("repo");
    Path git = Files.createDirectories(repo.resolve(".git/refs/heads"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(git.resolve("main"), "1234abcd\n");
    assertThat(Provenance.gitCommit(repo)).isEqualTo("1234abcd");

    Files.delete(git.resolve("main"));
    Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs\n5678ef refs/heads/main\n");
    assertThat(Provenance.gitCommit(repo)).isEqualTo("5678ef");

    // a linked worktree: .git is a file pointing to .git/worktrees/wt, whose commondir is ../..
    Path wtGit = Files.createDirectories(repo.resolve(".git/worktrees/wt"));
    Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(wtGit.resolve("commondir"), "../..\n");
    Path wt = Files.createDirectories(dir.resolve("wt"));
    Files.writeString(wt.resolve(".git"), "gitdir: " + wtGit + "\n");
    assertThat(Provenance.gitCommit(wt)).isEqualTo("5678ef");

    assertThat(Provenance.gitCommit(dir.resolve("nothing"))).isEqualTo("unknown");
    assertThat(Provenance.gitCommit(null)).isEqualTo("unknown");
  }

  @Test
  void prefersTheCommitRecordedAtBuildTimeAndMarksADirtyTree() {
    String id = "0123456789abcdef0123456789abcdef01234567";
    assertThat(Provenance.builtCommit(props("git.commit.id.full=" + id + "\ngit.dirty=false\n")))
        .isEqualTo(id);
    assertThat(Provenance.builtCommit(props("git.commit.id.full=" + id + "\ngit.dirty=true\n")))
        .isEqualTo(id + "-dirty");
    // a build outside git leaves the property empty or unresolved
    assertThat(Provenance.builtCommit(props("git.commit.id.full=\n"))).isNull();
    assertThat(Provenance.builtCommit(props("git.commit.id.full=${git.commit.id.full}\n"))).isNull();
    assertThat(Provenance.builtCommit(null)).isNull();
    // a build from a git checkout wrote the resource, and capture() reports that commit
    String built = Provenance.builtCommit(
        Provenance.class.getResourceAsStream(Provenance.BUILD_GIT_RESOURCE));
    if (built != null) {
      assertThat(built).matches("[0-9a-f]{40}(-dirty)?");
      assertThat(Provenance.capture(null).gitCommit()).isEqualTo(built);
    }
  }

  private static java.io.InputStream props(String text) {
    return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void peakMemoryIsPositive() {
    assertThat(ResourceUsage.peakHeapBytes()).isPositive();
    assertThat(ResourceUsage.peakRssBytes()).isNotZero();
  }
}
