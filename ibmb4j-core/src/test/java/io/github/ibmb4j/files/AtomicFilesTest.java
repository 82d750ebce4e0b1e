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
}
