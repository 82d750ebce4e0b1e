package io.github.ibmb4j.tensor;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.internal.KernelProvider;
import io.github.ibmb4j.tensor.internal.KernelSupport;

/**
 * The compute kernels GNN layers and optimisers use, with shape checks, delegating to the
 * {@link KernelSupport} chosen at start-up (SIMD where available, else the scalar specification).
 * Results do not depend on the thread count. Every method documents its shapes.
 */
public final class Kernels {
  private static final KernelSupport K = KernelProvider.get();

  private Kernels() {}

  /** Name of the active implementation (for run records). */
  public static String provider() {
    return K.name();
  }

  /** C = A·B (+C). A: m×k, B: k×n, C: m×n. */
  public static void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    check(a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols(),
        "matmul", a, b, c);
    K.matmul(a, b, c, accumulate);
  }

  /** C = Aᵀ·B (+C). A: k×m, B: k×n, C: m×n. */
  public static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    check(a.rows() == b.rows() && c.rows() == a.cols() && c.cols() == b.cols(),
        "matmulTransA", a, b, c);
    K.matmulTransA(a, b, c, accumulate);
  }

  /** C = A·Bᵀ (+C). A: m×k, B: n×k, C: m×n. */
  public static void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    check(a.cols() == b.cols() && c.rows() == a.rows() && c.cols() == b.rows(),
        "matmulTransB", a, b, c);
    K.matmulTransB(a, b, c, accumulate);
  }

  /** Rows [0, rows) of OUT = A·X (+OUT). A: r×n with r ≥ rows, X: n×f, OUT: ≥rows × f. */
  public static void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate) {
    if (rows < 0 || rows > a.rows() || a.cols() != x.rows() || out.rows() < rows
        || out.cols() != x.cols()) {
      throw new IllegalArgumentException("spmm shapes: A " + a.rows() + "x" + a.cols() + " (rows "
          + rows + "), X " + x.rows() + "x" + x.cols() + ", OUT " + out.rows() + "x" + out.cols());
    }
    K.spmm(a, rows, x, out, accumulate);
  }

  /**
   * OUT = Aᵀ·X (+OUT). A: m×k (CSR), X: m×f, OUT: k×f. For a layer whose input A is sparse
   * (bag-of-words feature rows) this is the weight gradient; its forward A·B is {@link #spmm}.
   */
  public static void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate) {
    if (a.rows() != x.rows() || out.rows() != a.cols() || out.cols() != x.cols()) {
      throw new IllegalArgumentException("spmmTransA shapes: A " + a.rows() + "x" + a.cols()
          + ", X " + x.rows() + "x" + x.cols() + ", OUT " + out.rows() + "x" + out.cols());
    }
    K.spmmTransA(a, x, out, accumulate);
  }

  /** x[r, :] += v. v: length cols. */
  public static void addRowVector(Matrix x, float[] v) {
    checkLen(v.length >= x.cols(), "addRowVector", v.length, x.cols());
    K.addRowVector(x, v);
  }

  /** out[c] = Σ_r x[r, c] (+out). */
  public static void columnSums(Matrix x, float[] out, boolean accumulate) {
    checkLen(out.length >= x.cols(), "columnSums", out.length, x.cols());
    K.columnSums(x, out, accumulate);
  }

  /** out = ReLU(x); out may be x. */
  public static void relu(Matrix x, Matrix out) {
    same(x, out, "relu");
    K.relu(x, out);
  }

  /** grad *= 1[out > 0]. */
  public static void reluBackward(Matrix out, Matrix grad) {
    same(out, grad, "reluBackward");
    K.reluBackward(out, grad);
  }

  /**
   * grad = (out &gt; 0 ? grad · keep : 0): the backward of ReLU followed by inverted dropout (keep =
   * 1/(1 − p)) applied in place, given the dropped output.
   */
  public static void dropoutReluBackward(Matrix out, Matrix grad, float keep) {
    same(out, grad, "dropoutReluBackward");
    K.dropoutReluBackward(out, grad, keep);
  }

  /** out = ELU_α(x); out may be x. */
  public static void elu(Matrix x, Matrix out, float alpha) {
    same(x, out, "elu");
    K.elu(x, out, alpha);
  }

  /** grad *= ELU'(x) computed from the output. */
  public static void eluBackward(Matrix out, Matrix grad, float alpha) {
    same(out, grad, "eluBackward");
    K.eluBackward(out, grad, alpha);
  }

  /** Row-wise layer norm (see {@link KernelSupport#layerNorm}); mean, rstd: length ≥ rows. */
  public static void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out,
      float[] mean, float[] rstd) {
    same(x, out, "layerNorm");
    checkLen(gamma.length == x.cols() && beta.length == x.cols(), "layerNorm", gamma.length, x.cols());
    checkLen(mean.length >= x.rows() && rstd.length >= x.rows(), "layerNorm stats", mean.length,
        x.rows());
    K.layerNorm(x, gamma, beta, eps, out, mean, rstd);
  }

  /** Backward of {@link #layerNorm}; accumulates dγ, dβ; dx may be dy. */
  public static void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd,
      Matrix dx, float[] dgamma, float[] dbeta) {
    same(x, dy, "layerNormBackward");
    same(x, dx, "layerNormBackward");
    K.layerNormBackward(x, dy, gamma, mean, rstd, dx, dgamma, dbeta);
  }

  /** Row-wise log-softmax; out may be x. */
  public static void logSoftmaxRows(Matrix x, Matrix out) {
    same(x, out, "logSoftmaxRows");
    K.logSoftmaxRows(x, out);
  }

  /** y[yOff..+n) += a·x[xOff..+n). */
  public static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
    K.axpy(n, a, x, xOff, y, yOff);
  }

  /** x[0..n) *= mask[0..n). */
  public static void multiply(int n, float[] x, float[] mask) {
    K.multiply(n, x, mask);
  }

  /**
   * Inverted dropout over [from, to) with the mask drawn as the successive {@code nextDouble()} values
   * of {@code new SplittableRandom(seed)}: mask = (u &lt; p ? 0 : keep), out = in · mask. Runs on the
   * caller thread; same result with every kernel provider. {@code in} may be {@code out} (in place);
   * {@code mask} may be null when the caller does not keep it.
   */
  public static void dropout(long seed, double p, float keep, float[] in, float[] out,
      float[] mask, int from, int to) {
    if (from < 0 || to < from || to > in.length || to > out.length
        || (mask != null && to > mask.length)) {
      throw new IllegalArgumentException("dropout: range [" + from + ", " + to
          + ") exceeds an array (in " + in.length + ", out " + out.length + ", mask "
          + (mask == null ? "none" : mask.length) + ")");
    }
    K.dropout(seed, p, keep, in, out, mask, from, to);
  }

  // ---- GAT: per-edge, per-head arrays are edge-major, element (q, h) at q·heads + h, where q is
  // the entry's position in the CSR (row r = destination, colIdx[q] = source).

  /**
   * Fused GAT edge scores + LeakyReLU + edge softmax over each destination row's entries, per head.
   * srcScore: ≥ a.cols × heads (a_srcᵀ·x'_c per source node and head), dstScore: ≥ rows × heads,
   * alpha: ≥ rowPtr[rows] × heads (output).
   */
  public static void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore,
      int heads, float negativeSlope, float[] alpha) {
    checkGat(a, rows, heads);
    checkLen(srcScore.length >= (long) a.cols() * heads, "gatEdgeSoftmax srcScore",
        srcScore.length, a.cols() * heads);
    checkLen(dstScore.length >= (long) rows * heads, "gatEdgeSoftmax dstScore", dstScore.length,
        rows * heads);
    checkLen(alpha.length >= (long) a.rowPtr()[rows] * heads, "gatEdgeSoftmax alpha", alpha.length,
        a.rowPtr()[rows] * heads);
    K.gatEdgeSoftmax(a, rows, srcScore, dstScore, heads, negativeSlope, alpha);
  }

  /**
   * GAT aggregation: rows [0, rows) of OUT[r, h·D + d] = Σ_q α(q, h)·X[colIdx[q], h·D + d] (+OUT).
   * X: a.cols × (heads·D), OUT: ≥ rows × (heads·D), alpha: ≥ rowPtr[rows] × heads.
   */
  public static void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x,
      Matrix out, boolean accumulate) {
    checkGat(a, rows, heads);
    checkHeads(a, rows, heads, x, out, "gatAggregate");
    checkLen(alpha.length >= (long) a.rowPtr()[rows] * heads, "gatAggregate alpha", alpha.length,
        a.rowPtr()[rows] * heads);
    K.gatAggregate(a, rows, alpha, heads, x, out, accumulate);
  }

  /**
   * dα(q, h) = ⟨dOut[r, head h], X[colIdx[q], head h]⟩ for the entries of rows [0, rows) (the α
   * gradient of {@link #gatAggregate}). dOut: ≥ rows × (heads·D), dAlpha: ≥ rowPtr[rows] × heads.
   */
  public static void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x,
      float[] dAlpha) {
    checkGat(a, rows, heads);
    checkHeads(a, rows, heads, x, dOut, "gatAttentionGrad");
    checkLen(dAlpha.length >= (long) a.rowPtr()[rows] * heads, "gatAttentionGrad dAlpha",
        dAlpha.length, a.rowPtr()[rows] * heads);
    K.gatAttentionGrad(a, rows, dOut, heads, x, dAlpha);
  }

  /**
   * Backward of {@link #gatEdgeSoftmax}: writes dRaw(q, h) (gradient of the raw score dst + src,
   * through softmax and LeakyReLU; scatter it into dSrc[colIdx[q]·heads + h]) and
   * dDst[r·heads + h] = Σ_q dRaw(q, h). alpha, dAlpha, dRaw: ≥ rowPtr[rows] × heads. dRaw may be
   * the same array as dAlpha (computed in place, with the same result); no other arrays may overlap.
   */
  public static void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore,
      float[] dstScore, int heads, float negativeSlope, float[] alpha, float[] dAlpha, float[] dRaw,
      float[] dDst) {
    checkGat(a, rows, heads);
    long e = (long) a.rowPtr()[rows] * heads;
    checkLen(srcScore.length >= (long) a.cols() * heads, "gatEdgeSoftmaxBackward srcScore",
        srcScore.length, a.cols() * heads);
    checkLen(dstScore.length >= (long) rows * heads && dDst.length >= (long) rows * heads,
        "gatEdgeSoftmaxBackward dstScore/dDst", Math.min(dstScore.length, dDst.length),
        rows * heads);
    checkLen(alpha.length >= e && dAlpha.length >= e && dRaw.length >= e,
        "gatEdgeSoftmaxBackward alpha/dAlpha/dRaw",
        Math.min(alpha.length, Math.min(dAlpha.length, dRaw.length)), (int) e);
    K.gatEdgeSoftmaxBackward(a, rows, srcScore, dstScore, heads, negativeSlope, alpha, dAlpha, dRaw,
        dDst);
  }

  /**
   * For each entry p of {@code a.transpose()}, the index of the same entry in {@code a} (from the
   * same counting sort, {@link CsrMatrix#transposeRows}), so per-edge arrays can be carried to the
   * transpose with {@link #permuteEdges}: the GAT input gradient is
   * {@code gatAggregate(aᵀ, …, permuteEdges(alpha, order, heads), …, dOut, dX, …)}.
   * O(rows + cols + nnz).
   */
  public static int[] transposeEntryOrder(CsrMatrix a) {
    int[] order = new int[a.nnz()];
    a.transposeRows(a.rows(), a.values(), order);
    return order;
  }

  /**
   * out[p·heads + h] = edges[order[p]·heads + h] for every p (out must not alias edges). O(nnz·heads),
   * in fixed ranges of p on the library's pool (a pure copy, so the result never depends on the
   * thread count).
   */
  public static void permuteEdges(float[] edges, int[] order, int heads, float[] out) {
    if (out.length < (long) order.length * heads || out == edges) {
      throw new IllegalArgumentException("permuteEdges: output length " + out.length
          + ", expected >= " + (long) order.length * heads + " and not the input array");
    }
    int n = order.length;
    int chunks = (int) Math.max(1, Math.min(64, (long) n * heads / PERMUTE_RANGE));
    Parallel.forRanges(n, chunks, (chunk, from, to) -> {
      if (heads <= 16) {
        // A copy loop: System.arraycopy's call overhead dominates for a few floats per entry.
        for (int p = from; p < to; p++) {
          int src = order[p] * heads;
          int dst = p * heads;
          for (int h = 0; h < heads; h++) {
            out[dst + h] = edges[src + h];
          }
        }
      } else {
        for (int p = from; p < to; p++) {
          System.arraycopy(edges, order[p] * heads, out, p * heads, heads);
        }
      }
    });
  }

  /** Elements per parallel range of {@link #permuteEdges}. */
  private static final int PERMUTE_RANGE = 1 << 16;

  private static void checkGat(CsrMatrix a, int rows, int heads) {
    if (heads < 1 || rows < 0 || rows > a.rows()) {
      throw new IllegalArgumentException("GAT kernel: heads " + heads + " (expected >= 1), rows "
          + rows + " (expected 0.." + a.rows() + ")");
    }
  }

  private static void checkHeads(CsrMatrix a, int rows, int heads, Matrix x, Matrix out,
      String op) {
    if (x.cols() % heads != 0 || x.rows() != a.cols() || out.cols() != x.cols()
        || out.rows() < rows) {
      throw new IllegalArgumentException(op + " shapes: A " + a.rows() + "x" + a.cols() + " (rows "
          + rows + "), heads " + heads + ", X " + x.rows() + "x" + x.cols() + " (cols must be a "
          + "multiple of heads), OUT " + out.rows() + "x" + out.cols());
    }
  }

  private static void check(boolean ok, String op, Matrix a, Matrix b, Matrix c) {
    if (!ok) {
      throw new IllegalArgumentException(op + " shapes do not match: A " + a.rows() + "x" + a.cols()
          + ", B " + b.rows() + "x" + b.cols() + ", C " + c.rows() + "x" + c.cols());
    }
  }

  private static void same(Matrix a, Matrix b, String op) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(op + ": shapes differ, " + a.rows() + "x" + a.cols()
          + " vs " + b.rows() + "x" + b.cols());
    }
  }

  private static void checkLen(boolean ok, String op, int got, int expected) {
    if (!ok) {
      throw new IllegalArgumentException(op + ": vector length " + got + ", expected " + expected);
    }
  }
}
