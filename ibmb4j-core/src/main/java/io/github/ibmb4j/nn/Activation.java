package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Locale;

/**
 * Element-wise activations applied <em>in place</em>: {@code ReLU(x) = max(x, 0)} and
 * {@code ELU(x) = x > 0 ? x : α(eˣ − 1)} with α = 1. The backward pass reads the activation's output,
 * so the matrix returned by {@link #forward} must not be modified before {@link #backward} (the models
 * therefore give Dropout its own buffer after ELU; after ReLU they apply dropout in place and
 * back-propagate through both with {@link Dropout#backwardThroughRelu}).
 *
 * <p><b>Shapes:</b> any n × d, unchanged. O(n·d). Deterministic; not thread-safe.
 */
public final class Activation {
  /** The supported functions. */
  public enum Kind {
    RELU,
    ELU;

    /** Parses "relu" / "elu" (case-insensitive). */
    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("activation '" + s + "' is unknown, expected relu or elu");
      }
    }

    /** Lower-case name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final float ELU_ALPHA = 1f;
  private final Kind kind;
  private Matrix out;

  public Activation(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Applies the activation to {@code x} in place and returns it. */
  public Matrix forward(Matrix x) {
    apply(x);
    out = x;
    return x;
  }

  /**
   * Applies the activation to {@code x} in place for an inference forward: the same values as
   * {@link #forward}, but nothing is recorded for backward.
   */
  public Matrix infer(Matrix x) {
    apply(x);
    return x;
  }

  /** Forgets the recorded output. */
  public void releaseBuffers() {
    out = null;
  }

  private void apply(Matrix x) {
    if (kind == Kind.RELU) {
      Kernels.relu(x, x);
    } else {
      Kernels.elu(x, x, ELU_ALPHA);
    }
  }

  /** Multiplies {@code grad} in place by the derivative (from the saved output) and returns it. */
  public Matrix backward(Matrix grad) {
    if (out == null) {
      throw new IllegalStateException(kind.id() + ": backward without forward");
    }
    if (kind == Kind.RELU) {
      Kernels.reluBackward(out, grad);
    } else {
      Kernels.eluBackward(out, grad, ELU_ALPHA);
    }
    return grad;
  }
}
