package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.github.ibmb4j.testing.DatasetAssertions.assertSameDataset;

import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryDatasetFormatTest {
  @TempDir Path tmp;

  @Test
  void roundTripDenseSynthetic() throws IOException {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(2000).withFeatures(16),
        ProgressListener.NONE);
    Path out = tmp.resolve("syn");
    BinaryDatasetFormat.write(d, out, ProgressListener.NONE);
    assertThat(Datasets.detect(out.toString())).isEqualTo(Datasets.Format.BINARY);
    assertSameDataset(d, Datasets.open(out.toString()));
    BinaryDatasetFormat.verify(out);
    try (MappedDataset m = BinaryDatasetFormat.map(out)) {
      float[] row = new float[16];
      m.featureRow(1234, row);
      assertThat(row).containsExactly(d.features().gatherDense(new int[] {1234}).data());
      assertThat(m.numNodes()).isEqualTo(2000);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("syn");
    }
  }

  @Test
  void roundTripSparseWithManySplits() throws IOException {
    for (String name : new String[] {"cora", "tolokers"}) {
      Dataset d = GraphNpzReader.read(SharedData.graphNpz(name));
      Path out = tmp.resolve(name);
      BinaryDatasetFormat.write(d, out, ProgressListener.NONE);
      assertSameDataset(d, BinaryDatasetFormat.read(out));
    }
  }

  @Test
  void refusesToOverwrite() throws IOException {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(100), ProgressListener.NONE);
    Files.createDirectory(tmp.resolve("x"));
    assertThatThrownBy(() -> BinaryDatasetFormat.write(d, tmp.resolve("x"), ProgressListener.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void failedWriteLeavesNothing() throws IOException {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(500), ProgressListener.NONE);
    ProgressListener boom = new ProgressListener() {
      long seen;

      @Override
      public void advance(long units) {
        seen += units;
        if (seen > 1000) {
          throw new IllegalStateException("disk full (simulated)");
        }
      }
    };
    assertThatThrownBy(() -> BinaryDatasetFormat.write(d, tmp.resolve("out"), boom))
        .hasMessageContaining("disk full");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  private Path written() throws IOException {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(300), ProgressListener.NONE);
    Path out = tmp.resolve("d");
    BinaryDatasetFormat.write(d, out, ProgressListener.NONE);
    return out.resolve(BinaryDatasetFormat.FILE_NAME);
  }

  @Test
  void corruptHeaderIsDetected() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    b[30] ^= 1; // number of nodes
    Files.write(f, b);
    assertThatThrownBy(() -> BinaryDatasetFormat.read(f.getParent()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("header checksum");
  }

  @Test
  void truncatedFileIsDetected() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
    assertThatThrownBy(() -> BinaryDatasetFormat.read(f.getParent()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("truncated");
    Files.write(f, java.util.Arrays.copyOf(b, 50));
    assertThatThrownBy(() -> BinaryDatasetFormat.read(f.getParent()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("truncated");
  }

  @Test
  void corruptContentIsDetectedByVerify() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    b[b.length - 200] ^= 0x10;
    Files.write(f, b);
    assertThatThrownBy(() -> BinaryDatasetFormat.verify(f.getParent()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("checksum mismatch");
  }

  @Test
  void wrongMagicAndVersion() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    b[8] = 9;
    Files.write(f, b);
    assertThatThrownBy(() -> BinaryDatasetFormat.read(f.getParent()))
        .hasMessageContaining("version 9, expected 1");
    b[0] = 'X';
    Files.write(f, b);
    assertThatThrownBy(() -> BinaryDatasetFormat.read(f.getParent()))
        .hasMessageContaining("bad magic");
  }

  @Test
  void npzWriterRoundTrip() throws IOException {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz("cora"));
    GraphNpzWriter.write(d, tmp.resolve("c"), ProgressListener.NONE);
    assertSameDataset(d, GraphNpzReader.read(tmp.resolve("c").resolve("graph.npz"), "cora"));
  }
}
