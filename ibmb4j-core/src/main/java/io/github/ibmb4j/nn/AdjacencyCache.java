package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;

/**
 * A cache of matrices derived from batch adjacencies (transposes of row prefixes, mean-aggregation
 * weights), keyed by the identity of the {@link CsrMatrix} instance, so the backward passes build them
 * once per batch even though the same batches recur every epoch.
 *
 * <p>Keys are held weakly: when a batch becomes unreachable (a stochastic sampler drawing new batches
 * every epoch) its entries are dropped on the next access. Lookup is a linear scan over live entries,
 * negligible next to one SpMM. Building a transpose is O(rows + cols + nnz). Memory: per live batch
 * and row count, one transposed copy (8 bytes per entry, 12 with the edge-position map GAT uses, plus
 * the row pointer); GCN's last layer adds a second, smaller one for the output rows; SAGE adds the 1/degree
 * values. Entries of live batches stay until {@link #clear()}. Not thread-safe: one cache per model,
 * shared by its graph layers.
 */
public final class AdjacencyCache {

  /**
   * The transpose of the first {@code rows} rows of an adjacency A (r × n): a CSR matrix n × rows whose
   * row j lists the targets i &lt; rows with an entry (i, j), plus {@code edgePos[p]}, the index in A's
   * arrays of the entry at position p of the transpose (so per-edge quantities computed in A's order
   * can be gathered by source row without racy scatters).
   *
   * @param matrix the transpose, values taken from A (or the override values)
   * @param edgePos position in A of every transposed entry
   */
  public record Transposed(CsrMatrix matrix, int[] edgePos) {}

  private static final int TRANSPOSE = 0;
  private static final int MEAN = 1;
  private static final int MEAN_TRANSPOSE = 2;
  private static final int TRANSPOSE_MATRIX = 3;

  private static final class Entry extends WeakReference<CsrMatrix> {
    final int rows;
    final int kind;
    final Object value;

    Entry(CsrMatrix key, ReferenceQueue<CsrMatrix> q, int rows, int kind, Object value) {
      super(key, q);
      this.rows = rows;
      this.kind = kind;
      this.value = value;
    }
  }

  private final ReferenceQueue<CsrMatrix> queue = new ReferenceQueue<>();
  private final ArrayList<Entry> entries = new ArrayList<>();

  /** Transpose of rows [0, rows) of {@code a} with A's values and the edge positions, cached. */
  public Transposed transpose(CsrMatrix a, int rows) {
    Object v = lookup(a, rows, TRANSPOSE);
    if (v == null) {
      v = transposeTop(a, rows, a.values(), true);
      entries.add(new Entry(a, queue, rows, TRANSPOSE, v));
    }
    return (Transposed) v;
  }

  /**
   * The matrix of {@link #transpose} without the edge-position map (8 instead of 12 bytes per entry,
   * for layers that do not gather per-edge values), cached; an existing {@link #transpose} entry is
   * reused.
   */
  public CsrMatrix transposeMatrix(CsrMatrix a, int rows) {
    Object v = lookup(a, rows, TRANSPOSE);
    if (v != null) {
      return ((Transposed) v).matrix();
    }
    v = lookup(a, rows, TRANSPOSE_MATRIX);
    if (v == null) {
      v = transposeTop(a, rows, a.values(), false).matrix();
      entries.add(new Entry(a, queue, rows, TRANSPOSE_MATRIX, v));
    }
    return (CsrMatrix) v;
  }

  /**
   * {@code a}'s structure with value 1/(row length) on every entry (mean aggregation; {@code a}'s own
   * values ignored), cached.
   */
  public CsrMatrix mean(CsrMatrix a) {
    Object v = lookup(a, a.rows(), MEAN);
    if (v == null) {
      v = meanOf(a);
      entries.add(new Entry(a, queue, a.rows(), MEAN, v));
    }
    return (CsrMatrix) v;
  }

  /** Transpose of rows [0, rows) of {@link #mean(CsrMatrix)}, cached. */
  public CsrMatrix meanTranspose(CsrMatrix a, int rows) {
    Object v = lookup(a, rows, MEAN_TRANSPOSE);
    if (v == null) {
      v = transposeTop(a, rows, mean(a).values(), false).matrix();
      entries.add(new Entry(a, queue, rows, MEAN_TRANSPOSE, v));
    }
    return (CsrMatrix) v;
  }

  /** Number of live entries (for tests). */
  public int size() {
    expunge();
    return entries.size();
  }

  /** Drops every entry. */
  public void clear() {
    entries.clear();
    expunge();
  }

  private Object lookup(CsrMatrix a, int rows, int kind) {
    expunge();
    for (Entry e : entries) {
      if (e.get() == a && e.rows == rows && e.kind == kind) {
        return e.value;
      }
    }
    return null;
  }

  private void expunge() {
    boolean any = false;
    while (queue.poll() != null) {
      any = true;
    }
    if (any) {
      for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
        if (it.next().get() == null) {
          it.remove();
        }
      }
    }
  }

  /**
   * Transpose of rows [0, rows) with the given entry values ({@link CsrMatrix#transposeRows}), with
   * an edge-position map if {@code positions} (else null); rows stay sorted.
   */
  static Transposed transposeTop(CsrMatrix a, int rows, float[] values, boolean positions) {
    int[] pos = positions ? new int[a.rowPtr()[rows]] : null;
    return new Transposed(a.transposeRows(rows, values, pos), pos);
  }

  static CsrMatrix meanOf(CsrMatrix a) {
    int[] rp = a.rowPtr();
    float[] val = new float[a.nnz()];
    for (int i = 0; i < a.rows(); i++) {
      int d = rp[i + 1] - rp[i];
      if (d > 0) {
        java.util.Arrays.fill(val, rp[i], rp[i + 1], 1f / d);
      }
    }
    return new CsrMatrix(a.rows(), a.cols(), rp, a.colIdx(), val);
  }
}
