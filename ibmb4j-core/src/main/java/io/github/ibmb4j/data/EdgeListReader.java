package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a plain edge list: one edge "u v" (or "u,v"; extra columns such as weights are ignored) per
 * line, 0-based node ids, blank lines and lines starting with {@code #} or {@code %} skipped, and an
 * optional header line (a first record whose first field is not an integer). Edges are symmetrised
 * and deduplicated; self-loops are kept as given. Optional companions: a feature file (a 2-D
 * {@code .npy}, or dense text rows, comma or blank separated) and a label file (a 1-D {@code .npy}, or
 * one label per line, {@code nan}/empty = unlabelled). N is the largest of max id + 1, the number of
 * feature rows and the number of labels. Without features every node gets the constant feature 1;
 * without labels every node is unlabelled (0 classes, empty splits).
 *
 * <p>{@link Datasets#open} finds companions next to {@code name.ext} as {@code name.features.npy}
 * / {@code .csv} / {@code .txt} and {@code name.labels.npy} / {@code .csv} / {@code .txt}.
 * Streaming byte parse, O(file size); deterministic; stateless and thread-safe.
 */
public final class EdgeListReader {
  private EdgeListReader() {}

  /** Whether the file's first data line holds two integers (cheap sniffing of the first 4 KiB). */
  static boolean looksLikeEdgeList(Path p) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(p)) {
      head = in.readNBytes(4096);
    }
    for (byte b : head) {
      if (b == 0) {
        return false;
      }
    }
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\n");
    int data = 0;
    for (int i = 0; i < lines.length && data < 2; i++) {
      String l = lines[i].trim();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith("%")) {
        continue;
      }
      String[] t = l.split("[,\\s]+");
      boolean ints = t.length >= 2 && t[0].matches("-?\\d+") && t[1].matches("-?\\d+");
      if (ints) {
        return true;
      }
      data++; // allow one header line
    }
    return false;
  }

  /** Reads {@code edges} with companions found by name (see the class comment). */
  public static Dataset read(Path edges) throws IOException {
    String file = edges.getFileName().toString();
    int dot = file.lastIndexOf('.');
    String stem = dot > 0 ? file.substring(0, dot) : file;
    Path feats = null;
    Path labels = null;
    for (String ext : List.of("npy", "csv", "txt")) {
      Path f = edges.resolveSibling(stem + ".features." + ext);
      if (feats == null && Files.isRegularFile(f)) {
        feats = f;
      }
      Path l = edges.resolveSibling(stem + ".labels." + ext);
      if (labels == null && Files.isRegularFile(l)) {
        labels = l;
      }
    }
    return read(edges, feats, labels, stem, ProgressListener.NONE);
  }

  /**
   * Reads an edge list with optional feature and label files (null = absent).
   *
   * @throws DatasetFormatException naming the file, line and value on malformed input
   */
  public static Dataset read(Path edges, Path features, Path labels, String name,
      ProgressListener progress) throws IOException {
    progress.start("edge list", -1);
    OgbReader.IntList src = new OgbReader.IntList();
    OgbReader.IntList dst = new OgbReader.IntList();
    long maxId = -1;
    try (ByteScanner s = OgbReader.scanner(edges)) {
      boolean first = true;
      while (s.nextRecord()) {
        long u;
        try {
          u = s.nextLong();
        } catch (DatasetFormatException e) {
          if (first) { // a header line
            s.skipLine();
            first = false;
            continue;
          }
          throw e;
        }
        first = false;
        long v = s.nextLong();
        for (long id : new long[] {u, v}) {
          if (id < 0 || id > Integer.MAX_VALUE - 9) {
            throw new DatasetFormatException(s.name() + ":" + s.line() + ": node id " + id
                + " is out of range, expected 0 <= id < 2^31 - 9");
          }
        }
        s.skipLine();
        src.add((int) u);
        dst.add((int) v);
        maxId = Math.max(maxId, Math.max(u, v));
      }
    }
    progress.finish();
    // ids are only bounded by int: reject ids whose arrays cannot be allocated before trying
    DatasetChecks.requireHeapFor(maxId + 1, DatasetChecks.BYTES_PER_NODE + 4, edges.toString(),
        "node id " + maxId);
    int[] y = labels == null ? null : readLabels(labels);
    long n = maxId + 1;
    if (y != null) {
      n = Math.max(n, y.length);
    }
    Features x = null;
    if (features != null) {
      x = readFeatures(features, y != null ? y.length : (int) n);
      n = Math.max(n, x.numNodes());
    }
    if (n == 0) {
      throw new DatasetFormatException(edges + ": the graph is empty (no edges, features or labels)");
    }
    int nn = (int) n;
    if (y != null && y.length != nn) {
      throw new DatasetFormatException(labels + ": " + y.length + " labels, expected " + nn
          + " (one per node; the edge list has ids up to " + maxId + ")");
    }
    if (x != null && x.numNodes() != nn) {
      throw new DatasetFormatException(features + ": " + x.numNodes() + " feature rows, expected "
          + nn + " (one per node)");
    }
    if (y == null) {
      y = new int[nn];
      java.util.Arrays.fill(y, -1);
    }
    if (x == null) {
      float[] ones = new float[nn];
      java.util.Arrays.fill(ones, 1f);
      x = new Features.Dense(new Matrix(nn, 1, ones));
    }
    int classes = DatasetChecks.numClasses(y, labels == null ? edges.toString() : labels.toString());
    CsrGraph g = GraphBuilder.fromEdges(nn, src.toArray(), dst.toArray(), true);
    Split split = Splits.stratified(y, Splits.DEFAULT_TRAIN, Splits.DEFAULT_VAL, Splits.DEFAULT_SEED);
    return new Dataset(name, g, x, y, classes, List.of(split));
  }

  private static boolean isNpy(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] h = in.readNBytes(6);
      return h.length == 6 && (h[0] & 0xff) == 0x93 && h[1] == 'N' && h[2] == 'U';
    }
  }

  static int[] readLabels(Path p) throws IOException {
    int[] y;
    if (isNpy(p)) {
      y = NpzReader.readNpy(p).requireDims(1).toIntArray();
    } else {
      OgbReader.IntList l = new OgbReader.IntList();
      try (ByteScanner s = OgbReader.scanner(p)) {
        while (s.hasMore()) {
          long v = s.nextLabel();
          if (v < -1 || v > Integer.MAX_VALUE) { // the class limit: DatasetChecks
            throw new DatasetFormatException(s.name() + ":" + s.line() + ": label " + v
                + " is out of range, expected -1 (unlabelled) or a class index");
          }
          l.add((int) v);
          s.endLine();
        }
      }
      y = l.toArray();
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < -1) {
        throw new DatasetFormatException(p + ": label " + y[i] + " of node " + i
            + " is invalid, expected >= 0 or -1");
      }
    }
    return y;
  }

  static Features readFeatures(Path p, int expectedRows) throws IOException {
    if (isNpy(p)) {
      NpyArray a = NpzReader.readNpy(p).requireDims(2);
      float[] d = a.toFloatArray();
      for (int i = 0; i < d.length; i++) {
        if (!Float.isFinite(d[i])) {
          throw new DatasetFormatException(p + ": element " + i + " is " + d[i]
              + ", expected a finite number");
        }
      }
      return new Features.Dense(new Matrix((int) a.shape()[0], (int) a.shape()[1], d));
    }
    return OgbReader.readDenseText(p, expectedRows, ProgressListener.NONE);
  }
}
