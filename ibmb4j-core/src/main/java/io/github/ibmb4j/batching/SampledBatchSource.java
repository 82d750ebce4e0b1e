package io.github.ibmb4j.batching;

import io.github.ibmb4j.tensor.Batch;
import java.util.List;

/**
 * The batch source of a sampling method: every epoch, the sampler draws the topology of fresh batches
 * and the materialiser builds them (both in parallel, deterministic per (seed, epoch)). Thread-safe.
 */
public final class SampledBatchSource implements BatchSource {
  private final BatchSampler sampler;
  private final BatchMaterializer materializer;

  /** Draws with {@code sampler}, builds with {@code materializer} (the graph the sampler samples). */
  public SampledBatchSource(BatchSampler sampler, BatchMaterializer materializer) {
    this.sampler = sampler;
    this.materializer = materializer;
  }

  /** The sampler. */
  public BatchSampler sampler() {
    return sampler;
  }

  @Override
  public int numBatches() {
    return sampler.numBatches();
  }

  @Override
  public List<Batch> epoch(int epoch) {
    return materializer.materializeSampled(sampler.epoch(epoch));
  }

  @Override
  public String describe() {
    return sampler.describe();
  }
}
