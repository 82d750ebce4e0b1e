package io.github.ibmb4j.train;

/**
 * How to train (§1.8 of docs/algorithm.md). Every component is validated.
 *
 * @param minEpochs early stopping never stops before this many epochs (reference 300)
 * @param maxEpochs hard cap on epochs (reference 800)
 * @param patience stop after this many epochs without a new best validation accuracy (reference 100)
 * @param learningRate initial learning rate (reference 1e-3)
 * @param optimizer Adam with coupled L2 (the reference) or AdamW
 * @param plateau whether ReduceLROnPlateau runs on the primary validation loss
 * @param plateauFactor learning-rate factor on a plateau (0.33)
 * @param plateauPatience epochs without improvement before reducing (30)
 * @param plateauCooldown epochs to wait after a reduction (10)
 * @param minLearningRate lower bound of the learning rate (1e-4)
 * @param microBatch gradient accumulation over this many batches per optimiser step (1 = none)
 * @param seed seed of every random choice in training (dropout; stochastic sources use it per epoch)
 */
public record TrainOptions(int minEpochs, int maxEpochs, int patience, double learningRate,
    OptimizerKind optimizer, boolean plateau, double plateauFactor, int plateauPatience,
    int plateauCooldown, double minLearningRate, int microBatch, long seed) {

  /** Optimiser families. */
  public enum OptimizerKind {
    /** Adam with coupled L2 weight decay (PyTorch {@code Adam(weight_decay=...)}), the reference. */
    ADAM,
    /** Adam with decoupled weight decay. */
    ADAMW
  }

  public TrainOptions {
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs is " + maxEpochs + ", expected >= 1");
    }
    if (minEpochs < 0 || minEpochs > maxEpochs) {
      throw new IllegalArgumentException(
          "minEpochs is " + minEpochs + ", expected 0.." + maxEpochs + " (maxEpochs)");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience is " + patience + ", expected >= 0");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate is " + learningRate + ", expected > 0");
    }
    if (!(plateauFactor > 0 && plateauFactor < 1)) {
      throw new IllegalArgumentException("plateau factor is " + plateauFactor + ", expected (0, 1)");
    }
    if (plateauPatience < 0 || plateauCooldown < 0 || minLearningRate < 0) {
      throw new IllegalArgumentException("plateau patience, cooldown and minimum learning rate must be >= 0");
    }
    if (microBatch < 1) {
      throw new IllegalArgumentException("microBatch is " + microBatch + ", expected >= 1");
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer is required");
    }
  }

  /** The reference settings: 300–800 epochs, patience 100, Adam lr 1e-3, plateau 0.33/30/10/1e-4. */
  public static TrainOptions reference(long seed) {
    return new TrainOptions(300, 800, 100, 1e-3, OptimizerKind.ADAM, true, 0.33, 30, 10, 1e-4, 1, seed);
  }

  /** A copy with a fixed number of epochs (min = max), as in short experiments and benchmarks. */
  public TrainOptions withEpochs(int epochs) {
    return new TrainOptions(Math.min(minEpochs, epochs), epochs, patience, learningRate, optimizer,
        plateau, plateauFactor, plateauPatience, plateauCooldown, minLearningRate, microBatch, seed);
  }

  /** A copy with other epoch bounds. */
  public TrainOptions withEpochs(int min, int max, int patience) {
    return new TrainOptions(min, max, patience, learningRate, optimizer, plateau, plateauFactor,
        plateauPatience, plateauCooldown, minLearningRate, microBatch, seed);
  }

  /** A copy with another seed. */
  public TrainOptions withSeed(long s) {
    return new TrainOptions(minEpochs, maxEpochs, patience, learningRate, optimizer, plateau,
        plateauFactor, plateauPatience, plateauCooldown, minLearningRate, microBatch, s);
  }

  /** A copy with another learning rate. */
  public TrainOptions withLearningRate(double lr) {
    return new TrainOptions(minEpochs, maxEpochs, patience, lr, optimizer, plateau, plateauFactor,
        plateauPatience, plateauCooldown, minLearningRate, microBatch, seed);
  }

  /** A copy with another micro-batch size. */
  public TrainOptions withMicroBatch(int m) {
    return new TrainOptions(minEpochs, maxEpochs, patience, learningRate, optimizer, plateau,
        plateauFactor, plateauPatience, plateauCooldown, minLearningRate, m, seed);
  }

  /** A copy with another optimiser or plateau setting. */
  public TrainOptions withOptimizer(OptimizerKind kind, boolean usePlateau) {
    return new TrainOptions(minEpochs, maxEpochs, patience, learningRate, kind, usePlateau,
        plateauFactor, plateauPatience, plateauCooldown, minLearningRate, microBatch, seed);
  }
}
