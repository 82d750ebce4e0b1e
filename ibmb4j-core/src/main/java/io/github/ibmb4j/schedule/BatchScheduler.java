package io.github.ibmb4j.schedule;

/**
 * The order in which an epoch visits a fixed set of batches: {@link #order(int)} is always a
 * permutation of 0..n-1. Implementations are deterministic for their seed; epoch orders may depend on
 * earlier epochs (then they are computed in sequence and remembered).
 */
public interface BatchScheduler {

  /** Number of batches n. */
  int numBatches();

  /** The visiting order of epoch {@code epoch} (0-based): a permutation of 0..n-1 (a fresh array). */
  int[] order(int epoch);

  /** Short name for logs and provenance. */
  String describe();
}
