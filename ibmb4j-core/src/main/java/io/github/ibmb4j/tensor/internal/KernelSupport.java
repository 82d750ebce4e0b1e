package io.github.ibmb4j.tensor.internal;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;

/**
 * The compute primitives behind {@link io.github.ibmb4j.tensor.Kernels}. {@link ScalarKernelSupport} is
 * the specification (plain loops, single-threaded); faster implementations must give results equal to
 * it up to float rounding, and results that do not depend on the thread count.
 *
 * <p>Shapes are checked by the facade, not here.
 */
public interface KernelSupport {

  /** Name for logs and run records (e.g. "scalar", "panama-512"). */
  String name();

  /** C = A·B (+ C if accumulate). A: m×k, B: k×n, C: m×n. */
  void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /** C = Aᵀ·B (+ C if accumulate). A: k×m, B: k×n, C: m×n (the weight-gradient shape). */
  void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /** C = A·Bᵀ (+ C if accumulate). A: m×k, B: n×k, C: m×n (the input-gradient shape). */
  void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /**
   * Rows [0, rows) of OUT = A·X (+ OUT if accumulate), using A's stored values. A: r×n (r ≥ rows),
   * X: n×f, OUT: ≥rows × f. Rows of OUT at or beyond {@code rows} are untouched.
   */
  void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate);

  /** x[r, :] += v for every row. */
  void addRowVector(Matrix x, float[] v);

  /** out[c] = Σ_r x[r, c] (+ out[c] if accumulate). */
  void columnSums(Matrix x, float[] out, boolean accumulate);

  /** out = max(x, 0); may be in place. */
  void relu(Matrix x, Matrix out);

  /** grad *= (out > 0), in place, given the ReLU's output. */
  void reluBackward(Matrix out, Matrix grad);

  /** out = x > 0 ? x : alpha·(exp(x) − 1); may be in place. */
  void elu(Matrix x, Matrix out, float alpha);

  /** grad *= (out > 0 ? 1 : out + alpha), in place, given the ELU's output. */
  void eluBackward(Matrix out, Matrix grad, float alpha);

  /**
   * Row-wise layer normalisation: out = (x − μ_r)·rstd_r·γ + β with rstd_r = 1/sqrt(var_r + eps)
   * (biased variance); saves μ and rstd per row for the backward pass. May be in place.
   */
  void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out, float[] mean,
      float[] rstd);

  /**
   * Backward of {@link #layerNorm}: given its input x, dY, γ and the saved μ, rstd, writes dX and
   * accumulates dγ, dβ. dX may alias dY.
   */
  void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd, Matrix dx,
      float[] dgamma, float[] dbeta);

  /** Row-wise log-softmax; may be in place. */
  void logSoftmaxRows(Matrix x, Matrix out);

  /** y[yOff + i] += a · x[xOff + i] for i in [0, n). */
  void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff);

  /** x[i] *= mask[i] for i in [0, n) (dropout with a pre-scaled 0 / 1/(1−p) mask). */
  void multiply(int n, float[] x, float[] mask);
}
