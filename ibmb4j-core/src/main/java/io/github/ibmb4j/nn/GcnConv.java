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
 * <p>The product is evaluated in the cheaper order for the shapes at hand: <em>transform first</em>
 * (the reference's order: H = X·Wᵀ for all n rows, O(n·in·out), then the row-limited SpMM
 * O(nnz_rows·out)) or <em>propagate first</em> (A = Â[0:rows]·X, O(nnz_rows·in), then A·Wᵀ,
 * O(rows·in·out)), which wins on a last layer whose output rows are a fraction of the batch. Both are
 * the same linear map; they differ only in float rounding. The choice depends only on the shapes, so
 * results stay deterministic. Backward mirrors the order: dH = Â[0:rows]ᵀ·dY (SpMM over the cached
 * transpose, built once per adjacency instance and row count, see {@link AdjacencyCache}),
 * dW += dHᵀ·X, dX = dH·W; or dW += dYᵀ·A, dA = dY·W, dX = Â[0:rows]ᵀ·dA; db += Σ dY. Not thread-safe.
 */
public final class GcnConv implements GraphConv {
  private final String prefix;
  private final Parameter weight;
  private final Parameter bias;
  private final AdjacencyCache cache;
  private final Workspace ws;
  private CsrMatrix adj;
  private int rows;
  private Matrix x;
  private Matrix y;
  private Matrix agg;
  private boolean propagateFirst;

  /**
   * @param prefix name prefix ({@code convs.0} gives {@code convs.0.weight}, {@code convs.0.bias})
   * @param hasBias whether b is added (the paper-era model; dropped at the reference's HEAD)
   * @param decayed weight-decay group of W and b
   * @param cache the model's adjacency cache (shared by its layers)
   */
  public GcnConv(String prefix, int in, int out, boolean hasBias, boolean decayed,
      AdjacencyCache cache, SplittableRandom rnd) {
    this(prefix, in, out, hasBias, decayed, cache, new Workspace(), rnd);
  }

  /**
   * @param prefix name prefix ({@code convs.0} gives {@code convs.0.weight}, {@code convs.0.bias})
   * @param hasBias whether b is added (the paper-era model; dropped at the reference's HEAD)
   * @param decayed weight-decay group of W and b
   * @param cache the model's adjacency cache (shared by its layers)
   * @param workspace the model's workspace (shared by its layers) for gradients and temporaries
   */
  public GcnConv(String prefix, int in, int out, boolean hasBias, boolean decayed,
      AdjacencyCache cache, Workspace workspace, SplittableRandom rnd) {
    this.prefix = prefix;
    this.weight = new Parameter(prefix + ".weight", decayed, out, in);
    Buffers.glorot(weight.values(), in, out, rnd);
    this.bias = hasBias ? new Parameter(prefix + ".bias", decayed, out) : null;
    this.cache = cache;
    this.ws = workspace;
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

  /** Whether the last forward aggregated before transforming (see the class comment). */
  boolean propagatedFirst() {
    return propagateFirst;
  }

  @Override
  public Matrix forward(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.adj = adjacency;
    this.rows = rows;
    this.x = input;
    int out = outFeatures();
    propagateFirst = choosePropagateFirst(adjacency, rows, input);
    y = Buffers.ensure(y, rows, out);
    if (propagateFirst) {
      // A = Â·X is kept: backward needs it for dW.
      agg = Buffers.ensure(agg, rows, inFeatures());
      Kernels.spmm(adjacency, rows, input, agg, false);
      Kernels.matmulTransB(agg, weight.value(), y, false);
    } else {
      agg = null;
      // H = X·Wᵀ is dead after the SpMM (backward does not need it): a transient matrix.
      Matrix h = ws.take(input.rows(), out, input);
      Kernels.matmulTransB(input, weight.value(), h, false);
      Kernels.spmm(adjacency, rows, h, y, false);
    }
    if (bias != null) {
      Kernels.addRowVector(y, bias.values());
    }
    return y;
  }

  @Override
  public Matrix infer(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.x = null; // no backward after an inference forward
    int out = outFeatures();
    Matrix result;
    if (choosePropagateFirst(adjacency, rows, input)) {
      Matrix a = ws.take(rows, inFeatures(), input);
      Kernels.spmm(adjacency, rows, input, a, false);
      result = ws.take(rows, out, a);
      Kernels.matmulTransB(a, weight.value(), result, false);
    } else {
      Matrix h = ws.take(input.rows(), out, input);
      Kernels.matmulTransB(input, weight.value(), h, false);
      result = ws.take(rows, out, h);
      Kernels.spmm(adjacency, rows, h, result, false);
    }
    if (bias != null) {
      Kernels.addRowVector(result, bias.values());
    }
    return result;
  }

  /** Whether aggregating first costs fewer multiply-adds (a function of the shapes only). */
  private boolean choosePropagateFirst(CsrMatrix adjacency, int rows, Matrix input) {
    int in = inFeatures();
    int out = outFeatures();
    long nnz = adjacency.rowPtr()[rows];
    long transformFirst = (long) input.rows() * in * out + nnz * out;
    long propagateFirstCost = nnz * in + (long) rows * in * out;
    return propagateFirstCost < transformFirst;
  }

  @Override
  public void releaseBuffers() {
    x = null;
    adj = null;
    y = null;
    agg = null;
    ws.release();
  }

  @Override
  public Matrix backward(Matrix gradOut, boolean needInputGrad) {
    if (x == null || gradOut.rows() != rows || gradOut.cols() != outFeatures()) {
      throw new IllegalStateException(prefix + ": backward without matching forward");
    }
    if (bias != null) {
      Kernels.columnSums(gradOut, bias.grads(), true);
    }
    CsrMatrix t = cache.transposeMatrix(adj, rows);
    if (propagateFirst) {
      Kernels.matmulTransA(gradOut, agg, weight.grad(), true);
      if (!needInputGrad) {
        return null;
      }
      Matrix dAgg = ws.take(rows, inFeatures(), gradOut);
      Kernels.matmul(gradOut, weight.value(), dAgg, false);
      Matrix dx = ws.take(x.rows(), inFeatures(), dAgg);
      Kernels.spmm(t, t.rows(), dAgg, dx, false);
      return dx;
    }
    Matrix dh = ws.take(x.rows(), outFeatures(), gradOut);
    Kernels.spmm(t, t.rows(), gradOut, dh, false);
    Kernels.matmulTransA(dh, x, weight.grad(), true);
    if (!needInputGrad) {
      return null;
    }
    // gradOut is dead: dX may reuse its array if it is transient.
    Matrix dx = ws.take(x.rows(), inFeatures(), dh);
    Kernels.matmul(dh, weight.value(), dx, false);
    return dx;
  }
}
