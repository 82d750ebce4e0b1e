package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S8;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.forRowChunks;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.rowChunks;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import jdk.incubator.vector.FloatVector;

/**
 * Sparse × dense family of {@link PanamaKernelSupport}: CSR SpMM (the graph propagation A·X, and the
 * forward of a layer on sparse input features) and {@link #spmmTransA} (Aᵀ·X, the weight gradient of
 * such a layer).
 *
 * <p>SpMM: rows are cut into at most 128 chunks of equal (nnz + rows), a function of the matrix only; each
 * output row is owned by one chunk (no atomics), so results do not depend on the thread count. Per
 * row, 4 vector accumulators (4·L output floats) are carried across all of the row's entries and
 * stored once; then 1-vector, 8-lane and scalar tails. O(nnz·f) time, no extra memory.
 */
final class PanamaSparse {
  private PanamaSparse() {}

  static void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate) {
    int f = x.cols();
    if (rows == 0 || f == 0) {
      return;
    }
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] val = a.values();
    float[] X = x.data();
    float[] O = out.data();
    forRowChunks(rowChunks(ptr, rows, f), (from, to) -> {
      for (int r = from; r < to; r++) {
        spmmRow(ptr[r], ptr[r + 1], idx, val, X, f, O, r * f, accumulate);
      }
    });
  }

  /** One output row: 4 accumulators carried across all entries per 4·L columns, then tails. */
  private static void spmmRow(int s, int e, int[] idx, float[] val, float[] X, int f, float[] O,
      int o, boolean accumulate) {
    int j = 0;
    for (; j <= f - 4 * L; j += 4 * L) {
      FloatVector a0;
      FloatVector a1;
      FloatVector a2;
      FloatVector a3;
      if (accumulate) {
        a0 = FloatVector.fromArray(S, O, o + j);
        a1 = FloatVector.fromArray(S, O, o + j + L);
        a2 = FloatVector.fromArray(S, O, o + j + 2 * L);
        a3 = FloatVector.fromArray(S, O, o + j + 3 * L);
      } else {
        a0 = FloatVector.zero(S);
        a1 = a0;
        a2 = a0;
        a3 = a0;
      }
      for (int q = s; q < e; q++) {
        FloatVector w = FloatVector.broadcast(S, val[q]);
        int xo = idx[q] * f + j;
        a0 = FloatVector.fromArray(S, X, xo).fma(w, a0);
        a1 = FloatVector.fromArray(S, X, xo + L).fma(w, a1);
        a2 = FloatVector.fromArray(S, X, xo + 2 * L).fma(w, a2);
        a3 = FloatVector.fromArray(S, X, xo + 3 * L).fma(w, a3);
      }
      a0.intoArray(O, o + j);
      a1.intoArray(O, o + j + L);
      a2.intoArray(O, o + j + 2 * L);
      a3.intoArray(O, o + j + 3 * L);
    }
    for (; j <= f - L; j += L) {
      FloatVector a0 = accumulate ? FloatVector.fromArray(S, O, o + j) : FloatVector.zero(S);
      for (int q = s; q < e; q++) {
        a0 = FloatVector.fromArray(S, X, idx[q] * f + j).fma(FloatVector.broadcast(S, val[q]), a0);
      }
      a0.intoArray(O, o + j);
    }
    if (L > 8 && j <= f - 8) { // an 8-lane step before the scalar tail (e.g. F = 40 classes)
      FloatVector a0 = accumulate ? FloatVector.fromArray(S8, O, o + j) : FloatVector.zero(S8);
      for (int q = s; q < e; q++) {
        a0 = FloatVector.fromArray(S8, X, idx[q] * f + j).fma(FloatVector.broadcast(S8, val[q]), a0);
      }
      a0.intoArray(O, o + j);
      j += 8;
    }
    for (; j < f; j++) {
      float acc = accumulate ? O[o + j] : 0f;
      for (int q = s; q < e; q++) {
        acc = Math.fma(val[q], X[idx[q] * f + j], acc);
      }
      O[o + j] = acc;
    }
  }

  /**
   * OUT (k × f) = Aᵀ·X (+ OUT) for A: m × k CSR, X: m × f; the weight gradient of a layer whose input
   * A is sparse (bag-of-words feature rows). A is transposed by the counting sort of
   * {@link CsrMatrix#transposeRows} (its rows list A's rows in increasing order) and multiplied by
   * {@link #spmm}: every element of OUT gets one FMA chain over A's rows in order, the bits of the
   * scalar specification's row-order scatter up to FMA, whatever the thread count. O(nnz·f + k)
   * time; allocates the transpose (8 bytes per non-zero plus 4 per column of A). Measured 2-6x
   * faster than scattering X's rows into OUT by column slabs without a transpose
   * ({@code docs/bench-kernels.md}, "Sparse input features").
   */
  static void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate) {
    CsrMatrix t = a.transposeRows(a.rows(), a.values(), null);
    spmm(t, t.rows(), x, out, accumulate);
  }
}
