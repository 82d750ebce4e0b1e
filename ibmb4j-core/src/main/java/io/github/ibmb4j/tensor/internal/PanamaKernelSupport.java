package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;

/**
 * {@link KernelSupport} on the Java Vector API ({@code jdk.incubator.vector}), multi-threaded through
 * {@link Parallel}; equal to {@link ScalarKernelSupport} up to float reordering (FMA, lane-wise
 * partial sums). A facade over one package-private class per kernel family:
 * <ul>
 *   <li>{@link PanamaGemm}: packed GotoBLAS-style GEMM and split-K for the weight gradient;
 *   <li>{@link PanamaSparse}: CSR SpMM and its transposed form for sparse-input weight gradients;
 *   <li>{@link PanamaGat}: the fused GAT edge softmax, aggregation and their backward passes;
 *   <li>{@link PanamaRowwise}: element-wise and row-wise operations (activations, layer norm,
 *       log-softmax, dropout, column sums);
 *   <li>{@link PanamaCommon}: the species, shape-only work splitting and per-thread scratch they share.
 * </ul>
 * Algorithms and measurements: {@code docs/kernels.md}, {@code docs/bench-kernels.md}.
 *
 * <p>Determinism: every output element is computed by exactly one task with a reduction order fixed
 * by the shapes alone (tile, range and chunk geometry never depend on the thread count), so results
 * are bit-identical for any {@link Parallel#threads()}.
 *
 * <p>Thread-safety: stateless; concurrent calls are safe if their outputs do not overlap.
 */
public final class PanamaKernelSupport implements KernelSupport {

  /**
   * Creates the kernels.
   *
   * @throws UnsupportedOperationException if the preferred species has fewer than 8 float lanes,
   *     where the Vector API would be slower than scalar code
   */
  public PanamaKernelSupport() {
    if (L < 8) {
      throw new UnsupportedOperationException("the preferred float vector species has " + L
          + " lanes (" + S.vectorBitSize() + " bits), expected at least 8 (AVX2 or AVX-512)");
    }
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  @Override
  public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    PanamaGemm.matmul(a, b, c, accumulate);
  }

  @Override
  public void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    PanamaGemm.matmulTransA(a, b, c, accumulate);
  }

  @Override
  public void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    PanamaGemm.matmulTransB(a, b, c, accumulate);
  }

  @Override
  public void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate) {
    PanamaSparse.spmm(a, rows, x, out, accumulate);
  }

  @Override
  public void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate) {
    PanamaSparse.spmmTransA(a, x, out, accumulate);
  }

  @Override
  public void addRowVector(Matrix x, float[] v) {
    PanamaRowwise.addRowVector(x, v);
  }

  @Override
  public void columnSums(Matrix x, float[] out, boolean accumulate) {
    PanamaRowwise.columnSums(x, out, accumulate);
  }

  @Override
  public void relu(Matrix x, Matrix out) {
    PanamaRowwise.relu(x, out);
  }

  @Override
  public void reluBackward(Matrix out, Matrix grad) {
    PanamaRowwise.reluBackward(out, grad);
  }

  @Override
  public void dropoutReluBackward(Matrix out, Matrix grad, float keep) {
    PanamaRowwise.dropoutReluBackward(out, grad, keep);
  }

  @Override
  public void elu(Matrix x, Matrix out, float alpha) {
    PanamaRowwise.elu(x, out, alpha);
  }

  @Override
  public void eluBackward(Matrix out, Matrix grad, float alpha) {
    PanamaRowwise.eluBackward(out, grad, alpha);
  }

  @Override
  public void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out, float[] mean,
      float[] rstd) {
    PanamaRowwise.layerNorm(x, gamma, beta, eps, out, mean, rstd);
  }

  @Override
  public void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd,
      Matrix dx, float[] dgamma, float[] dbeta) {
    PanamaRowwise.layerNormBackward(x, dy, gamma, mean, rstd, dx, dgamma, dbeta);
  }

  @Override
  public void logSoftmaxRows(Matrix x, Matrix out) {
    PanamaRowwise.logSoftmaxRows(x, out);
  }

  @Override
  public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
    PanamaRowwise.axpy(n, a, x, xOff, y, yOff);
  }

  @Override
  public void dropout(long seed, double p, float keep, float[] in, float[] out, float[] mask,
      int from, int to) {
    PanamaRowwise.dropout(seed, p, keep, in, out, mask, from, to);
  }

  @Override
  public void multiply(int n, float[] x, float[] mask) {
    PanamaRowwise.multiply(n, x, mask);
  }

  @Override
  public void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha) {
    PanamaGat.gatEdgeSoftmax(a, rows, srcScore, dstScore, heads, negativeSlope, alpha);
  }

  @Override
  public void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x, Matrix out,
      boolean accumulate) {
    PanamaGat.gatAggregate(a, rows, alpha, heads, x, out, accumulate);
  }

  @Override
  public void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x,
      float[] dAlpha) {
    PanamaGat.gatAttentionGrad(a, rows, dOut, heads, x, dAlpha);
  }

  @Override
  public void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore, float[] dstScore,
      int heads, float negativeSlope, float[] alpha, float[] dAlpha, float[] dRaw, float[] dDst) {
    PanamaGat.gatEdgeSoftmaxBackward(a, rows, srcScore, dstScore, heads, negativeSlope, alpha,
        dAlpha, dRaw, dDst);
  }
}
