package io.github.ibmb4j.data;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Node features: one row per node, dense on the heap, sparse (CSR) on the heap, or dense in a
 * memory-mapped file ({@link Mapped}, for feature matrices larger than the heap). Training and
 * inference only gather rows of batches, so every variant serves them alike.
 */
public sealed interface Features permits Features.Dense, Features.Sparse, Features.Mapped {

  /** Number of rows (nodes). */
  int numNodes();

  /** Feature dimension F. */
  int dim();

  /** Rows {@code nodes} gathered into a dense matrix (|nodes| × F). */
  Matrix gatherDense(int[] nodes);

  /** Dense features, an N × F matrix. */
  record Dense(Matrix matrix) implements Features {
    @Override
    public int numNodes() {
      return matrix.rows();
    }

    @Override
    public int dim() {
      return matrix.cols();
    }

    @Override
    public Matrix gatherDense(int[] nodes) {
      return matrix.gatherRows(nodes);
    }
  }

  /** Sparse features, an N × F CSR matrix (e.g. bag-of-words). */
  record Sparse(CsrMatrix matrix) implements Features {
    @Override
    public int numNodes() {
      return matrix.rows();
    }

    @Override
    public int dim() {
      return matrix.cols();
    }

    @Override
    public Matrix gatherDense(int[] nodes) {
      int f = matrix.cols();
      Matrix m = Matrix.zeros(nodes.length, f);
      int[] ptr = matrix.rowPtr();
      int[] idx = matrix.colIdx();
      float[] val = matrix.values();
      float[] out = m.data();
      for (int i = 0; i < nodes.length; i++) {
        int v = nodes[i];
        for (int k = ptr[v]; k < ptr[v + 1]; k++) {
          out[i * f + idx[k]] = val[k];
        }
      }
      return m;
    }
  }

  /**
   * Dense features kept in a read-only memory-mapped file: N rows of F little-endian float32, row
   * after row. Rows are copied out when a batch gathers them, so the matrix may be larger than the
   * heap (and than 2³¹ elements); the operating system pages in what batches touch. Gathering is
   * O(|nodes|·F) and thread-safe. The segment must stay valid while the features are in use
   * ({@link BinaryDatasetFormat#read(java.nio.file.Path, BinaryDatasetFormat.FeatureStorage)} maps
   * with a GC-managed arena, so it lives as long as this record is reachable).
   *
   * @param rows the N·F floats
   * @param numNodes N
   * @param dim F
   */
  record Mapped(MemorySegment rows, int numNodes, int dim) implements Features {
    static final ValueLayout.OfFloat F32 =
        ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Mapped {
      if (numNodes < 0 || dim < 0) {
        throw new IllegalArgumentException("mapped features are " + numNodes + " x " + dim
            + ", expected non-negative sizes");
      }
      if (rows.byteSize() != (long) numNodes * dim * 4) {
        throw new IllegalArgumentException("mapped features hold " + rows.byteSize() + " bytes, expected "
            + numNodes + " x " + dim + " x 4 = " + (long) numNodes * dim * 4);
      }
    }

    @Override
    public Matrix gatherDense(int[] nodes) {
      Matrix m = Matrix.zeros(nodes.length, dim);
      float[] out = m.data();
      long rowBytes = (long) dim * 4;
      for (int i = 0; i < nodes.length; i++) {
        int v = nodes[i];
        if (v < 0 || v >= numNodes) {
          throw new IndexOutOfBoundsException("node " + v + " is out of range [0, " + numNodes + ")");
        }
        MemorySegment.copy(rows, F32, v * rowBytes, out, i * dim, dim);
      }
      return m;
    }

    /** Copies row {@code v} into {@code out[off, off + F)}. */
    public void row(int v, float[] out, int off) {
      copy((long) v * dim, out, off, dim);
    }

    /**
     * Copies {@code len} floats starting at flat (row-major) index {@code from} into
     * {@code out[off, off + len)}; streams the matrix in chunks where it exceeds an array.
     */
    public void copy(long from, float[] out, int off, int len) {
      MemorySegment.copy(rows, F32, from * 4, out, off, len);
    }

    /**
     * The same features on the heap.
     *
     * @throws IllegalStateException if they exceed a Java array (2³¹ − 9 floats)
     */
    public Dense toHeap() {
      long count = (long) numNodes * dim;
      if (count > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(numNodes + " x " + dim
            + " mapped features do not fit in a Java array; keep them mapped");
      }
      float[] a = new float[(int) count];
      copy(0, a, 0, a.length);
      return new Dense(new Matrix(numNodes, dim, a));
    }
  }
}
