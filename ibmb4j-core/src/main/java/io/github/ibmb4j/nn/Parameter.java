package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;

/**
 * A trainable tensor: a name (the checkpoint key, e.g. {@code convs.0.weight}), a shape, its values and
 * the accumulated gradient, plus whether the optimiser's weight decay applies to it (the parameter's
 * weight-decay group, §1.8 of docs/algorithm.md).
 *
 * <p>Values and gradients are flat row-major float arrays exposed for kernels and optimisers; a
 * parameter of shape [d0, d1, ...] is viewed as a d0 × (d1·…) matrix by {@link #value()} /
 * {@link #grad()}. Not thread-safe.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final float[] value;
  private final float[] grad;
  private final Matrix valueView;
  private final Matrix gradView;
  private boolean decayed;

  /**
   * @param name checkpoint key
   * @param decayed whether weight decay applies
   * @param shape dimensions, each ≥ 1
   */
  public Parameter(String name, boolean decayed, int... shape) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("parameter " + name + " needs at least one dimension");
    }
    long size = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "parameter " + name + " has dimension " + d + " in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("parameter " + name + " is too large: " + size);
    }
    this.name = name;
    this.shape = shape.clone();
    this.value = new float[(int) size];
    this.grad = new float[(int) size];
    this.decayed = decayed;
    int rows = shape[0];
    int cols = (int) (size / rows);
    this.valueView = new Matrix(rows, cols, value);
    this.gradView = new Matrix(rows, cols, grad);
  }

  public String name() {
    return name;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return value.length;
  }

  /** The values (live array). */
  public float[] values() {
    return value;
  }

  /** The accumulated gradient (live array). */
  public float[] grads() {
    return grad;
  }

  /** The values as a shape[0] × rest matrix sharing the array. */
  public Matrix value() {
    return valueView;
  }

  /** The gradient as a shape[0] × rest matrix sharing the array. */
  public Matrix grad() {
    return gradView;
  }

  /** Whether weight decay applies to this parameter. */
  public boolean decayed() {
    return decayed;
  }

  /** Moves the parameter into or out of the weight-decay group. */
  public void setDecayed(boolean decayed) {
    this.decayed = decayed;
  }

  /** Sets the gradient to zero. */
  public void zeroGrad() {
    Arrays.fill(grad, 0f);
  }

  @Override
  public String toString() {
    return "Parameter[" + name + " " + Arrays.toString(shape) + (decayed ? ", decayed" : "") + "]";
  }
}
