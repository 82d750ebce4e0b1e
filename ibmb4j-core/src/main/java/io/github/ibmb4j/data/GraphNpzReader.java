package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.tensor.CsrMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the shared {@code graph.npz} layout (see {@code shared/datasets/README.md}): a symmetric CSR
 * adjacency ({@code adj_indptr}, {@code adj_indices}), CSR features ({@code feat_indptr},
 * {@code feat_indices}, {@code feat_data}, {@code feat_shape}), optionally dense {@code feat_dense},
 * {@code labels} (-1 = unlabelled) and optional {@code train_mask}/{@code val_mask}/{@code test_mask} of
 * shape [S, N] (one split per row). Without masks, the default seeded stratified split is used
 * ({@link Splits#stratified}). Every array is validated; problems raise a
 * {@link DatasetFormatException} naming the file, the array and what was expected.
 */
public final class GraphNpzReader {
  private GraphNpzReader() {}

  /** Reads a dataset; its name is the parent directory's name (e.g. {@code cora}). */
  public static Dataset read(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    String name = parent == null ? file.getFileName().toString() : parent.getFileName().toString();
    return read(file, name);
  }

  /** Reads a dataset with an explicit name. */
  public static Dataset read(Path file, String name) throws IOException {
    Map<String, NpyArray> a = NpzReader.readNpz(file);
    String f = file.toString();
    int[] indptr = require(a, "adj_indptr", f).requireDims(1).toIntArray();
    int[] indices = require(a, "adj_indices", f).requireDims(1).toIntArray();
    if (indptr.length == 0) {
      throw new DatasetFormatException(f + ": adj_indptr is empty, expected N + 1 >= 1 entries");
    }
    int n = indptr.length - 1;
    if (n == 0) {
      throw new DatasetFormatException(f + ": the graph has no nodes");
    }
    long[] offsets = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      offsets[i] = indptr[i];
    }
    CsrGraph graph;
    try {
      graph = new CsrGraph(n, offsets, indices);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(f + ": invalid adjacency (adj_indptr/adj_indices): "
          + e.getMessage(), e);
    }
    Features features = readFeatures(a, f, n);
    int[] labels = require(a, "labels", f).requireDims(1).toIntArray();
    if (labels.length != n) {
      throw new DatasetFormatException(
          f + ": labels has length " + labels.length + ", expected N = " + n);
    }
    int classes = DatasetChecks.numClasses(labels, f);
    if (classes < 1) {
      throw new DatasetFormatException(f + ": no node has a label");
    }
    List<Split> splits = readSplits(a, f, n, labels);
    return new Dataset(name, graph, features, labels, classes, splits);
  }

  private static NpyArray require(Map<String, NpyArray> a, String key, String file)
      throws DatasetFormatException {
    NpyArray x = a.get(key);
    if (x == null) {
      throw new DatasetFormatException(file + ": missing array '" + key + "'");
    }
    return x;
  }

  private static Features readFeatures(Map<String, NpyArray> a, String f, int n)
      throws DatasetFormatException {
    if (a.containsKey("feat_dense")) {
      NpyArray d = a.get("feat_dense").requireDims(2);
      if (d.shape()[0] != n) {
        throw new DatasetFormatException(f + ": feat_dense has " + d.shape()[0] + " rows, expected " + n);
      }
      float[] data = d.toFloatArray();
      checkFinite(data, f, "feat_dense");
      return new Features.Dense(new io.github.ibmb4j.tensor.Matrix(n, (int) d.shape()[1], data));
    }
    int[] shape = require(a, "feat_shape", f).requireDims(1).toIntArray();
    if (shape.length != 2 || shape[0] != n || shape[1] < 0) {
      throw new DatasetFormatException(f + ": feat_shape is " + Arrays.toString(shape)
          + ", expected [" + n + ", F]");
    }
    int[] ptr = require(a, "feat_indptr", f).requireDims(1).toIntArray();
    int[] idx = require(a, "feat_indices", f).requireDims(1).toIntArray();
    float[] val = require(a, "feat_data", f).requireDims(1).toFloatArray();
    if (ptr.length != n + 1) {
      throw new DatasetFormatException(
          f + ": feat_indptr has length " + ptr.length + ", expected N + 1 = " + (n + 1));
    }
    checkFinite(val, f, "feat_data");
    try {
      return new Features.Sparse(new CsrMatrix(n, shape[1], ptr, idx, val).validated());
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(f + ": invalid feature CSR: " + e.getMessage(), e);
    }
  }

  private static void checkFinite(float[] v, String f, String array) throws DatasetFormatException {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new DatasetFormatException(
            f + ": " + array + "[" + i + "] is " + v[i] + ", expected a finite number");
      }
    }
  }

  private static List<Split> readSplits(Map<String, NpyArray> a, String f, int n, int[] labels)
      throws DatasetFormatException {
    boolean any = a.containsKey("train_mask") || a.containsKey("val_mask") || a.containsKey("test_mask");
    if (!any) {
      return List.of(Splits.stratified(labels, Splits.DEFAULT_TRAIN, Splits.DEFAULT_VAL,
          Splits.DEFAULT_SEED));
    }
    byte[][] masks = new byte[3][];
    String[] keys = {"train_mask", "val_mask", "test_mask"};
    int s = -1;
    for (int k = 0; k < 3; k++) {
      NpyArray m = require(a, keys[k], f);
      long[] sh = m.shape();
      long rows = sh.length == 1 ? 1 : sh.length == 2 ? sh[0] : -1;
      long cols = sh.length == 1 ? sh[0] : sh.length == 2 ? sh[1] : -1;
      if (rows < 1 || cols != n) {
        throw new DatasetFormatException(f + ": " + keys[k] + " has shape " + Arrays.toString(sh)
            + ", expected [S, " + n + "] or [" + n + "]");
      }
      if (s >= 0 && rows != s) {
        throw new DatasetFormatException(f + ": " + keys[k] + " has " + rows
            + " splits, the other masks have " + s);
      }
      s = (int) rows;
      masks[k] = m.toByteArray();
    }
    List<Split> splits = new ArrayList<>();
    for (int r = 0; r < s; r++) {
      int[][] parts = new int[3][];
      for (int k = 0; k < 3; k++) {
        int[] buf = new int[n];
        int c = 0;
        for (int v = 0; v < n; v++) {
          byte b = masks[k][r * n + v];
          if (b != 0 && b != 1) {
            throw new DatasetFormatException(
                f + ": " + keys[k] + "[" + r + ", " + v + "] is " + b + ", expected 0 or 1");
          }
          if (b == 1) {
            buf[c++] = v;
          }
        }
        parts[k] = Arrays.copyOf(buf, c);
      }
      for (int v = 0; v < n; v++) {
        int in = masks[0][r * n + v] + masks[1][r * n + v] + masks[2][r * n + v];
        if (in > 1) {
          throw new DatasetFormatException(
              f + ": node " + v + " is in more than one of train/val/test in split " + r);
        }
      }
      splits.add(new Split("file mask " + r, parts[0], parts[1], parts[2]));
    }
    return splits;
  }
}
