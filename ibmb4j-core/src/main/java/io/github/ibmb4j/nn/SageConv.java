package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GraphSAGE convolution with mean aggregation as in the reference's {@code MySAGEConv} (§3.3):
 * {@code Y = lin_l(M·X) + lin_r(X[0:rows])}, where M is the adjacency's <em>structure</em> with
 * weight 1/(row length) (values ignored; the self-loop is part of the structure after preprocessing),
 * restricted to rows [0, rows). {@code lin_l} has a bias, {@code lin_r} none; no output normalisation.
 *
 * <p><b>Shapes:</b> A: r × n (r ≥ rows), X: n × in, W_l, W_r: out × in, b_l: out, Y: rows × out.
 *
 * <p>Forward: SpMM O(nnz·in) then two GEMMs O(rows·in·out). Backward: dW_l += dYᵀ·(MX),
 * dW_r += dYᵀ·X_root, dX = Mᵀ·(dY·W_l) + pad(dY·W_r) with Mᵀ cached per adjacency instance.
 * Deterministic; not thread-safe.
 */
public final class SageConv implements GraphConv {
  private final String prefix;
  private final Parameter weightL;
  private final Parameter biasL;
  private final Parameter weightR;
  private final AdjacencyCache cache;
  private final Workspace ws;
  private CsrMatrix adj;
  private int rows;
  private Matrix x;
  private Matrix agg;
  private Matrix y;

  /**
   * @param prefix name prefix ({@code convs.0} gives {@code convs.0.lin_l.weight},
   *     {@code convs.0.lin_l.bias}, {@code convs.0.lin_r.weight})
   */
  public SageConv(String prefix, int in, int out, boolean decayed, AdjacencyCache cache,
      SplittableRandom rnd) {
    this(prefix, in, out, decayed, cache, new Workspace(), rnd);
  }

  /**
   * @param prefix name prefix (as above)
   * @param workspace the model's workspace (shared by its layers) for gradients and temporaries
   */
  public SageConv(String prefix, int in, int out, boolean decayed, AdjacencyCache cache,
      Workspace workspace, SplittableRandom rnd) {
    this.prefix = prefix;
    weightL = new Parameter(prefix + ".lin_l.weight", decayed, out, in);
    biasL = new Parameter(prefix + ".lin_l.bias", decayed, out);
    weightR = new Parameter(prefix + ".lin_r.weight", decayed, out, in);
    Buffers.glorot(weightL.values(), in, out, rnd);
    Buffers.glorot(weightR.values(), in, out, rnd);
    this.cache = cache;
    this.ws = workspace;
  }

  @Override
  public int inFeatures() {
    return weightL.shape()[1];
  }

  @Override
  public int outFeatures() {
    return weightL.shape()[0];
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weightL, biasL, weightR);
  }

  @Override
  public Matrix forward(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.adj = adjacency;
    this.rows = rows;
    this.x = input;
    agg = Buffers.ensure(agg, rows, inFeatures()); // kept: backward needs M·X for dW_l
    y = Buffers.ensure(y, rows, outFeatures());
    compute(adjacency, rows, input, agg, y);
    return y;
  }

  @Override
  public Matrix infer(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.x = null; // no backward after an inference forward
    Matrix a = ws.take(rows, inFeatures(), input);
    Matrix result = ws.take(rows, outFeatures(), input, a);
    compute(adjacency, rows, input, a, result);
    return result;
  }

  private void compute(CsrMatrix adjacency, int rows, Matrix input, Matrix a, Matrix out) {
    Kernels.spmm(cache.mean(adjacency), rows, input, a, false);
    Kernels.matmulTransB(a, weightL.value(), out, false);
    Kernels.matmulTransB(root(input, rows), weightR.value(), out, true);
    Kernels.addRowVector(out, biasL.values());
  }

  /** X[0:rows], the root term's input: a view of the front of X's array (no copy). */
  private Matrix root(Matrix input, int rows) {
    return rows == input.rows() ? input : Matrix.view(input.data(), rows, input.cols());
  }

  @Override
  public void releaseBuffers() {
    x = null;
    adj = null;
    agg = null;
    y = null;
    ws.release();
  }

  @Override
  public Matrix backward(Matrix gradOut, boolean needInputGrad) {
    if (x == null || gradOut.rows() != rows || gradOut.cols() != outFeatures()) {
      throw new IllegalStateException(prefix + ": backward without matching forward");
    }
    Kernels.matmulTransA(gradOut, agg, weightL.grad(), true);
    Kernels.columnSums(gradOut, biasL.grads(), true);
    Kernels.matmulTransA(gradOut, root(x, rows), weightR.grad(), true);
    if (!needInputGrad) {
      return null;
    }
    int in = inFeatures();
    Matrix dAgg = ws.take(rows, in, gradOut);
    Kernels.matmul(gradOut, weightL.value(), dAgg, false);
    Matrix dRoot = ws.take(rows, in, gradOut, dAgg);
    Kernels.matmul(gradOut, weightR.value(), dRoot, false);
    CsrMatrix mt = cache.meanTranspose(adj, rows);
    Matrix dx = ws.take(x.rows(), in, dAgg, dRoot); // gradOut is dead
    Kernels.spmm(mt, mt.rows(), dAgg, dx, false);
    Kernels.axpy(rows * in, 1f, dRoot.data(), 0, dx.data(), 0);
    return dx;
  }
}
