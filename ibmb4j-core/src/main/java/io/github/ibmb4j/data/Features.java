package io.github.ibmb4j.data;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;

/** Node features: one row per node, either dense or sparse (CSR). */
public sealed interface Features permits Features.Dense, Features.Sparse {

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
}
