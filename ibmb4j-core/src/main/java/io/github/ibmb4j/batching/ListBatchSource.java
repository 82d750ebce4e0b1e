package io.github.ibmb4j.batching;

import java.util.List;

/**
 * A fixed list of batches served in the same order every epoch (a single full-graph batch, or batches
 * already in their final order). Thread-safe (immutable).
 */
public final class ListBatchSource implements BatchSource {
  private final List<Batch> batches;
  private final String description;

  public ListBatchSource(List<Batch> batches, String description) {
    this.batches = List.copyOf(batches);
    this.description = description;
  }

  @Override
  public int numBatches() {
    return batches.size();
  }

  @Override
  public Iterable<Batch> epoch(int epoch) {
    return batches;
  }

  @Override
  public String describe() {
    return description;
  }
}
