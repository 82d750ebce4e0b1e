package io.github.ibmb4j.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetisGraphFileTest {
  @TempDir Path dir;

  @Test
  void writesOneBasedAdjacencyWithoutSelfLoops() throws IOException {
    // Triangle 0-1-2 plus an isolated node 3 and a self-loop on 1.
    CsrGraph g = GraphBuilder.fromEdges(4, new int[] {0, 1, 2, 1}, new int[] {1, 2, 0, 1}, true);
    Path f = dir.resolve("g.metis");
    MetisGraphFile.write(g, null, null, f);
    assertThat(Files.readAllLines(f)).containsExactly("4 3", "2 3", "1 3", "1 2", "");
    int[] ew = new int[(int) g.numEntries()];
    java.util.Arrays.fill(ew, 7);
    MetisGraphFile.write(g, new int[] {1, 2, 3, 4}, ew, f);
    assertThat(Files.readAllLines(f))
        .containsExactly("4 3 011", "1 2 7 3 7", "2 1 7 3 7", "3 1 7 2 7", "4");
    try (var s = Files.list(dir)) {
      assertThat(s.count()).as("no temporary file left behind").isEqualTo(1);
    }
  }

  @Test
  void partitionFileParserChecksCountAndRange() throws IOException {
    Path f = dir.resolve("p");
    Files.writeString(f, "0\n1\n1\n");
    assertThat(Gpmetis.readPartitionFile(f, 3, 2)).containsExactly(0, 1, 1);
    assertThatThrownBy(() -> Gpmetis.readPartitionFile(f, 4, 2)).hasMessageContaining("expected 4");
    Files.writeString(f, "0\n2\n1\n");
    assertThatThrownBy(() -> Gpmetis.readPartitionFile(f, 3, 2)).hasMessageContaining("part id 2");
  }
}
