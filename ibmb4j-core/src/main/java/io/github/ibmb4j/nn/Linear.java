package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer, {@code Y = X·Wᵀ + b} (PyTorch's {@code nn.Linear} layout: W is out × in).
 *
 * <p><b>Shapes:</b> X: n × in, W: out × in, b: out, Y: n × out.
 *
 * <p>Initialisation: Glorot-uniform W from the given seeded generator, b = 0. Forward O(n·in·out) via
 * {@code matmulTransB}; backward dW += dYᵀ·X, db += Σ_rows dY, dX = dY·W. Keeps a reference to X and
 * its own output buffer (reused while the shape recurs); {@link #infer} writes into the workspace and
 * dX is a workspace matrix (see {@link Workspace}). Deterministic; not thread-safe.
 */
public final class Linear {
  private final Parameter weight;
  private final Parameter bias;
  private final Workspace ws;
  private Matrix x;
  private Matrix y;

  /**
   * @param prefix name prefix, e.g. {@code "lin"} gives {@code lin.weight}, {@code lin.bias}
   * @param decayed whether weight decay applies to W and b
   */
  public Linear(String prefix, int in, int out, boolean hasBias, boolean decayed,
      SplittableRandom rnd) {
    this(prefix, in, out, hasBias, decayed, new Workspace(), rnd);
  }

  /**
   * @param prefix name prefix, e.g. {@code "lin"} gives {@code lin.weight}, {@code lin.bias}
   * @param decayed whether weight decay applies to W and b
   * @param workspace the model's workspace (shared by its layers)
   */
  public Linear(String prefix, int in, int out, boolean hasBias, boolean decayed,
      Workspace workspace, SplittableRandom rnd) {
    ws = workspace;
    weight = new Parameter(prefix + ".weight", decayed, out, in);
    Buffers.glorot(weight.values(), in, out, rnd);
    bias = hasBias ? new Parameter(prefix + ".bias", decayed, out) : null;
  }

  public int inFeatures() {
    return weight.shape()[1];
  }

  public int outFeatures() {
    return weight.shape()[0];
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  public List<Parameter> parameters() {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }

  /** Y = X·Wᵀ + b; the returned buffer is overwritten by the next forward. */
  public Matrix forward(Matrix input) {
    checkInput(input);
    x = input;
    y = Buffers.ensure(y, input.rows(), outFeatures());
    compute(input, y);
    return y;
  }

  /** Inference forward: Y as {@link #forward} computes it, in a workspace matrix; keeps nothing. */
  public Matrix infer(Matrix input) {
    checkInput(input);
    x = null;
    Matrix out = ws.take(input.rows(), outFeatures(), input);
    compute(input, out);
    return out;
  }

  /** Drops the kept output and input reference. */
  public void releaseBuffers() {
    x = null;
    y = null;
  }

  private void checkInput(Matrix input) {
    if (input.cols() != inFeatures()) {
      throw new IllegalArgumentException(
          weight.name() + ": input has " + input.cols() + " columns, expected " + inFeatures());
    }
  }

  private void compute(Matrix input, Matrix out) {
    Kernels.matmulTransB(input, weight.value(), out, false);
    if (bias != null) {
      Kernels.addRowVector(out, bias.values());
    }
  }

  /**
   * Accumulates dW, db and returns dX (null when {@code needInputGrad} is false; else a workspace
   * matrix).
   *
   * @param gradOut dY, n × out, same shape as the last forward's output
   */
  public Matrix backward(Matrix gradOut, boolean needInputGrad) {
    if (x == null || gradOut.rows() != x.rows() || gradOut.cols() != outFeatures()) {
      throw new IllegalStateException(weight.name() + ": backward without matching forward");
    }
    Kernels.matmulTransA(gradOut, x, weight.grad(), true);
    if (bias != null) {
      Kernels.columnSums(gradOut, bias.grads(), true);
    }
    if (!needInputGrad) {
      return null;
    }
    Matrix dx = ws.take(x.rows(), inFeatures(), gradOut);
    Kernels.matmul(gradOut, weight.value(), dx, false);
    return dx;
  }
}
