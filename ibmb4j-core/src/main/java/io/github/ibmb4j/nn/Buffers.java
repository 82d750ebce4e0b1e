package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/** Small helpers shared by the layers: buffer reuse and initialisation. */
final class Buffers {
  private Buffers() {}

  /**
   * Returns a rows × cols matrix over {@code m}'s backing array when that array is large enough (a
   * {@link Matrix#view view}; contents are stale, callers overwrite them), else a new exact-size
   * matrix. Batches of varying size (IBMB batches all differ) thus reuse one array per layer buffer,
   * sized by the largest batch seen, instead of reallocating tens of megabytes per batch (young-GC
   * copies, page faults). No headroom: the arrays are the model's largest memory cost.
   */
  static Matrix ensure(Matrix m, int rows, int cols) {
    if (m != null && m.rows() == rows && m.cols() == cols) {
      return m;
    }
    if (m != null && m.data().length >= (long) rows * cols) {
      return Matrix.view(m.data(), rows, cols);
    }
    return Matrix.zeros(rows, cols);
  }

  /** Returns {@code a} when it holds at least n elements, else a larger array (grow-only). */
  static float[] ensure(float[] a, int n) {
    if (a != null && a.length >= n) {
      return a;
    }
    return new float[Math.max(n, a == null ? 0 : a.length + (a.length >> 1))];
  }

  /** Glorot/Xavier uniform: U(−b, b) with b = sqrt(6 / (fanIn + fanOut)), drawn in index order. */
  static void glorot(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
    double b = Math.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rnd.nextDouble() * 2 - 1) * b);
    }
  }

  /** Number of row chunks for a parallel loop over n rows (results never depend on it). */
  static int chunks(int n) {
    return Math.max(1, Math.min(n / 32 + 1, 64));
  }
}
