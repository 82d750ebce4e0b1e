package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.List;

/**
 * Row-wise layer normalisation with affine parameters (PyTorch {@code nn.LayerNorm(dim)}):
 * {@code y = (x − μ_r) / sqrt(σ²_r + ε) · γ + β} with the biased variance over the row and ε = 1e-5.
 *
 * <p><b>Shapes:</b> X: n × dim, γ (weight), β (bias): dim, Y: n × dim.
 *
 * <p>O(n·dim) forward and backward; keeps a reference to X, its output Y and the per-row μ and 1/σ
 * (grow-only arrays). Backward writes dX over a transient dY (see {@link Workspace}), else into a
 * workspace matrix; {@link #infer} normalises a transient input in place. γ = 1, β = 0 initially.
 * Deterministic; not thread-safe.
 */
public final class LayerNorm {
  /** PyTorch's default ε. */
  public static final float EPS = 1e-5f;

  private final Parameter gamma;
  private final Parameter beta;
  private final Workspace ws;
  private Matrix x;
  private Matrix y;
  private float[] mean;
  private float[] rstd;

  /**
   * @param prefix name prefix ({@code norms.0} gives {@code norms.0.weight}, {@code norms.0.bias})
   * @param decayed weight-decay group
   */
  public LayerNorm(String prefix, int dim, boolean decayed) {
    this(prefix, dim, decayed, new Workspace());
  }

  /**
   * @param prefix name prefix ({@code norms.0} gives {@code norms.0.weight}, {@code norms.0.bias})
   * @param decayed weight-decay group
   * @param workspace the model's workspace (shared by its layers)
   */
  public LayerNorm(String prefix, int dim, boolean decayed, Workspace workspace) {
    ws = workspace;
    gamma = new Parameter(prefix + ".weight", decayed, dim);
    beta = new Parameter(prefix + ".bias", decayed, dim);
    Arrays.fill(gamma.values(), 1f);
  }

  public int dim() {
    return gamma.size();
  }

  public List<Parameter> parameters() {
    return List.of(gamma, beta);
  }

  /** Normalises every row; the returned buffer is overwritten by the next forward. */
  public Matrix forward(Matrix input) {
    checkInput(input);
    x = input;
    y = Buffers.ensure(y, input.rows(), dim());
    mean = Buffers.ensure(mean, input.rows());
    rstd = Buffers.ensure(rstd, input.rows());
    Kernels.layerNorm(input, gamma.values(), beta.values(), EPS, y, mean, rstd);
    return y;
  }

  /**
   * Inference forward: the same values as {@link #forward}, written over a transient input (else into
   * a workspace matrix); nothing is kept for backward.
   */
  public Matrix infer(Matrix input) {
    checkInput(input);
    x = null;
    Matrix out = ws.owns(input) ? input : ws.take(input.rows(), dim(), input);
    mean = Buffers.ensure(mean, input.rows()); // 2 floats per row, kept for reuse
    rstd = Buffers.ensure(rstd, input.rows());
    Kernels.layerNorm(input, gamma.values(), beta.values(), EPS, out, mean, rstd);
    return out;
  }

  /** Drops the kept output and statistics (reallocated by the next forward). */
  public void releaseBuffers() {
    x = null;
    y = null;
    mean = null;
    rstd = null;
  }

  private void checkInput(Matrix input) {
    if (input.cols() != dim()) {
      throw new IllegalArgumentException(gamma.name() + ": input has " + input.cols()
          + " columns, expected " + dim());
    }
  }

  /** Accumulates dγ, dβ and returns dX (over a transient {@code gradOut}, else a workspace matrix). */
  public Matrix backward(Matrix gradOut) {
    if (x == null || gradOut.rows() != x.rows() || gradOut.cols() != dim()) {
      throw new IllegalStateException(gamma.name() + ": backward without matching forward");
    }
    Matrix dx = ws.owns(gradOut) ? gradOut : ws.take(x.rows(), dim(), gradOut);
    Kernels.layerNormBackward(x, gradOut, gamma.values(), mean, rstd, dx, gamma.grads(),
        beta.grads());
    return dx;
  }
}
