package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.data.NpzFixtures;
import io.github.ibmb4j.data.NpzFixtures.Arr;
import io.github.ibmb4j.data.Splits;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.tensor.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, part 2: one validation pass before anything is written: option ranges and relations,
 * dataset semantics in every format, resource limits, finite checkpoints, NPZ checksums. Every case
 * exits 2 with one line and leaves no run directory behind.
 */
class ValidationPassTest {
  static final String DATA = UniformErrorsTest.DATA;
  @TempDir Path tmp;

  private Cli train(String dataset, String... extra) {
    Path out = tmp.resolve("run");
    Cli c = Cli.run(Stream.concat(Stream.of("train", "--dataset", dataset, "--epochs", "1",
        "-q", "--threads", "1", "--out", out.toString()), Stream.of(extra))
        .toArray(String[]::new));
    if (c.code() != 0) {
      assertThat(out).as("nothing written after: %s", c.err()).doesNotExist();
    }
    return c;
  }

  @Test
  void negativeModelOptionsAreErrorsNotDefaults() {
    train(DATA, "--hidden", "-8").badInput("--hidden is -8", ">= 0");
    train(DATA, "--layers", "-1").badInput("--layers is -1");
    train(DATA, "--heads", "-4", "--model", "gat").badInput("--heads is -4");
    train(DATA, "--dropout", "-0.5").badInput("--dropout is -0.5", "[0, 1)");
    train(DATA, "--dropout", "-1").badInput("--dropout is -1.0");
    train(DATA, "--dropout", "1.5").badInput("--dropout is 1.5");
    train(DATA, "--weight-decay", "-1").badInput("--weight-decay is -1.0", ">= 0");
    train(DATA, "--lr", "0").badInput("--lr is 0.0");
    train(DATA, "--micro-batch", "0").badInput("--micro-batch is 0");
  }

  @Test
  void partsBeyondTheNodesAreErrors() {
    for (String m : new String[] {"cluster-gcn", "ibmb-batch"}) {
      train(DATA, "--method", m, "--parts", "301").badInput("--parts is 301", "300 nodes");
      train(DATA, "--method", m, "--eval-parts", "1000").badInput("--eval-parts is 1000");
    }
  }

  @Test
  void samplerSizesThatOnlyExhaustTheHeapAreErrors() {
    // found by FuzzTest: 2^31 - 1 SAINT steps ran out of heap; --eps above 1 named no option
    Cli.run("batches", "--dataset", DATA, "--method", "saint-rw", "--saint-steps", "2147483647",
        "-q").badInput("--saint-steps is 2147483647", "300 nodes");
    Cli.run("batches", "--dataset", DATA, "--eps", "2", "-q").badInput("--eps is 2.0", "(0, 1)");
    Cli.run("batches", "--dataset", DATA, "--method", "saint-rw", "--walk-length", "100000", "-q")
        .badInput("--walk-length is 100000", "at most 10000");
  }

  private Path edgeList(String edges, String labels) throws Exception {
    Path g = tmp.resolve("g.txt");
    Files.writeString(g, edges);
    if (labels != null) {
      Files.writeString(tmp.resolve("g.labels.txt"), labels);
    }
    return g;
  }

  private static String ring(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i).append(' ').append((i + 1) % n).append('\n');
    }
    return sb.toString();
  }

  private static String labels(int n, int last) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n - 1; i++) {
      sb.append(i % 2).append('\n');
    }
    return sb.append(last).append('\n').toString();
  }

  @Test
  void hugeLabelsAreRejectedWithTheSizeTheyNeed() throws Exception {
    Path g = edgeList(ring(20), labels(20, 1_000_000));
    train(g.toString()).badInput("label 1000000 of node 19", "implies 1000001 classes",
        "at most 65536 classes", "MiB");
    Files.writeString(tmp.resolve("g.labels.txt"), labels(20, Integer.MAX_VALUE));
    train(g.toString()).badInput("label 2147483647", "implies 2147483648 classes");
    Cli.run("dataset", "info", "--dataset", g.toString(), "-q").badInput("implies 2147483648");
  }

  @Test
  void hugeNodeIdIsRejectedBeforeAllocating() throws Exception {
    Path g = edgeList("0 1\n1 2000000000\n", null);
    Cli.run("dataset", "info", "--dataset", g.toString(), "-q")
        .badInput(g.toString(), "node id 2000000000", "implies 2000000001 nodes", "GiB of heap",
            "IBMB_HEAP");
  }

  @Test
  void oneNodeGraphAndUnlabelledTrainingNodes() throws Exception {
    Path one = edgeList("0 0\n", "0\n");
    train(one.toString()).badInput("no labelled", "1 nodes");
    // labels only on validation and test nodes
    Map<String, Arr> m = NpzFixtures.valid();
    m.put("labels", new Arr("<i4", new long[] {4}, new int[] {-1, -1, 0, 1}));
    Path npz = NpzFixtures.writeNpz(tmp.resolve("u/graph.npz"), m);
    train(npz.toString()).badInput("no labelled training node");
  }

  @Test
  void asymmetricAdjacencyIsRejected() throws Exception {
    Map<String, Arr> m = NpzFixtures.valid();
    m.put("adj_indptr", new Arr("<i4", new long[] {5}, new int[] {0, 1, 2, 4, 5}));
    m.put("adj_indices", new Arr("<i4", new long[] {5}, new int[] {1, 2, 1, 3, 2}));
    Path npz = NpzFixtures.writeNpz(tmp.resolve("a/graph.npz"), m);
    Cli.run("dataset", "info", "--dataset", npz.toString(), "-q")
        .badInput(npz.toString(), "not symmetric", "edge 0 -> 1");
  }

  @Test
  void nonFiniteFeaturesInTheBinaryFormat() throws Exception {
    int n = 6;
    float[] x = new float[n * 2];
    java.util.Arrays.fill(x, 1f);
    x[7] = Float.NaN;
    int[] y = {0, 1, 0, 1, 0, 1};
    var g = GraphBuilder.fromEdges(n, new int[] {0, 1, 2, 3, 4}, new int[] {1, 2, 3, 4, 5}, true);
    Dataset d = new Dataset("nan", g, new Features.Dense(new Matrix(n, 2, x)), y, 2,
        List.of(Splits.stratified(y, 0.5, 0.25, 0)));
    Path dir = tmp.resolve("bin");
    BinaryDatasetFormat.write(d, dir, io.github.ibmb4j.progress.ProgressListener.NONE);
    for (String storage : new String[] {"heap", "mapped"}) {
      Cli.run("dataset", "info", "--dataset", dir.toString(), "--features-storage", storage, "-q")
          .badInput(dir.toString(), "feature 1 of node 3 is NaN", "finite");
    }
  }

  @Test
  void checkpointWithNonFiniteWeightsIsRejected() throws Exception {
    Path run = tmp.resolve("r");
    Cli.run(UniformErrorsTest.train(run)).ok();
    Path ck = run.resolve(RunDirectory.CHECKPOINT);
    GnnModel model = Checkpoints.load(ck);
    model.parameters().get(0).values()[3] = Float.POSITIVE_INFINITY;
    Checkpoints.save(model, ck);
    Cli.run("infer", "--run", run.toString(), "-q").badInput(ck.toString(), "Infinity",
        "expected finite weights");
  }

  @Test
  void npzMemberWithAWrongCrcIsRejected() throws Exception {
    Path deflated = NpzFixtures.writeNpz(tmp.resolve("d/graph.npz"), NpzFixtures.valid());
    Path stored = storedCopy(deflated, tmp.resolve("s/graph.npz"));
    Cli.run("dataset", "info", "--dataset", stored.toString(), "-q").ok();
    byte[] b = Files.readAllBytes(stored);
    // feat_data holds 1, 2, 3, 4 as little-endian float32: 3.0f = 00 00 40 40 -> 00 00 41 40 (3.0625)
    int at = indexOf(b, new byte[] {0, 0, 0x40, 0x40});
    assertThat(at).isPositive();
    b[at + 2] = 0x41;
    Files.write(stored, b);
    Cli.run("dataset", "info", "--dataset", stored.toString(), "-q")
        .badInput(stored.toString(), "feat_data.npy", "CRC");
  }

  /** The archive rewritten with STORED members (so a flipped byte is not caught by inflating). */
  static Path storedCopy(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    try (ZipFile in = new ZipFile(from.toFile());
        OutputStream os = Files.newOutputStream(to);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] data;
        try (InputStream s = in.getInputStream(e)) {
          data = s.readAllBytes();
        }
        ZipEntry o = new ZipEntry(e.getName());
        o.setMethod(ZipEntry.STORED);
        o.setSize(data.length);
        o.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        o.setCrc(crc.getValue());
        z.putNextEntry(o);
        z.write(data);
        z.closeEntry();
      }
    }
    return to;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
