package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;

/**
 * Row-wise log-softmax {@code y_rc = x_rc − log Σ_k exp(x_rk)}, the models' last step.
 *
 * <p><b>Shapes:</b> X: n × C, Y: n × C.
 *
 * <p>Backward: {@code dX_rc = dY_rc − exp(y_rc)·Σ_k dY_rk}, a scalar loop parallel over rows (each row
 * is independent, so results do not depend on the thread count; not yet a {@code tensor.Kernels}
 * primitive). O(n·C). Not thread-safe.
 */
public final class LogSoftmax {
  private Matrix y;
  private Matrix dx;

  /** Returns log-softmax of every row in an own buffer. */
  public Matrix forward(Matrix x) {
    y = Buffers.ensure(y, x.rows(), x.cols());
    Kernels.logSoftmaxRows(x, y);
    return y;
  }

  /** Returns dX given dY. */
  public Matrix backward(Matrix grad) {
    if (y == null || grad.rows() != y.rows() || grad.cols() != y.cols()) {
      throw new IllegalStateException("log-softmax: backward without matching forward");
    }
    dx = Buffers.ensure(dx, y.rows(), y.cols());
    backward(y, grad, dx);
    return dx;
  }

  /** dX = dY − exp(Y)·rowsum(dY), given the forward output Y; dx may alias dy. */
  public static void backward(Matrix y, Matrix dy, Matrix dx) {
    int c = y.cols();
    float[] Y = y.data();
    float[] G = dy.data();
    float[] D = dx.data();
    Parallel.forRanges(y.rows(), Buffers.chunks(y.rows()), (chunk, from, to) -> {
      for (int r = from; r < to; r++) {
        int o = r * c;
        double s = 0;
        for (int j = 0; j < c; j++) {
          s += G[o + j];
        }
        float sum = (float) s;
        for (int j = 0; j < c; j++) {
          D[o + j] = G[o + j] - (float) Math.exp(Y[o + j]) * sum;
        }
      }
    });
  }
}
