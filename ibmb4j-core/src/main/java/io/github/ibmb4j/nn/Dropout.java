package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training, every element is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p); in evaluation it is the identity (the input itself is returned).
 *
 * <p><b>Shapes:</b> X: n × d, Y: n × d (own buffer, so the preceding activation's output is kept).
 *
 * <p>Randomness: one {@code nextLong()} is drawn from the caller's generator per forward; row chunk c
 * of a fixed chunking draws its mask from a generator seeded by that value and c, so the mask depends
 * only on the seed and the shape, never on the thread count. O(n·d). Not thread-safe.
 */
public final class Dropout {
  private final float p;
  private float[] mask;
  private float[] ownMask;
  private Matrix y;
  private Matrix x;
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
    x = input;
    active = training && p > 0f;
    if (!active) {
      return input;
    }
    int n = input.rows();
    int d = input.cols();
    ownMask = Buffers.ensure(ownMask, n * d);
    mask = ownMask; // never write into a mask handed to forwardWithMask
    long seed = rnd.nextLong();
    float keep = 1f / (1f - p);
    float[] m = mask;
    double drop = p;
    y = Buffers.ensure(y, n, d);
    float[] in = input.data();
    float[] out = y.data();
    int chunks = Buffers.chunks(n);
    // One pass per row chunk draws the mask and applies it (the kernel reproduces the chunk
    // generator's nextDouble() stream exactly, 8 lanes at a time where the hardware allows).
    Parallel.forRanges(n, chunks, (c, from, to) -> Kernels.dropout(
        seed ^ (0x9E3779B97F4A7C15L * (c + 1)), drop, keep, in, out, m, from * d, to * d));
    return y;
  }

  /**
   * Applies a given mask (values 0 or 1/(1 − p), length ≥ n·d) instead of a random one; for tests and
   * for replaying a recorded mask.
   */
  public Matrix forwardWithMask(Matrix input, float[] fixedMask) {
    if (fixedMask.length < input.rows() * input.cols()) {
      throw new IllegalArgumentException("dropout mask has " + fixedMask.length
          + " elements, expected " + input.rows() * input.cols());
    }
    x = input;
    active = true;
    mask = fixedMask;
    return applyMask(input);
  }

  private Matrix applyMask(Matrix input) {
    y = Buffers.ensure(y, input.rows(), input.cols());
    System.arraycopy(input.data(), 0, y.data(), 0, y.size());
    Kernels.multiply(y.size(), y.data(), mask);
    return y;
  }

  /** dX = dY ⊙ mask, in place on {@code grad} (identity in evaluation). */
  public Matrix backward(Matrix grad) {
    if (x == null || grad.rows() != x.rows() || grad.cols() != x.cols()) {
      throw new IllegalStateException("dropout: backward without matching forward");
    }
    if (active) {
      Kernels.multiply(grad.size(), grad.data(), mask);
    }
    return grad;
  }
}
