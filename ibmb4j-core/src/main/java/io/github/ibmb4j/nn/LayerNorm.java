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
 * <p>O(n·dim) forward and backward; keeps a reference to X and the per-row μ and 1/σ (grow-only
 * arrays). γ = 1, β = 0 initially. Deterministic; not thread-safe.
 */
public final class LayerNorm {
  /** PyTorch's default ε. */
  public static final float EPS = 1e-5f;

  private final Parameter gamma;
  private final Parameter beta;
  private Matrix x;
  private Matrix y;
  private Matrix dx;
  private float[] mean;
  private float[] rstd;

  /**
   * @param prefix name prefix ({@code norms.0} gives {@code norms.0.weight}, {@code norms.0.bias})
   * @param decayed weight-decay group
   */
  public LayerNorm(String prefix, int dim, boolean decayed) {
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
    if (input.cols() != dim()) {
      throw new IllegalArgumentException(gamma.name() + ": input has " + input.cols()
          + " columns, expected " + dim());
    }
    x = input;
    y = Buffers.ensure(y, input.rows(), dim());
    mean = Buffers.ensure(mean, input.rows());
    rstd = Buffers.ensure(rstd, input.rows());
    Kernels.layerNorm(input, gamma.values(), beta.values(), EPS, y, mean, rstd);
    return y;
  }

  /** Accumulates dγ, dβ and returns dX. */
  public Matrix backward(Matrix gradOut) {
    if (x == null || gradOut.rows() != x.rows() || gradOut.cols() != dim()) {
      throw new IllegalStateException(gamma.name() + ": backward without matching forward");
    }
    dx = Buffers.ensure(dx, x.rows(), dim());
    Kernels.layerNormBackward(x, gradOut, gamma.values(), mean, rstd, dx, gamma.grads(),
        beta.grads());
    return dx;
  }
}
