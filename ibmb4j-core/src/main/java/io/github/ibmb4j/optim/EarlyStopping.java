package io.github.ibmb4j.optim;

/**
 * Early stopping and model selection on validation accuracy as in the reference trainer (§1.8): an
 * epoch improves when its accuracy is strictly greater than the best so far (the caller then saves the
 * model); training stops once the epoch index exceeds {@code minEpochs} and the number of epochs
 * without improvement exceeds {@code patience}, or after {@code maxEpochs} epochs. Reference values:
 * min 300, patience 100, max 800. O(1); deterministic; not thread-safe.
 */
public final class EarlyStopping {
  /**
   * The state for resuming.
   *
   * @param epochs epochs observed
   * @param bestAccuracy best validation accuracy (−∞ before the first epoch)
   * @param bestEpoch index of the best epoch (−1 before the first)
   * @param badEpochs epochs since the last improvement
   */
  public record State(int epochs, double bestAccuracy, int bestEpoch, int badEpochs) {}

  private final int minEpochs;
  private final int maxEpochs;
  private final int patience;
  private int epochs;
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch = -1;
  private int bad;

  public EarlyStopping(int minEpochs, int maxEpochs, int patience) {
    if (minEpochs < 0 || maxEpochs < 1 || patience < 0 || minEpochs > maxEpochs) {
      throw new IllegalArgumentException("early stopping needs 0 <= minEpochs <= maxEpochs, maxEpochs"
          + " >= 1, patience >= 0; got min " + minEpochs + ", max " + maxEpochs + ", patience "
          + patience);
    }
    this.minEpochs = minEpochs;
    this.maxEpochs = maxEpochs;
    this.patience = patience;
  }

  /** The reference's settings: min 300, max 800, patience 100. */
  public static EarlyStopping reference() {
    return new EarlyStopping(300, 800, 100);
  }

  /** Records the validation accuracy of the next epoch; returns true when it is a new best. */
  public boolean observe(double validationAccuracy) {
    int epoch = epochs++;
    if (validationAccuracy > best) {
      best = validationAccuracy;
      bestEpoch = epoch;
      bad = 0;
      return true;
    }
    bad++;
    return false;
  }

  /** Whether training should stop after the epochs observed so far. */
  public boolean shouldStop() {
    int lastEpoch = epochs - 1;
    return epochs >= maxEpochs || (lastEpoch > minEpochs && bad > patience);
  }

  public double bestAccuracy() {
    return best;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public int epochs() {
    return epochs;
  }

  public State state() {
    return new State(epochs, best, bestEpoch, bad);
  }

  public void load(State s) {
    if (s.epochs() < 0 || s.badEpochs() < 0 || s.bestEpoch() >= s.epochs()) {
      throw new IllegalArgumentException("early-stopping state is inconsistent: " + s);
    }
    epochs = s.epochs();
    best = s.bestAccuracy();
    bestEpoch = s.bestEpoch();
    bad = s.badEpochs();
  }
}
