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

  /**
   * OUT = Aᵀ·X (+ OUT if accumulate), using A's stored values. A: m×k, X: m×f, OUT: k×f. With A a
   * layer's sparse input (bag-of-words feature rows) this is the weight gradient Aᵀ·dY; the forward
   * A·W is {@link #spmm}.
   */
  void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate);

  /** x[r, :] += v for every row. */
  void addRowVector(Matrix x, float[] v);

  /** out[c] = Σ_r x[r, c] (+ out[c] if accumulate). */
  void columnSums(Matrix x, float[] out, boolean accumulate);

  /** out = max(x, 0); may be in place. */
  void relu(Matrix x, Matrix out);

  /** grad *= (out > 0), in place, given the ReLU's output. */
  void reluBackward(Matrix out, Matrix grad);

  /**
   * Backward of ReLU followed by inverted dropout applied in place over its output:
   * grad = (out &gt; 0 ? grad · keep : 0), in place, given the dropped output.
   */
  void dropoutReluBackward(Matrix out, Matrix grad, float keep);

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

  /**
   * Inverted-dropout forward over [from, to): with u_k the k-th {@code nextDouble()} (k = 1, 2, …) of
   * {@code new SplittableRandom(seed)}, element from + k − 1 gets mask = (u_k &lt; p ? 0 : keep) and
   * out = in · mask. Implementations must reproduce exactly that stream (SplitMix64: bits of
   * mix64(seed + k·γ), γ = 0x9E3779B97F4A7C15, u = (bits &gt;&gt;&gt; 11)·2⁻⁵³). {@code in} may be
   * {@code out}; {@code mask} may be null (not stored). Single-threaded.
   */
  void dropout(long seed, double p, float keep, float[] in, float[] out, float[] mask, int from,
      int to);

  // GAT (Veličković et al., ICLR 2018; PyG GATConv layout). Row r of the CSR is a destination node,
  // its entries q are incoming edges from source colIdx[q]; per-edge, per-head arrays are edge-major:
  // element (q, h) is at q·heads + h, with q the entry's position in the CSR.

  /**
   * Fused GAT edge scores and edge softmax for rows [0, rows): raw(q, h) = dst[r·H + h] +
   * src[c·H + h] with c = colIdx[q]; e = LeakyReLU(raw, slope); α(q, h) = softmax of e over the
   * row's entries, per head. Writes alpha for entries [0, rowPtr[rows]).
   */
  void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha);

  /**
   * Attention-weighted aggregation: OUT[r, h·D + d] (+)= Σ_q α(q, h) · X[c, h·D + d], for rows
   * [0, rows), D = X.cols / heads. Rows of OUT at or beyond rows are untouched.
   */
  void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x, Matrix out,
      boolean accumulate);

  /**
   * Gradient of {@link #gatAggregate} with respect to α (an SDDMM): dα(q, h) =
   * Σ_d dOut[r, h·D + d] · X[c, h·D + d], for entries of rows [0, rows).
   */
  void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x, float[] dAlpha);

  /**
   * Backward of {@link #gatEdgeSoftmax}: given α and dα, writes dRaw(q, h) = LeakyReLU'(raw) ·
   * α(q, h)·(dα(q, h) − Σ_q' α(q', h)·dα(q', h)) (the gradient of the raw score, which the caller
   * scatters into dSrc[c·H + h]) and dDst[r·H + h] = Σ_q dRaw(q, h), for rows [0, rows). dRaw may
   * be the same array as dAlpha: implementations read every dAlpha(q, h) they need before writing
   * dRaw(q, h), and give the same result in place as into a separate array.
   */
  void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha, float[] dAlpha, float[] dRaw, float[] dDst);
}
