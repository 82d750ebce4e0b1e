package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/** Small helpers shared by the layers: buffer reuse and initialisation. */
final class Buffers {
  private Buffers() {}

  /**
   * Returns {@code m} when it already has the shape rows × cols, else a new zero matrix. A
   * {@link Matrix} must own exactly rows·cols elements, so a buffer is reused for a recurring shape
   * (the same batches recur every epoch) and replaced when the shape changes.
   */
  static Matrix ensure(Matrix m, int rows, int cols) {
    if (m != null && m.rows() == rows && m.cols() == cols) {
      return m;
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
