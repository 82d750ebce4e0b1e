package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training, every element is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p); in evaluation it is the identity (the input itself is returned).
 *
 * <p><b>Shapes:</b> X: n × d, Y: n × d; {@link #forward} writes Y into an own buffer (so the
 * preceding activation's output is kept), {@link #forwardInPlace} over X.
 *
 * <p>Randomness: one {@code nextLong()} is drawn from the caller's generator per forward; row chunk c
 * of a fixed chunking draws its mask from a generator seeded by that value and c, so the mask depends
 * only on the seed and the shape, never on the thread count. The mask is not stored: backward draws
 * it again from the same seed (a mask of n·d floats would cost as much memory as the activations), and
 * after a ReLU the dropped output itself says where the gradient passes
 * ({@link #backwardThroughRelu}). O(n·d). Not thread-safe.
 */
public final class Dropout {
  private final float p;
  private float[] fixedMask;
  private long seed;
  private Matrix y;
  private Matrix out;
  private boolean active;

  /** @param p drop probability in [0, 1) */
  public Dropout(float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout probability " + p + " is outside [0, 1)");
    }
    this.p = p;
  }

  public float probability() {
    return p;
  }

  /** Applies dropout when {@code training} (drawing the mask from {@code rnd}), else returns x. */
  public Matrix forward(Matrix input, boolean training, SplittableRandom rnd) {
    if (!start(input, training)) {
      return input;
    }
    y = Buffers.ensure(y, input.rows(), input.cols());
    apply(input, y, rnd);
    return y;
  }

  /**
   * As {@link #forward}, but overwrites {@code input} with the result (no buffer). Only for an input
   * whose producer's backward does not need it, e.g. a ReLU output (see {@link #backwardThroughRelu}).
   */
  public Matrix forwardInPlace(Matrix input, boolean training, SplittableRandom rnd) {
    if (start(input, training)) {
      apply(input, input, rnd);
    }
    return input;
  }

  /** Records the call; returns whether dropout is applied. */
  private boolean start(Matrix input, boolean training) {
    fixedMask = null;
    active = training && p > 0f;
    out = input;
    return active;
  }

  private void apply(Matrix input, Matrix output, SplittableRandom rnd) {
    seed = rnd.nextLong();
    out = output;
    // One pass per row chunk draws the mask and applies it (the kernel reproduces the chunk
    // generator's nextDouble() stream exactly, 8 lanes at a time where the hardware allows).
    draw(input.data(), output.data(), input.rows(), input.cols());
  }

  /** out = in ⊙ mask over n × d elements, the mask drawn from {@link #seed} (in may be out). */
  private void draw(float[] in, float[] output, int n, int d) {
    long s = seed;
    double drop = p;
    float keep = keep();
    Parallel.forRanges(n, Buffers.chunks(n), (c, from, to) -> Kernels.dropout(
        s ^ (0x9E3779B97F4A7C15L * (c + 1)), drop, keep, in, output, null, from * d, to * d));
  }

  private float keep() {
    return 1f / (1f - p);
  }

  /**
   * Applies a given mask (values 0 or 1/(1 − p), length ≥ n·d) instead of a random one; for tests and
   * for replaying a recorded mask. The mask is kept (by reference) for backward.
   */
  public Matrix forwardWithMask(Matrix input, float[] mask) {
    if (mask.length < input.rows() * input.cols()) {
      throw new IllegalArgumentException("dropout mask has " + mask.length
          + " elements, expected " + input.rows() * input.cols());
    }
    active = true;
    fixedMask = mask;
    y = Buffers.ensure(y, input.rows(), input.cols());
    System.arraycopy(input.data(), 0, y.data(), 0, y.size());
    Kernels.multiply(y.size(), y.data(), mask);
    out = y;
    return y;
  }

  /** dX = dY ⊙ mask, in place on {@code grad} (identity in evaluation). */
  public Matrix backward(Matrix grad) {
    check(grad);
    if (active) {
      if (fixedMask != null) {
        Kernels.multiply(grad.size(), grad.data(), fixedMask);
      } else {
        draw(grad.data(), grad.data(), grad.rows(), grad.cols());
      }
    }
    return grad;
  }

  /**
   * Back-propagates through a ReLU followed by this dropout applied with {@link #forwardInPlace} (or
   * inactive) over the ReLU's output, in one pass and without the mask: dX = dY·1/(1 − p) where the
   * dropped output is positive, else 0 (or ReLU's backward alone when dropout was inactive). A kept
   * element is its ReLU output times 1/(1 − p) &gt; 0, so it is positive exactly where both the ReLU
   * and the mask pass the gradient. This equals the ReLU backward of {@link #backward}'s result,
   * except that a dropped element where ReLU was positive gets +0 instead of dY·0 (−0 for a negative
   * dY); every later sum treats both zeros alike.
   */
  public Matrix backwardThroughRelu(Matrix grad) {
    check(grad);
    if (fixedMask != null) {
      throw new IllegalStateException("dropout: backwardThroughRelu after forwardWithMask");
    }
    if (active) {
      Kernels.dropoutReluBackward(out, grad, keep());
    } else {
      Kernels.reluBackward(out, grad);
    }
    return grad;
  }

  /** Drops the output buffer and the reference to the last output. */
  public void releaseBuffers() {
    y = null;
    out = null;
    fixedMask = null;
  }

  private void check(Matrix grad) {
    if (out == null || grad.rows() != out.rows() || grad.cols() != out.cols()) {
      throw new IllegalStateException("dropout: backward without matching forward");
    }
  }
}
