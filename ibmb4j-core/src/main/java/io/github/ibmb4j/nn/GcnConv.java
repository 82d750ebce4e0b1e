package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Graph convolution (Kipf &amp; Welling) as in the reference's {@code MyGCNConv} (§3.3):
 * {@code Y = Â[0:rows] · (X·Wᵀ) + b}, using the batch's normalised adjacency values as given (no
 * self-loop insertion or renormalisation inside the layer: the batch carries the full graph's values).
 *
 * <p><b>Shapes:</b> Â: r × n (r ≥ rows), X: n × in, W: out × in, b: out, Y: rows × out.
 *
 * <p>Forward: a GEMM O(n·in·out) then a row-limited SpMM O(nnz(Â[0:rows])·out). Backward:
 * dH = Â[0:rows]ᵀ·dY by SpMM over the cached transpose (built once per adjacency instance and row
 * count, see {@link AdjacencyCache}), dW += dHᵀ·X, db += Σ dY, dX = dH·W. Deterministic (kernels are
 * thread-count independent); not thread-safe.
 */
public final class GcnConv implements GraphConv {
  private final String prefix;
  private final Parameter weight;
  private final Parameter bias;
  private final AdjacencyCache cache;
  private CsrMatrix adj;
  private int rows;
  private Matrix x;
  private Matrix h;
  private Matrix y;
  private Matrix dh;
  private Matrix dx;

  /**
   * @param prefix name prefix ({@code convs.0} gives {@code convs.0.weight}, {@code convs.0.bias})
   * @param hasBias whether b is added (the paper-era model; dropped at the reference's HEAD)
   * @param decayed weight-decay group of W and b
   * @param cache the model's adjacency cache (shared by its layers)
   */
  public GcnConv(String prefix, int in, int out, boolean hasBias, boolean decayed,
      AdjacencyCache cache, SplittableRandom rnd) {
    this.prefix = prefix;
    this.weight = new Parameter(prefix + ".weight", decayed, out, in);
    Buffers.glorot(weight.values(), in, out, rnd);
    this.bias = hasBias ? new Parameter(prefix + ".bias", decayed, out) : null;
    this.cache = cache;
  }

  @Override
  public int inFeatures() {
    return weight.shape()[1];
  }

  @Override
  public int outFeatures() {
    return weight.shape()[0];
  }

  @Override
  public List<Parameter> parameters() {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public Matrix forward(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.adj = adjacency;
    this.rows = rows;
    this.x = input;
    h = Buffers.ensure(h, input.rows(), outFeatures());
    Kernels.matmulTransB(input, weight.value(), h, false);
    y = Buffers.ensure(y, rows, outFeatures());
    Kernels.spmm(adjacency, rows, h, y, false);
    if (bias != null) {
      Kernels.addRowVector(y, bias.values());
    }
    return y;
  }

  @Override
  public Matrix backward(Matrix gradOut, boolean needInputGrad) {
    if (x == null || gradOut.rows() != rows || gradOut.cols() != outFeatures()) {
      throw new IllegalStateException(prefix + ": backward without matching forward");
    }
    if (bias != null) {
      Kernels.columnSums(gradOut, bias.grads(), true);
    }
    CsrMatrix t = cache.transpose(adj, rows).matrix();
    dh = Buffers.ensure(dh, x.rows(), outFeatures());
    Kernels.spmm(t, t.rows(), gradOut, dh, false);
    Kernels.matmulTransA(dh, x, weight.grad(), true);
    if (!needInputGrad) {
      return null;
    }
    dx = Buffers.ensure(dx, x.rows(), inFeatures());
    Kernels.matmul(dh, weight.value(), dx, false);
    return dx;
  }
}
