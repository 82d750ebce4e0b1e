package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.data.NpzFixtures.Arr;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input corpus at library level: every case raises a one-line exception naming the problem. */
class BadInputTest {
  @TempDir Path tmp;

  private Throwable readNpz(Map<String, Arr> arrays) throws Exception {
    Path f = NpzFixtures.writeNpz(tmp.resolve("g").resolve("graph.npz"), arrays);
    try {
      Datasets.open(f.toString());
    } catch (Exception e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void validFixtureReads() throws Exception {
    Path f = NpzFixtures.writeNpz(tmp.resolve("ok").resolve("graph.npz"), NpzFixtures.valid());
    Dataset d = Datasets.open(f.toString());
    assertThat(d.numNodes()).isEqualTo(4);
    assertThat(d.split().train()).containsExactly(0, 1);
  }

  @Test
  void truncatedArchive() throws Exception {
    Path f = NpzFixtures.writeNpz(tmp.resolve("t").resolve("graph.npz"), NpzFixtures.valid());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> Datasets.open(f.toString())).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("graph.npz");
  }

  @Test
  void wrongDtype() throws Exception {
    var a = NpzFixtures.valid();
    a.put("labels", new Arr("<f4", new long[] {4}, new float[] {0, 1, 0, 1}));
    assertThat(readNpz(a)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("labels").hasMessageContaining("not an integer type");
  }

  @Test
  void wrongShape() throws Exception {
    var a = NpzFixtures.valid();
    a.put("labels", new Arr("<i4", new long[] {3}, new int[] {0, 1, 0}));
    assertThat(readNpz(a)).hasMessageContaining("labels has length 3, expected N = 4");
  }

  @Test
  void nonMonotoneCsr() throws Exception {
    var a = NpzFixtures.valid();
    a.put("adj_indptr", new Arr("<i4", new long[] {5}, new int[] {0, 3, 1, 5, 6}));
    assertThat(readNpz(a)).hasMessageContaining("not monotone");
  }

  @Test
  void idsOutOfRange() throws Exception {
    var a = NpzFixtures.valid();
    a.put("adj_indices", new Arr("<i4", new long[] {6}, new int[] {1, 0, 2, 1, 9, 2}));
    assertThat(readNpz(a)).hasMessageContaining("neighbour id 9").hasMessageContaining("out of range");
  }

  @Test
  void nanFeatures() throws Exception {
    var a = NpzFixtures.valid();
    a.put("feat_data", new Arr("<f4", new long[] {4}, new float[] {1, Float.NaN, 3, 4}));
    assertThat(readNpz(a)).hasMessageContaining("feat_data[1] is NaN");
  }

  @Test
  void infFeatures() throws Exception {
    var a = NpzFixtures.valid();
    a.put("feat_data", new Arr("<f4", new long[] {4}, new float[] {1, 2, Float.POSITIVE_INFINITY, 4}));
    assertThat(readNpz(a)).hasMessageContaining("feat_data[2] is Infinity");
  }

  @Test
  void labelsOutOfRange() throws Exception {
    var a = NpzFixtures.valid();
    a.put("labels", new Arr("<i4", new long[] {4}, new int[] {0, -5, 0, 1}));
    assertThat(readNpz(a)).hasMessageContaining("label -5 of node 1");
  }

  @Test
  void masksOfWrongLength() throws Exception {
    var a = NpzFixtures.valid();
    a.put("val_mask", new Arr("|u1", new long[] {1, 3}, new byte[] {0, 0, 1}));
    assertThat(readNpz(a)).hasMessageContaining("val_mask has shape [1, 3]");
  }

  @Test
  void emptyGraph() throws Exception {
    var a = NpzFixtures.valid();
    a.put("adj_indptr", new Arr("<i4", new long[] {1}, new int[] {0}));
    a.put("adj_indices", new Arr("<i4", new long[] {0}, new int[0]));
    assertThat(readNpz(a)).hasMessageContaining("no nodes");
  }

  @Test
  void missingArray() throws Exception {
    var a = NpzFixtures.valid();
    a.remove("adj_indices");
    assertThat(readNpz(a)).hasMessageContaining("missing array 'adj_indices'");
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> Datasets.open(tmp.resolve("nope.npz").toString()))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void unrecognisedDirectory() {
    assertThatThrownBy(() -> Datasets.open(tmp.toString()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("not a recognised dataset");
  }

  @Test
  void corruptGzipInOgb() throws Exception {
    Path dir = NpzFixtures.ogb(tmp.resolve("ogb"));
    Path f = dir.resolve("raw").resolve("node-feat.csv.gz");
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x5a;
    b[b.length / 2 + 1] ^= 0x33;
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 6));
    assertThatThrownBy(() -> Datasets.open(dir.toString()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("node-feat.csv.gz");
  }

  @Test
  void notGzipInOgb() throws Exception {
    Path dir = NpzFixtures.ogb(tmp.resolve("ogb"));
    Files.writeString(dir.resolve("raw").resolve("node-label.csv.gz"), "plain text\n");
    assertThatThrownBy(() -> Datasets.open(dir.toString()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("not a valid gzip file");
  }
}
