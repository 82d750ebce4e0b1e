package io.github.ibmb4j.optim;

/**
 * Gradient accumulation over groups of m mini-batches, as the reference's {@code get_loss_scaling}
 * (§1.8): the L batches of an epoch form groups of sizes {@code [m]*(L//m) + [L%m]}; each batch's loss
 * is divided by its group's size (so a group's gradient is the mean of its batch means), and the
 * optimiser steps after the last batch of every group, including the remainder group (the reference's
 * extra step at the end of the epoch). O(1) per query; immutable.
 */
public final class GradientAccumulation {
  private final int numBatches;
  private final int microBatch;

  /**
   * @param numBatches L, batches per epoch (≥ 0)
   * @param microBatch m, batches per optimiser step (≥ 1)
   */
  public GradientAccumulation(int numBatches, int microBatch) {
    if (numBatches < 0 || microBatch < 1) {
      throw new IllegalArgumentException("gradient accumulation needs numBatches >= 0 and "
          + "microBatch >= 1; got " + numBatches + " and " + microBatch);
    }
    this.numBatches = numBatches;
    this.microBatch = microBatch;
  }

  private void check(int i) {
    if (i < 0 || i >= numBatches) {
      throw new IllegalArgumentException("batch index " + i + " is outside [0, " + numBatches + ")");
    }
  }

  /** Size of the group batch {@code i} belongs to. */
  public int groupSize(int i) {
    check(i);
    int full = numBatches / microBatch * microBatch;
    return i < full ? microBatch : numBatches - full;
  }

  /** Factor batch {@code i}'s loss (and gradient) is multiplied by: 1 / group size. */
  public float lossScale(int i) {
    return 1f / groupSize(i);
  }

  /** Whether the optimiser steps after batch {@code i}. */
  public boolean stepAfter(int i) {
    check(i);
    return (i + 1) % microBatch == 0 || i == numBatches - 1;
  }

  /** Optimiser steps per epoch: ceil(L / m). */
  public int stepsPerEpoch() {
    return (numBatches + microBatch - 1) / microBatch;
  }
}
