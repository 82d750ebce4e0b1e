package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OgbReaderTest {
  @TempDir Path tmp;

  @Test
  void readsTheRawLayout() throws Exception {
    Path dir = NpzFixtures.ogb(tmp.resolve("ogbn_tiny"));
    assertThat(Datasets.detect(dir.toString())).isEqualTo(Datasets.Format.OGB);
    Dataset d = Datasets.open(dir.toString());
    assertThat(d.name()).isEqualTo("ogbn-tiny");
    assertThat(d.numNodes()).isEqualTo(5);
    assertThat(GraphOps.isSymmetric(d.graph())).isTrue();
    // 0-1 appears in both directions: 5 distinct undirected edges.
    assertThat(GraphOps.undirectedEdgeCount(d.graph())).isEqualTo(5);
    assertThat(d.graph().neighbors(0)).containsExactly(1, 3, 4);
    assertThat(d.labels()).containsExactly(1, 0, -1, 2, -1);
    assertThat(d.numClasses()).isEqualTo(3);
    float[] x = d.features().gatherDense(new int[] {0, 1, 2, 3, 4}).data();
    assertThat(x).containsExactly(0.5f, 1f, -2f, 1e-3f, 2.25f, 3f, -0.125f, 0f, 7f, 150f, -3.5f,
        0.1f, 2f, 2f, 2f);
    assertThat(d.split().name()).isEqualTo("ogb time");
    assertThat(d.split().train()).containsExactly(0, 1);
    assertThat(d.split().val()).containsExactly(3);
    assertThat(d.split().test()).containsExactly(2, 4);
  }

  @Test
  void detectsTheUnzippedParentDirectory() throws Exception {
    NpzFixtures.ogb(tmp.resolve("ogbn_tiny"));
    assertThat(Datasets.open(tmp.toString()).numNodes()).isEqualTo(5);
  }

  @Test
  void floatParsingMatchesTheJdk() throws Exception {
    String[] values = {"0.1", "-3.4028235e38", "1.17549435E-38", "123456789.123456789", "7",
        "-0.0", "2.5e-7", "99999999999999999999.5", "1e10", "0.30000001192092896"};
    Path f = NpzFixtures.gz(tmp.resolve("v.csv.gz"), String.join(",", values) + "\n");
    Features x = OgbReader.readDenseText(f, 1, ProgressListener.NONE);
    float[] got = x.gatherDense(new int[] {0}).data();
    for (int i = 0; i < values.length; i++) {
      float want = Float.parseFloat(values[i]);
      assertThat(Math.abs(got[i] - want)).as(values[i]).isLessThanOrEqualTo(Math.ulp(want));
    }
  }

  @Test
  void badInputsNameFileLineAndValue() throws Exception {
    Path dir = NpzFixtures.ogb(tmp.resolve("a"));
    NpzFixtures.gz(dir.resolve("raw/edge.csv.gz"), "0,1\n1,7\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("node id 7")
        .hasMessageContaining("out of range [0, 5)");
    NpzFixtures.gz(dir.resolve("raw/edge.csv.gz"), "0,1\n1,x\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("edge.csv.gz:2")
        .hasMessageContaining("'x' is not an integer");
    NpzFixtures.gz(dir.resolve("raw/edge.csv.gz"), "0,1\n");
    NpzFixtures.gz(dir.resolve("raw/node-feat.csv.gz"), "1,2,3\n1,2,3\n1,nan,3\n1,2,3\n1,2,3\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("node-feat.csv.gz:3")
        .hasMessageContaining("NaN");
    NpzFixtures.gz(dir.resolve("raw/node-feat.csv.gz"), "1,2,3\n1,2\n1,2,3\n1,2,3\n1,2,3\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("row has 2 values, "
        + "expected 3");
    NpzFixtures.gz(dir.resolve("raw/node-feat.csv.gz"), "1\n2\n3\n4\n5\n");
    NpzFixtures.gz(dir.resolve("raw/node-label.csv.gz"), "1\n0\n-4\n2\n1\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("label -4");
    NpzFixtures.gz(dir.resolve("raw/node-label.csv.gz"), "1\n0\n1\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("3 labels, expected 5");
    NpzFixtures.gz(dir.resolve("raw/node-label.csv.gz"), "1\n0\n1\n0\n0\n");
    NpzFixtures.gz(dir.resolve("split/time/test.csv.gz"), "2\n3\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString())).hasMessageContaining("node 3 appears twice");
    Files.delete(dir.resolve("raw/node-feat.csv.gz"));
    assertThatThrownBy(() -> Datasets.open(dir.toString())).isInstanceOf(NoSuchFileException.class);
  }
}
