package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;

/**
 * The semantic checks every dataset passes on opening, whatever its format, plus the limits readers
 * apply before they allocate: labels within {@link #MAX_CLASSES}, finite features (dense, sparse and
 * memory-mapped), a symmetric adjacency (the {@link Dataset} contract; {@code graph.npz} and the binary
 * format store it as given), and node counts whose arrays fit in the heap. Each violation is a
 * {@link DatasetFormatException} naming the file and the value, thrown before anything is trained or
 * written. {@link #requireTrainable} adds what training needs of a split. All checks are linear in the
 * dataset's size (the symmetry check O(E log d)); stateless and thread-safe.
 */
public final class DatasetChecks {
  /**
   * The largest number of classes a dataset may have. Far above any node-classification benchmark
   * (ogbn-papers100M: 172), low enough that the output layer and the logits of a batch stay small; a
   * label beyond it is almost certainly a damaged or mis-parsed file.
   */
  public static final int MAX_CLASSES = 1 << 16;

  /** Heap bytes per node that a reader allocates at least (CSR offsets, labels, split, degrees). */
  static final long BYTES_PER_NODE = 32;

  private DatasetChecks() {}

  /**
   * The number of classes implied by {@code labels} (max + 1), each in [-1, {@link #MAX_CLASSES}).
   *
   * @param source the file named in messages
   */
  public static int numClasses(int[] labels, String source) throws DatasetFormatException {
    int classes = 0;
    for (int v = 0; v < labels.length; v++) {
      int y = labels[v];
      if (y < -1) {
        throw new DatasetFormatException(source + ": label " + y + " of node " + v
            + " is invalid, expected >= 0 or -1 (unlabelled)");
      }
      if (y >= MAX_CLASSES) {
        throw tooManyClasses(source, "label " + y + " of node " + v, (long) y + 1, labels.length);
      }
      classes = Math.max(classes, y + 1);
    }
    return classes;
  }

  private static DatasetFormatException tooManyClasses(String source, String what, long classes,
      long nodes) {
    return new DatasetFormatException(String.format(Locale.ROOT,
        "%s: %s implies %d classes, whose logits alone need %s for the %d nodes; expected at most "
            + "%d classes", source, what, classes, size(classes * nodes * 4), nodes, MAX_CLASSES));
  }

  /**
   * Rejects a node count whose arrays would not fit in the heap, before allocating them.
   *
   * @param what what implies the count (e.g. "node id 2000000000"), for the message
   * @param bytesPerNode heap bytes per node the reader will allocate (at least {@link #BYTES_PER_NODE})
   */
  public static void requireHeapFor(long nodes, long bytesPerNode, String source, String what)
      throws DatasetFormatException {
    long need = nodes * Math.max(bytesPerNode, BYTES_PER_NODE);
    long max = Runtime.getRuntime().maxMemory();
    if (nodes > Integer.MAX_VALUE - 9 || need > max) {
      throw new DatasetFormatException(String.format(Locale.ROOT,
          "%s: %s implies %d nodes, whose arrays need at least %s of heap (maximum heap %s); expected "
              + "node ids numbered from 0 without large gaps, or a larger IBMB_HEAP", source, what,
          nodes, size(need), size(max)));
    }
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }

  /**
   * Checks a freshly read dataset: class count and labels, finite features, symmetric adjacency.
   *
   * @param source the file or specification named in messages
   */
  public static void validate(Dataset d, String source) throws DatasetFormatException {
    if (d.numClasses() > MAX_CLASSES || d.numClasses() < 0) {
      throw tooManyClasses(source, "the stated class count", d.numClasses(), d.numNodes());
    }
    int[] y = d.labels();
    for (int v = 0; v < y.length; v++) {
      if (y[v] < -1 || y[v] >= d.numClasses()) {
        throw new DatasetFormatException(source + ": label " + y[v] + " of node " + v
            + " is out of range, expected -1 (unlabelled) or 0.." + (d.numClasses() - 1));
      }
    }
    checkFinite(d.features(), source);
    checkSymmetric(d.graph(), source);
  }

  /** Every feature value finite (NaN or infinite features make every loss and prediction NaN). */
  static void checkFinite(Features f, String source) throws DatasetFormatException {
    switch (f) {
      case Features.Dense dense -> {
        float[] x = dense.matrix().data();
        for (int i = 0; i < x.length; i++) {
          if (!Float.isFinite(x[i])) {
            throw notFinite(source, i / Math.max(1, f.dim()), i % Math.max(1, f.dim()), x[i]);
          }
        }
      }
      case Features.Sparse sparse -> {
        float[] val = sparse.matrix().values();
        int[] ptr = sparse.matrix().rowPtr();
        int[] idx = sparse.matrix().colIdx();
        for (int r = 0; r < f.numNodes(); r++) {
          for (int k = ptr[r]; k < ptr[r + 1]; k++) {
            if (!Float.isFinite(val[k])) {
              throw notFinite(source, r, idx[k], val[k]);
            }
          }
        }
      }
      case Features.Mapped mapped -> {
        long total = (long) mapped.numNodes() * mapped.dim();
        float[] chunk = new float[(int) Math.min(total, 1 << 16)];
        for (long from = 0; from < total; from += chunk.length) {
          int len = (int) Math.min(chunk.length, total - from);
          mapped.copy(from, chunk, 0, len);
          for (int i = 0; i < len; i++) {
            if (!Float.isFinite(chunk[i])) {
              long at = from + i;
              throw notFinite(source, (int) (at / mapped.dim()), (int) (at % mapped.dim()), chunk[i]);
            }
          }
        }
      }
    }
  }

  private static DatasetFormatException notFinite(String source, int node, int column, float v) {
    return new DatasetFormatException(source + ": feature " + column + " of node " + node + " is "
        + v + ", expected a finite number");
  }

  /** Every edge (u, v) has its reverse (v, u): the graph formats promise an undirected graph. */
  static void checkSymmetric(CsrGraph g, String source) throws DatasetFormatException {
    long[] off = g.offsets();
    int[] tgt = g.targets();
    for (int u = 0; u < g.numNodes(); u++) {
      for (long i = off[u]; i < off[u + 1]; i++) {
        int v = tgt[(int) i];
        if (v != u && !g.hasEdge(v, u)) {
          throw new DatasetFormatException(source + ": the adjacency is not symmetric: edge " + u
              + " -> " + v + " has no reverse " + v + " -> " + u + " (expected an undirected graph)");
        }
      }
    }
  }

  /**
   * What training on split {@code splitIndex} needs: at least one labelled training node and one
   * labelled validation node (model selection and early stopping run on validation accuracy).
   *
   * @throws IllegalArgumentException naming the dataset, split and part
   */
  public static void requireTrainable(Dataset d, int splitIndex) {
    Split s = d.splits().get(splitIndex);
    for (String part : new String[] {"train", "val"}) {
      int labelled = 0;
      for (int v : s.part(part)) {
        if (d.labels()[v] >= 0) {
          labelled++;
        }
      }
      if (labelled == 0) {
        throw new IllegalArgumentException("dataset " + d.name() + " (" + d.numNodes() + " nodes): split '"
            + s.name() + "' has no labelled " + (part.equals("train") ? "training" : "validation")
            + " node (" + s.part(part).length + " " + part + " nodes); training needs at least one");
      }
    }
  }
}
