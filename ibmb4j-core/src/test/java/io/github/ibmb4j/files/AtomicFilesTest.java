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
    })).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
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
