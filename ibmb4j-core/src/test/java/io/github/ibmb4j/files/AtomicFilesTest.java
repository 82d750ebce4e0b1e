package io.github.ibmb4j.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void replacesContentAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("sub/record.json");
    AtomicFiles.writeString(f, "one");
    AtomicFiles.writeString(f, "two");
    assertThat(Files.readString(f)).isEqualTo("two");
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("record.json");
    }
  }

  @Test
  void failedWriteKeepsOldContentAndRemovesTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("checkpoint.bin");
    AtomicFiles.writeString(f, "old");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[100]);
      throw new IOException("disk full");
    })).isInstanceOf(FileWriteException.class).hasMessage("cannot write " + f + ": disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void fullDiskNamesTheTargetNeverTheTemporaryFile(@TempDir Path dir) {
    Path f = dir.resolve("predictions-test.csv");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      throw new java.nio.file.FileSystemException(dir.resolve(".predictions-test.csv.1-2.tmp")
          .toString(), null, "No space left on device");
    })).isInstanceOf(FileWriteException.class)
        .hasMessage("cannot write " + f + ": No space left on device")
        .message().doesNotContain(".tmp");
  }

  @Test
  void directoryInTheWayIsNamed(@TempDir Path dir) throws IOException {
    Path f = Files.createDirectory(dir.resolve("out.csv"));
    assertThatThrownBy(() -> AtomicFiles.writeString(f, "x")).isInstanceOf(FileWriteException.class)
        .hasMessage("cannot write " + f + ": it is a directory, expected a file path");
    Path under = Files.writeString(dir.resolve("plain"), "x").resolve("sub/out.csv");
    assertThatThrownBy(() -> AtomicFiles.writeString(under, "x"))
        .isInstanceOf(FileWriteException.class).message().startsWith("cannot write " + under + ": ");
  }

  @Test
  void immutableDirectoryIsNamed(@TempDir Path dir) throws Exception {
    // root ignores permission bits, but not the immutable attribute (where the file system has it)
    Path locked = Files.createDirectory(dir.resolve("locked"));
    org.junit.jupiter.api.Assumptions.assumeTrue(chattr("+i", locked), "chattr +i unsupported here");
    try {
      Path f = locked.resolve("model.safetensors");
      assertThatThrownBy(() -> AtomicFiles.writeString(f, "x")).isInstanceOf(FileWriteException.class)
          .message().startsWith("cannot write " + f + ": ").doesNotContain(".tmp");
    } finally {
      chattr("-i", locked);
    }
  }

  private static boolean chattr(String flag, Path p) throws InterruptedException {
    try {
      Process pr = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
      pr.getInputStream().readAllBytes();
      return pr.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void staleTemporariesOfDeadProcessesAreCleanedOthersKept(@TempDir Path dir) throws IOException {
    long dead = deadPid();
    long me = ProcessHandle.current().pid();
    Path deadFile = Files.writeString(dir.resolve(".predictions-test.csv." + dead + "-123.tmp"), "x");
    Path deadDir = Files.createDirectories(dir.resolve(".conv.tmp-" + dead + "-abc"));
    Files.writeString(deadDir.resolve("dataset.ibmb"), "partial");
    Path mine = Files.writeString(dir.resolve(".record.json." + me + "-7.tmp"), "x");
    Path old = Files.writeString(dir.resolve(".record.json.98765.tmp"), "x");
    Path other = Files.writeString(dir.resolve("record.json"), "x");
    assertThat(TempFiles.cleanStale(dir)).containsExactlyInAnyOrder(deadFile, deadDir);
    assertThat(mine).exists();
    assertThat(old).exists();
    assertThat(other).exists();
    assertThat(TempFiles.cleanExclusive(dir)).containsExactly(old);
    assertThat(mine).exists();
  }

  /** A pid that no process has (pids above the kernel's pid_max are never handed out). */
  static long deadPid() {
    for (long p = 4_194_304L + 17; ; p++) {
      if (ProcessHandle.of(p).isEmpty()) {
        return p;
      }
    }
  }

  @Test
  void createDirectoryAppearsCompleteWithItsFiles(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("a/dataset");
    AtomicFiles.createDirectory(target, tmp -> {
      assertThat(tmp.getParent()).isEqualTo(target.getParent());
      assertThat(Files.exists(target)).isFalse(); // not visible while being written
      Files.writeString(tmp.resolve("data.bin"), "payload");
      Files.createDirectories(tmp.resolve("sub"));
      Files.writeString(tmp.resolve("sub/more.txt"), "x");
    });
    assertThat(Files.readString(target.resolve("data.bin"))).isEqualTo("payload");
    assertThat(Files.readString(target.resolve("sub/more.txt"))).isEqualTo("x");
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("dataset");
    }
  }

  @Test
  void createDirectoryLeavesNothingWhenWritingFailsAndRefusesAnExistingTarget(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("dataset");
    assertThatThrownBy(() -> AtomicFiles.createDirectory(target, tmp -> {
      Files.writeString(tmp.resolve("half.bin"), "half");
      throw new IOException("disk full");
    })).hasMessage("disk full");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).as("neither the target nor a temporary directory").isZero();
    }
    Files.createDirectories(target);
    assertThatThrownBy(() -> AtomicFiles.createDirectory(target, tmp -> { }))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }
}
