package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchSampler;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.influence.PprMatrix;
import java.util.List;

/**
 * The 'rand' ablation as a sampler (§2.4 of docs/algorithm.md): the top-k PPR auxiliary sets are
 * computed once; every epoch e regroups the outputs at random with
 * {@link RandomGroupingPlanner#forEpoch}(e), each group's batch the union of its auxiliary sets (an
 * induced sub-graph). Cost per epoch: grouping O(n log n). Deterministic per (seed, epoch) whatever
 * the thread count; thread-safe.
 */
public final class RandomRegroupingSampler extends BatchSampler {
  private final RandomGroupingPlanner planner;
  private final PprMatrix ppr;
  private final int[] outputs;
  private final int numBatches;

  /**
   * @param planner the 'rand' planner with the base seed
   * @param ppr top-k PPR rows of {@code outputs}
   * @param outputs sorted output nodes
   * @param numBatches batches per epoch (for {@link #numBatches()})
   */
  public RandomRegroupingSampler(RandomGroupingPlanner planner, PprMatrix ppr, int[] outputs,
      int numBatches, long seed) {
    super(planner.method(), seed);
    this.planner = planner;
    this.ppr = ppr;
    this.outputs = outputs.clone();
    this.numBatches = numBatches;
  }

  @Override
  public int numBatches() {
    return numBatches;
  }

  @Override
  protected List<BatchTopology> sample(int epoch, long epochSeed) {
    return planner.forEpoch(epoch).plan(ppr, outputs).batches().stream().map(BatchTopology::of)
        .toList();
  }

  @Override
  public String describe() {
    return planner.method() + ": " + numBatches + " batches of random output groups, regrouped every "
        + "epoch";
  }
}
