package io.github.ibmb4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipOutputStream;

/** Test fixtures: small valid graph.npz contents that tests mutate into bad inputs, and gz writers. */
public final class NpzFixtures {
  private NpzFixtures() {}

  /** One array to write: dtype descriptor, shape, data (int[], float[] or byte[]). */
  public record Arr(String descr, long[] shape, Object data) {}

  /** A valid 4-node path graph 0-1-2-3 with 2 sparse features, 2 classes and one mask split. */
  public static Map<String, Arr> valid() {
    Map<String, Arr> m = new LinkedHashMap<>();
    m.put("adj_indptr", new Arr("<i4", new long[] {5}, new int[] {0, 1, 3, 5, 6}));
    m.put("adj_indices", new Arr("<i4", new long[] {6}, new int[] {1, 0, 2, 1, 3, 2}));
    m.put("feat_indptr", new Arr("<i4", new long[] {5}, new int[] {0, 1, 2, 3, 4}));
    m.put("feat_indices", new Arr("<i4", new long[] {4}, new int[] {0, 1, 0, 1}));
    m.put("feat_data", new Arr("<f4", new long[] {4}, new float[] {1, 2, 3, 4}));
    m.put("feat_shape", new Arr("<i4", new long[] {2}, new int[] {4, 2}));
    m.put("labels", new Arr("<i4", new long[] {4}, new int[] {0, 1, 0, 1}));
    m.put("train_mask", new Arr("|u1", new long[] {1, 4}, new byte[] {1, 1, 0, 0}));
    m.put("val_mask", new Arr("|u1", new long[] {1, 4}, new byte[] {0, 0, 1, 0}));
    m.put("test_mask", new Arr("|u1", new long[] {1, 4}, new byte[] {0, 0, 0, 1}));
    return m;
  }

  /** Writes the arrays as an .npz archive. */
  public static Path writeNpz(Path file, Map<String, Arr> arrays) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
      for (var e : arrays.entrySet()) {
        GraphNpzWriter.npy(z, e.getKey(), e.getValue().descr(), e.getValue().shape(),
            e.getValue().data());
      }
    }
    return file;
  }

  /** Writes a text file gzip-compressed. */
  public static Path gz(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file))) {
      os.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return file;
  }

  /**
   * Writes a small OGB directory: a 5-node directed graph, 3 features, labels with one unlabelled
   * node, num-node-list and one split scheme.
   */
  public static Path ogb(Path dir) throws IOException {
    Path raw = dir.resolve("raw");
    gz(raw.resolve("edge.csv.gz"), "0,1\n1,2\n2,3\n3,0\n4,0\n1,0\n");
    gz(raw.resolve("node-feat.csv.gz"),
        "0.5,1,-2\n1e-3,2.25,3\n-0.125,0,7\n1.5E2,-3.5,0.1\n2,2,2\n");
    gz(raw.resolve("node-label.csv.gz"), "1\n0\nnan\n2\n\n");
    gz(raw.resolve("num-node-list.csv.gz"), "5\n");
    Path sp = dir.resolve("split").resolve("time");
    gz(sp.resolve("train.csv.gz"), "0\n1\n");
    gz(sp.resolve("valid.csv.gz"), "3\n");
    gz(sp.resolve("test.csv.gz"), "2\n4\n");
    return dir;
  }
}
