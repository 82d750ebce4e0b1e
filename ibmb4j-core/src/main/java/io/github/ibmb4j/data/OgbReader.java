package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.Matrix;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an OGB node-property-prediction directory in its raw CSV layout (as unpacked from
 * {@code http://snap.stanford.edu/ogb/data/nodeproppred/<name>.zip}):
 * {@code raw/edge.csv.gz} ("src,dst" per line, directed; symmetrised on load),
 * {@code raw/node-feat.csv.gz} (dense floats), {@code raw/node-label.csv.gz} (one label per line;
 * {@code nan} or empty = unlabelled -1), optional {@code raw/num-node-list.csv.gz}, and
 * {@code split/<scheme>/{train,valid,test}.csv.gz} (node ids; one split set per scheme, schemes in
 * name order; without any, the default stratified split).
 *
 * <p>Parsing streams bytes through {@link ByteScanner} (no String per line): O(file size) time,
 * O(E + N·F) memory. Deterministic; stateless and thread-safe.
 */
public final class OgbReader {
  private OgbReader() {}

  /** Whether {@code dir} (or its single sub-directory, as unzipped) has an OGB raw layout. */
  public static boolean isOgbDirectory(Path dir) {
    return root(dir) != null;
  }

  private static Path root(Path dir) {
    if (Files.isRegularFile(dir.resolve("raw").resolve("edge.csv.gz"))) {
      return dir;
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> subs = s.filter(Files::isDirectory)
          .filter(p -> Files.isRegularFile(p.resolve("raw").resolve("edge.csv.gz"))).toList();
      return subs.size() == 1 ? subs.get(0) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads the dataset; its name is the directory name with '_' replaced by '-'. */
  public static Dataset read(Path dir, ProgressListener progress) throws IOException {
    Path root = root(dir);
    if (root == null) {
      if (!Files.isDirectory(dir)) {
        throw new NoSuchFileException(dir.toString());
      }
      throw new NoSuchFileException(dir.resolve("raw").resolve("edge.csv.gz").toString());
    }
    Path raw = root.resolve("raw");
    String name = root.toAbsolutePath().getFileName().toString().replace('_', '-');

    progress.start("ogb: edges", -1);
    IntList src = new IntList();
    IntList dst = new IntList();
    long maxId = -1;
    try (ByteScanner s = scanner(raw.resolve("edge.csv.gz"))) {
      while (s.nextRecord()) {
        long u = s.nextLong();
        long v = s.nextLong();
        if (u < 0 || v < 0 || u > Integer.MAX_VALUE - 9 || v > Integer.MAX_VALUE - 9) {
          throw new DatasetFormatException(s.name() + ":" + s.line() + ": node id "
              + (u < 0 || u > Integer.MAX_VALUE - 9 ? u : v) + " is out of range, expected >= 0");
        }
        s.endLine();
        src.add((int) u);
        dst.add((int) v);
        maxId = Math.max(maxId, Math.max(u, v));
      }
    }
    progress.finish();

    int n = -1;
    Path nn = raw.resolve("num-node-list.csv.gz");
    if (Files.isRegularFile(nn)) {
      try (ByteScanner s = scanner(nn)) {
        if (!s.nextRecord()) {
          throw new DatasetFormatException(nn + ": empty, expected the number of nodes");
        }
        long v = s.nextLong();
        if (v < 1 || v > Integer.MAX_VALUE - 9) {
          throw new DatasetFormatException(nn + ": number of nodes " + v + " is out of range");
        }
        n = (int) v;
      }
      if (maxId >= n) {
        throw new DatasetFormatException(raw.resolve("edge.csv.gz") + ": node id " + maxId
            + " is out of range [0, " + n + ") given by num-node-list.csv.gz");
      }
    }

    progress.start("ogb: labels", -1);
    Path labelFile = raw.resolve("node-label.csv.gz");
    IntList lab = new IntList();
    try (ByteScanner s = scanner(labelFile)) {
      // Blank lines are unlabelled nodes (pandas writes NaN as an empty field), so no skipping.
      while (s.hasMore()) {
        long y = s.nextLabel();
        if (y < -1 || y > Integer.MAX_VALUE) { // the class limit: DatasetChecks
          throw new DatasetFormatException(s.name() + ":" + s.line() + ": label " + y
              + " is out of range, expected -1 (unlabelled) or a class index");
        }
        lab.add((int) y);
        s.endLine();
      }
    }
    progress.finish();
    if (n < 0) {
      n = lab.size;
    }
    if (lab.size != n) {
      throw new DatasetFormatException(labelFile + ": " + lab.size + " labels, expected " + n
          + " (one per node)");
    }
    if (maxId >= n) {
      throw new DatasetFormatException(raw.resolve("edge.csv.gz") + ": node id " + maxId
          + " is out of range [0, " + n + ") (N from node-label.csv.gz)");
    }
    if (n == 0) {
      throw new DatasetFormatException(labelFile + ": the graph has no nodes");
    }
    int[] labels = lab.toArray();
    int classes = DatasetChecks.numClasses(labels, labelFile.toString());

    progress.start("ogb: features", n);
    Features feats = readDenseText(raw.resolve("node-feat.csv.gz"), n, progress);
    progress.finish();

    progress.start("ogb: build graph", -1);
    CsrGraph g = GraphBuilder.fromEdges(n, src.toArray(), dst.toArray(), true);
    progress.finish();

    List<Split> splits = readSplits(root.resolve("split"), n, labels);
    return new Dataset(name, g, feats, labels, classes, splits);
  }

  static ByteScanner scanner(Path gz) throws IOException {
    if (!Files.isRegularFile(gz)) {
      throw new NoSuchFileException(gz.toString());
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(gz), 1 << 16);
    if (gz.getFileName().toString().endsWith(".gz")) {
      try {
        in = new GZIPInputStream(in, 1 << 16);
      } catch (ZipException | java.io.EOFException e) {
        in.close();
        throw new DatasetFormatException(gz + ": not a valid gzip file (" + e.getMessage() + ")", e);
      }
    }
    return new ByteScanner(in, gz.toString());
  }

  /** Dense float rows, comma or blank separated; N rows of the same width F ≥ 1, finite values. */
  static Features readDenseText(Path file, int n, ProgressListener progress) throws IOException {
    float[] data = null;
    int f = -1;
    int rows = 0;
    try (ByteScanner s = scanner(file)) {
      FloatList first = new FloatList();
      while (s.nextRecord()) {
        if (rows >= n) {
          throw new DatasetFormatException(s.name() + ":" + s.line() + ": more than " + n
              + " feature rows, expected one per node");
        }
        if (f < 0) {
          while (!s.atEndOfLine()) {
            first.add(check(s.nextFloat(), s));
          }
          f = first.size;
          long total = (long) n * f;
          if (total > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(file + ": " + n + " x " + f
                + " features exceed a 2^31-element matrix");
          }
          data = new float[(int) total];
          System.arraycopy(first.a, 0, data, 0, f);
        } else {
          int base = rows * f;
          for (int j = 0; j < f; j++) {
            if (s.atEndOfLine()) {
              throw new DatasetFormatException(s.name() + ":" + s.line() + ": row has " + j
                  + " values, expected " + f);
            }
            data[base + j] = check(s.nextFloat(), s);
          }
        }
        s.endLine();
        rows++;
        if ((rows & 0xffff) == 0) {
          progress.advance(1 << 16);
        }
      }
    }
    if (rows != n) {
      throw new DatasetFormatException(file + ": " + rows + " feature rows, expected " + n);
    }
    return new Features.Dense(new Matrix(n, f, data));
  }

  private static float check(float x, ByteScanner s) throws DatasetFormatException {
    if (!Float.isFinite(x)) {
      throw new DatasetFormatException(s.name() + ":" + s.line() + ": feature value " + x
          + " is not finite, expected a finite number");
    }
    return x;
  }

  private static List<Split> readSplits(Path splitDir, int n, int[] labels) throws IOException {
    List<Split> out = new ArrayList<>();
    if (Files.isDirectory(splitDir)) {
      List<Path> schemes;
      try (Stream<Path> s = Files.list(splitDir)) {
        schemes = s.filter(Files::isDirectory).sorted().toList();
      }
      for (Path sc : schemes) {
        int[][] parts = new int[3][];
        String[] files = {"train.csv.gz", "valid.csv.gz", "test.csv.gz"};
        for (int k = 0; k < 3; k++) {
          parts[k] = readIds(sc.resolve(files[k]), n);
        }
        checkDisjoint(parts, n, sc);
        out.add(new Split("ogb " + sc.getFileName(), parts[0], parts[1], parts[2]));
      }
    }
    if (out.isEmpty()) {
      out.add(Splits.stratified(labels, Splits.DEFAULT_TRAIN, Splits.DEFAULT_VAL,
          Splits.DEFAULT_SEED));
    }
    return out;
  }

  private static int[] readIds(Path file, int n) throws IOException {
    IntList ids = new IntList();
    try (ByteScanner s = scanner(file)) {
      while (s.nextRecord()) {
        long v = s.nextLong();
        if (v < 0 || v >= n) {
          throw new DatasetFormatException(s.name() + ":" + s.line() + ": node id " + v
              + " is out of range [0, " + n + ")");
        }
        s.endLine();
        ids.add((int) v);
      }
    }
    int[] a = ids.toArray();
    Arrays.sort(a);
    return a;
  }

  private static void checkDisjoint(int[][] parts, int n, Path scheme)
      throws DatasetFormatException {
    byte[] seen = new byte[n];
    String[] names = {"train", "valid", "test"};
    for (int k = 0; k < 3; k++) {
      int prev = -1;
      for (int v : parts[k]) {
        if (v == prev || seen[v] != 0) {
          throw new DatasetFormatException(scheme + ": node " + v + " appears twice in the split ("
              + names[k] + ")");
        }
        seen[v] = 1;
        prev = v;
      }
    }
  }

  /** A growable int array (no boxing). */
  static final class IntList {
    int[] a = new int[1024];
    int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * a.length));
      }
      a[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  /** A growable float array (no boxing). */
  static final class FloatList {
    float[] a = new float[64];
    int size;

    void add(float v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, 2 * a.length);
      }
      a[size++] = v;
    }
  }
}
