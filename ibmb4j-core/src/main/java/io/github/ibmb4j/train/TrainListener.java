package io.github.ibmb4j.train;

/** Observes training; every method has a no-op default. Called on the training thread. */
public interface TrainListener {
  /** A listener that ignores everything. */
  TrainListener NONE = new TrainListener() {};

  /** Epoch {@code epoch} starts with about {@code numBatches} batches. */
  default void epochStarted(int epoch, int numBatches) {}

  /** One training batch is done. */
  default void batchDone(int epoch) {}

  /** Epoch {@code record.epoch()} finished; {@code newBest} if it improved validation accuracy. */
  default void epochFinished(EpochRecord record, boolean newBest) {}

  /** Whether {@link #stateAfterEpoch} should be called (building the state copies the weights). */
  default boolean wantsState() {
    return false;
  }

  /** The complete training state after an epoch, for resumable training (persist it atomically). */
  default void stateAfterEpoch(TrainState state) {}
}
