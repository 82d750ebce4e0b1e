package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S8;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.forRowChunks;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.rowChunks;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
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
   * A is sparse (bag-of-words feature rows). Row r of A scatters val·X[r, :] into the rows of OUT
   * named by its column ids, rows in increasing order, as in the scalar specification; the work is
   * split by column slabs of OUT (4·L columns when f ≥ 16·L, else L, then one task for the columns
   * past the last whole vector), each task owning its columns of every OUT row. So every element of
   * OUT gets one FMA chain over the rows of A in order, whatever the thread count, and no transpose
   * of A or partial result is needed. Per entry and slab: the slab of X's row (loaded once per row)
   * times the value, added into the OUT row. O(nnz·f) time, no extra memory.
   */
  static void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate) {
    int f = x.cols();
    int k = a.cols();
    if (f == 0 || k == 0) {
      return;
    }
    int w = f >= 16 * L ? 4 * L : L;
    int full = f / w; // slabs of w columns
    boolean tail = full * w < f;
    int tasks = full + (tail ? 1 : 0);
    Parallel.forEachChunk(tasks, t -> {
      int j0 = t * w;
      if (t < full) {
        scatterSlab(a, x.data(), f, out.data(), j0, w, accumulate);
      } else {
        int j = j0;
        for (; j <= f - L; j += L) {
          scatterSlab(a, x.data(), f, out.data(), j, L, accumulate);
        }
        if (L > 8 && j <= f - 8) {
          scatterSlab(a, x.data(), f, out.data(), j, 8, accumulate);
          j += 8;
        }
        for (; j < f; j++) {
          scatterSlab(a, x.data(), f, out.data(), j, 1, accumulate);
        }
      }
    });
  }

  /**
   * Columns [j, j + width) of OUT (+)= Aᵀ·X, width 4·L, L, 8 or 1: the rows of A in order, each
   * scattering its X slab into the OUT rows of its column ids.
   */
  private static void scatterSlab(CsrMatrix a, float[] X, int f, float[] O, int j, int width,
      boolean accumulate) {
    int m = a.rows();
    int k = a.cols();
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] val = a.values();
    if (!accumulate) {
      for (int c = 0; c < k; c++) {
        Arrays.fill(O, c * f + j, c * f + j + width, 0f);
      }
    }
    if (width == 4 * L) {
      for (int r = 0; r < m; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        int xo = r * f + j;
        FloatVector x0 = FloatVector.fromArray(S, X, xo);
        FloatVector x1 = FloatVector.fromArray(S, X, xo + L);
        FloatVector x2 = FloatVector.fromArray(S, X, xo + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, X, xo + 3 * L);
        for (int q = s; q < e; q++) {
          FloatVector v = FloatVector.broadcast(S, val[q]);
          int o = idx[q] * f + j;
          x0.fma(v, FloatVector.fromArray(S, O, o)).intoArray(O, o);
          x1.fma(v, FloatVector.fromArray(S, O, o + L)).intoArray(O, o + L);
          x2.fma(v, FloatVector.fromArray(S, O, o + 2 * L)).intoArray(O, o + 2 * L);
          x3.fma(v, FloatVector.fromArray(S, O, o + 3 * L)).intoArray(O, o + 3 * L);
        }
      }
    } else if (width == L) {
      for (int r = 0; r < m; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        FloatVector x0 = FloatVector.fromArray(S, X, r * f + j);
        for (int q = s; q < e; q++) {
          int o = idx[q] * f + j;
          x0.fma(FloatVector.broadcast(S, val[q]), FloatVector.fromArray(S, O, o)).intoArray(O, o);
        }
      }
    } else if (width == 8) {
      for (int r = 0; r < m; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        FloatVector x0 = FloatVector.fromArray(S8, X, r * f + j);
        for (int q = s; q < e; q++) {
          int o = idx[q] * f + j;
          x0.fma(FloatVector.broadcast(S8, val[q]), FloatVector.fromArray(S8, O, o)).intoArray(O, o);
        }
      }
    } else {
      for (int r = 0; r < m; r++) {
        float xv = X[r * f + j];
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          int o = idx[q] * f + j;
          O[o] = Math.fma(val[q], xv, O[o]);
        }
      }
    }
  }
}
