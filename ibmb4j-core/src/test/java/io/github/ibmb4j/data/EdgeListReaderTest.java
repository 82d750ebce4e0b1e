package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.data.NpzFixtures.Arr;
import io.github.ibmb4j.graph.GraphOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeListReaderTest {
  @TempDir Path tmp;

  @Test
  void whitespaceWithCommentsAndHeader() throws Exception {
    Path f = tmp.resolve("g.txt");
    Files.writeString(f, "% a comment\nsrc dst weight\n0 1 0.5\n# another\n\n1\t2\n2 0\n2 0\n3 3\n");
    assertThat(Datasets.detect(f.toString())).isEqualTo(Datasets.Format.EDGE_LIST);
    Dataset d = Datasets.open(f.toString());
    assertThat(d.name()).isEqualTo("g");
    assertThat(d.numNodes()).isEqualTo(4);
    assertThat(GraphOps.undirectedEdgeCount(d.graph())).isEqualTo(3);
    assertThat(GraphOps.countSelfLoops(d.graph())).isEqualTo(1);
    assertThat(d.features().dim()).isEqualTo(1);
    assertThat(d.numClasses()).isZero();
  }

  @Test
  void csvWithNpyFeaturesAndTextLabels() throws Exception {
    Path f = tmp.resolve("g.csv");
    Files.writeString(f, "0,1\n1,2\n");
    Path npz = NpzFixtures.writeNpz(tmp.resolve("x.npz"),
        Map.of("x", new Arr("<f4", new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6})));
    try (ZipFile z = new ZipFile(npz.toFile())) {
      Files.write(tmp.resolve("g.features.npy"), z.getInputStream(z.getEntry("x.npy")).readAllBytes());
    }
    Files.writeString(tmp.resolve("g.labels.txt"), "1\n0\nnan\n");
    Dataset d = Datasets.open(f.toString());
    assertThat(d.features().dim()).isEqualTo(2);
    assertThat(d.features().gatherDense(new int[] {2}).data()).containsExactly(5f, 6f);
    assertThat(d.labels()).containsExactly(1, 0, -1);
    assertThat(d.numClasses()).isEqualTo(2);
  }

  @Test
  void badLinesAreReportedWithTheLine() throws Exception {
    Path f = tmp.resolve("g.txt");
    Files.writeString(f, "0 1\n1 -2\n");
    assertThatThrownBy(() -> Datasets.open(f.toString())).hasMessageContaining("g.txt:2")
        .hasMessageContaining("node id -2");
    Files.writeString(f, "0 1\n1 b\n");
    assertThatThrownBy(() -> Datasets.open(f.toString())).hasMessageContaining("g.txt:2")
        .hasMessageContaining("'b' is not an integer");
    Files.writeString(f, "0 1\n1 2\n");
    Files.writeString(tmp.resolve("g.labels.txt"), "1\n0\n");
    assertThatThrownBy(() -> Datasets.open(f.toString())).hasMessageContaining("2 labels, expected 3");
  }

  @Test
  void binaryJunkIsNotAnEdgeList() throws Exception {
    Path f = tmp.resolve("junk.bin");
    Files.write(f, new byte[] {1, 2, 0, 4, 5});
    assertThatThrownBy(() -> Datasets.open(f.toString())).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("not a recognised dataset");
  }
}
