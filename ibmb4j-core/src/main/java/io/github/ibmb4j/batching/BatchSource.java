package io.github.ibmb4j.batching;

import io.github.ibmb4j.tensor.Batch;

/**
 * What a trainer or evaluator iterates: the batches of one epoch. Fixed sources (precomputed, cached
 * plans) return the same batches every epoch, possibly reordered by a schedule; stochastic sources
 * (sampling baselines) draw new ones from a seed derived from the epoch.
 */
public interface BatchSource {

  /** Number of batches per epoch (an estimate for stochastic sources). */
  int numBatches();

  /** The batches of {@code epoch} (0-based), in the order to process them. */
  Iterable<Batch> epoch(int epoch);

  /** Short description for logs and records (method and sizes). */
  String describe();
}
