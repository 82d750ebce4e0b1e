package io.github.ibmb4j.optim;

/**
 * Reduces the learning rate when a monitored loss stops improving, with the semantics of PyTorch's
 * {@code ReduceLROnPlateau(mode='min', threshold_mode='rel')} (§1.8 of docs/algorithm.md: factor 0.33,
 * patience 30, cooldown 10, min_lr 1e-4, threshold 1e-4).
 *
 * <p>Per {@link #step(double)}: the value is an improvement when {@code value < best·(1 − threshold)};
 * an improvement resets the bad-epoch count, otherwise it grows; during cooldown the count is held at
 * zero; when it exceeds patience, lr ← max(lr·factor, minLr) (applied only if that changes lr by more
 * than 1e-8), cooldown restarts and the count resets. O(1); deterministic; not thread-safe.
 */
public final class ReduceLrOnPlateau {
  /**
   * The scheduler state for resuming.
   *
   * @param best best value so far (+∞ initially)
   * @param numBadEpochs epochs without improvement
   * @param cooldownCounter remaining cooldown epochs
   */
  public record State(double best, int numBadEpochs, int cooldownCounter) {}

  private static final double EPS = 1e-8;

  private final Optimizer optimizer;
  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLr;
  private final double threshold;
  private double best = Double.POSITIVE_INFINITY;
  private int numBadEpochs;
  private int cooldownCounter;

  /** The reference's settings: factor 0.33, patience 30, cooldown 10, min_lr 1e-4, threshold 1e-4. */
  public static ReduceLrOnPlateau reference(Optimizer optimizer) {
    return new ReduceLrOnPlateau(optimizer, 0.33, 30, 10, 1e-4, 1e-4);
  }

  public ReduceLrOnPlateau(Optimizer optimizer, double factor, int patience, int cooldown,
      double minLr, double threshold) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("factor is " + factor + ", expected a value in (0, 1)");
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException(
          "patience " + patience + " and cooldown " + cooldown + " must be >= 0");
    }
    if (!(minLr >= 0) || !(threshold >= 0)) {
      throw new IllegalArgumentException(
          "min lr " + minLr + " and threshold " + threshold + " must be >= 0");
    }
    this.optimizer = optimizer;
    this.factor = factor;
    this.patience = patience;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.threshold = threshold;
  }

  /** Records one epoch's monitored value; returns true when the learning rate was reduced. */
  public boolean step(double value) {
    if (value < best * (1 - threshold)) {
      best = value;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      cooldownCounter = cooldown;
      numBadEpochs = 0;
      double old = optimizer.learningRate();
      double next = Math.max(old * factor, minLr);
      if (old - next > EPS) {
        optimizer.setLearningRate(next);
        return true;
      }
    }
    return false;
  }

  public State state() {
    return new State(best, numBadEpochs, cooldownCounter);
  }

  public void load(State s) {
    if (s.numBadEpochs() < 0 || s.cooldownCounter() < 0) {
      throw new IllegalArgumentException("scheduler state has negative counters: " + s);
    }
    best = s.best();
    numBadEpochs = s.numBadEpochs();
    cooldownCounter = s.cooldownCounter();
  }
}
