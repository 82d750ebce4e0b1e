package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;

/**
 * A graph convolution over a batch adjacency whose rows are targets and columns sources (§1.5 of the
 * reference): it reads all {@code adj.cols()} input rows and computes only the first {@code rows}
 * target rows (the output nodes on the last layer, or a bipartite block's targets).
 */
public interface GraphConv {

  /**
   * Computes rows [0, rows) of the layer output.
   *
   * @param adj adjacency, r × n with r ≥ rows; rows are targets, columns sources
   * @param rows number of target rows to compute
   * @param x input features, n × in (n = adj.cols())
   * @return rows × out; the buffer is overwritten by the next forward
   */
  Matrix forward(CsrMatrix adj, int rows, Matrix x);

  /**
   * Inference forward: the same rows × out result as {@link #forward}, bit for bit, but nothing is
   * kept for a backward pass (which must not follow). Layers with a {@link Workspace} compute in it, so
   * the result is a transient workspace matrix, and an {@code x} that is itself transient may be
   * overwritten. The default runs {@link #forward}.
   */
  default Matrix infer(CsrMatrix adj, int rows, Matrix x) {
    return forward(adj, rows, x);
  }

  /**
   * Drops the buffers kept between passes (activations for backward, grow-only outputs); they are
   * reallocated on the next forward. A backward must not follow before the next forward. The default
   * keeps everything.
   */
  default void releaseBuffers() {}

  /**
   * Back-propagates {@code gradOut} (rows × out) through the last forward: accumulates the parameter
   * gradients and returns dX (n × in), or null when {@code needInputGrad} is false. A transient
   * {@code gradOut} (see {@link Workspace}) may be overwritten, and dX may be transient.
   */
  Matrix backward(Matrix gradOut, boolean needInputGrad);

  /** Input feature dimension. */
  int inFeatures();

  /** Output feature dimension. */
  int outFeatures();

  /** Trainable parameters, in checkpoint order. */
  List<Parameter> parameters();

  /** Checks the common shape contract. */
  static void checkShapes(String name, CsrMatrix adj, int rows, Matrix x, int in) {
    if (rows < 0 || rows > adj.rows()) {
      throw new IllegalArgumentException(
          name + ": rows " + rows + " outside [0, " + adj.rows() + "] of the adjacency");
    }
    if (x.rows() != adj.cols()) {
      throw new IllegalArgumentException(name + ": input has " + x.rows()
          + " rows but the adjacency has " + adj.cols() + " columns");
    }
    if (x.cols() != in) {
      throw new IllegalArgumentException(
          name + ": input has " + x.cols() + " columns, expected " + in);
    }
  }
}
