package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;

/**
 * Negative log-likelihood over the output rows (§1.8 of docs/algorithm.md, {@code nll_loss} after
 * {@code log_softmax}): {@code L = −Σ_i w_i · logP[i, y_i]} with {@code w_i = 1/m} (the mean over the m
 * labelled rows) or the batch's per-output loss weights (GraphSAINT's normalisation). Rows with label
 * −1 (unknown) are skipped (weight 0), like PyTorch's {@code ignore_index}.
 *
 * <p><b>Shapes:</b> logP: n × C, labels: n, weights: n or null; the gradient has logP's shape.
 *
 * <p>O(n). Loss accumulated in double in row order (deterministic). Stateless and thread-safe.
 */
public final class NllLoss {
  private NllLoss() {}

  /**
   * Computes the loss and, when {@code grad} is not null, writes dL/dlogP into it (overwriting).
   *
   * @param logProbs n × C log-probabilities
   * @param labels class of every row in [0, C), or −1 to skip the row
   * @param weights per-row weights (null = mean over labelled rows)
   * @param grad n × C output, or null
   * @return the loss (0 when no row is labelled)
   */
  public static double loss(Matrix logProbs, int[] labels, float[] weights, Matrix grad) {
    return loss(logProbs, labels, weights, grad, 1f);
  }

  /**
   * As {@link #loss(Matrix, int[], float[], Matrix)}, with the gradient multiplied by
   * {@code gradScale} (gradient accumulation's 1/group size); the returned loss is not scaled.
   */
  public static double loss(Matrix logProbs, int[] labels, float[] weights, Matrix grad,
      float gradScale) {
    int n = logProbs.rows();
    int c = logProbs.cols();
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels have length " + labels.length + ", expected " + n + " output rows");
    }
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException(
          "loss weights have length " + weights.length + ", expected " + n);
    }
    if (grad != null && (grad.rows() != n || grad.cols() != c)) {
      throw new IllegalArgumentException("loss gradient is " + grad.rows() + "x" + grad.cols()
          + ", expected " + n + "x" + c);
    }
    int labelled = 0;
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      if (y < -1 || y >= c) {
        throw new IllegalArgumentException(
            "label " + y + " of output row " + i + " is outside [0, " + c + ") (or -1)");
      }
      if (y >= 0) {
        labelled++;
      }
    }
    if (grad != null) {
      Arrays.fill(grad.data(), 0, grad.size(), 0f);
    }
    if (labelled == 0) {
      return 0;
    }
    float mean = 1f / labelled;
    float[] lp = logProbs.data();
    double loss = 0;
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      if (y < 0) {
        continue;
      }
      float w = weights == null ? mean : weights[i];
      loss -= (double) w * lp[i * c + y];
      if (grad != null) {
        grad.data()[i * c + y] = -w * gradScale;
      }
    }
    return loss;
  }

  /** Number of rows whose arg-max equals the label (rows with label −1 are not counted). */
  public static int correct(Matrix scores, int[] labels) {
    int c = scores.cols();
    float[] s = scores.data();
    int ok = 0;
    for (int i = 0; i < scores.rows(); i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (s[i * c + j] > s[i * c + best]) {
          best = j;
        }
      }
      if (labels[i] >= 0 && best == labels[i]) {
        ok++;
      }
    }
    return ok;
  }
}
