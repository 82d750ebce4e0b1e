package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetFingerprint;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.Matrix;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCacheTest {

  static List<Batch> batches() {
    CsrGraph g = PlannerContractTest.clusteredGraph(500, 5, 3);
    int[] outputs = PlannerContractTest.randomOutputs(500, 150, 4);
    var plan = new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(8, 0.25, 1e-3, 40, false, 0)).plan(g, outputs);
    return PlannerContractTest.materializer(g, 5).materializeAll(plan.batches());
  }

  static final byte[] KEY = BatchCache.key(new byte[32], "test", new int[] {1, 2, 3});

  @Test
  void readReturnsExactlyWhatWasWritten(@TempDir Path dir) throws Exception {
    List<Batch> b = batches();
    Path f = dir.resolve("x.batches");
    BatchCache.write(f, KEY, b);
    PlannerContractTest.assertSameBatches(BatchCache.read(f, KEY), b);
    assertThat(dir.toFile().list()).containsExactly("x.batches"); // no temp file left behind
  }

  @Test
  void truncatedFilesAreDetectedAndRebuilt(@TempDir Path dir) throws Exception {
    List<Batch> b = batches();
    BatchCache cache = new BatchCache(dir);
    cache.getOrBuild(KEY, () -> b);
    Path f = cache.file(KEY);
    long size = Files.size(f);
    for (long cut : new long[] {size - 1, size - 13, size / 2, 30, 0}) {
      BatchCache.write(f, KEY, b);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      assertThatThrownBy(() -> BatchCache.read(f, KEY)).isInstanceOf(BatchCache.CorruptCacheException.class);
      AtomicInteger builds = new AtomicInteger();
      BatchCache.Result r = cache.getOrBuild(KEY, () -> {
        builds.incrementAndGet();
        return b;
      });
      assertThat(r.hit()).isFalse();
      assertThat(r.rebuiltBecause()).isNotNull();
      assertThat(builds).hasValue(1);
      PlannerContractTest.assertSameBatches(BatchCache.read(f, KEY), b);
    }
  }

  @Test
  void flippedBytesAreDetected(@TempDir Path dir) throws Exception {
    List<Batch> b = batches();
    Path f = dir.resolve("y.batches");
    BatchCache.write(f, KEY, b);
    long size = Files.size(f);
    for (long pos : new long[] {60, size / 3, size / 2, size - 20, size - 3}) {
      BatchCache.write(f, KEY, b);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, pos);
        one.flip();
        byte x = one.get();
        ch.write(ByteBuffer.wrap(new byte[] {(byte) (x ^ 0x5a)}), pos);
      }
      assertThatThrownBy(() -> BatchCache.read(f, KEY)).as("flip at %d", pos)
          .isInstanceOf(BatchCache.CorruptCacheException.class);
    }
  }

  @Test
  void staleKeysAndVersionsAreDetected(@TempDir Path dir) throws Exception {
    List<Batch> b = batches();
    Path f = dir.resolve("z.batches");
    BatchCache.write(f, KEY, b);
    byte[] other = BatchCache.key(new byte[32], "other options", new int[] {1, 2, 3});
    assertThatThrownBy(() -> BatchCache.read(f, other)).hasMessageContaining("stale");
    // bump the version field (right after the 8-byte magic)
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {99, 0, 0, 0}), 8);
    }
    assertThatThrownBy(() -> BatchCache.read(f, KEY)).hasMessageContaining("stale format version 99");
  }

  @Test
  void keysDependOnDatasetContentOptionsAndOutputs() {
    CsrGraph g = PlannerContractTest.clusteredGraph(50, 2, 1);
    int[] labels = new int[50];
    Dataset d1 = new Dataset("a", GraphOps.withoutSelfLoops(g), new Features.Dense(Matrix.zeros(50, 2)), labels, 1,
        List.of(new Split("s", new int[] {0}, new int[] {1}, new int[] {2})));
    int[] labels2 = labels.clone();
    labels2[7] = 1;
    Dataset d2 = new Dataset("a", GraphOps.withoutSelfLoops(g), new Features.Dense(Matrix.zeros(50, 2)), labels2, 2,
        d1.splits());
    byte[] f1 = DatasetFingerprint.of(d1);
    assertThat(DatasetFingerprint.of(d1)).isEqualTo(f1);
    assertThat(DatasetFingerprint.of(d2)).isNotEqualTo(f1);
    assertThat(BatchCache.key(f1, "x", new int[] {1})).isNotEqualTo(BatchCache.key(f1, "y", new int[] {1}));
    assertThat(BatchCache.key(f1, "x", new int[] {1})).isNotEqualTo(BatchCache.key(f1, "x", new int[] {2}));
  }
}
