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
  void peakMemoryIsPositive() {
    assertThat(ResourceUsage.peakHeapBytes()).isPositive();
    assertThat(ResourceUsage.peakRssBytes()).isNotZero();
  }
}
