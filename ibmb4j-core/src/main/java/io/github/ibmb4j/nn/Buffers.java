package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/** Small helpers shared by the layers: buffer reuse and initialisation. */
final class Buffers {
  private Buffers() {}

  /**
   * Returns a rows × cols matrix over {@code m}'s backing array when that array is large enough (a
   * {@link Matrix#view view}; contents are stale, callers overwrite them), else a new matrix over a
   * grow-only array with 25% headroom. Batches of varying size (IBMB batches all differ) thus reuse one
   * array per layer buffer instead of reallocating tens of megabytes per batch, which cost page faults
   * and young-generation copies.
   */
  static Matrix ensure(Matrix m, int rows, int cols) {
    if (m != null && m.rows() == rows && m.cols() == cols) {
      return m;
    }
    long n = (long) rows * cols;
    if (m != null && m.data().length >= n) {
      return Matrix.view(m.data(), rows, cols);
    }
    if (m == null) {
      return Matrix.zeros(rows, cols); // first use: exact size (single-shape callers stay tight)
    }
    long grown = Math.min(Integer.MAX_VALUE - 8, Math.max(n, n + (n >> 2)));
    return Matrix.view(new float[(int) grown], rows, cols);
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
