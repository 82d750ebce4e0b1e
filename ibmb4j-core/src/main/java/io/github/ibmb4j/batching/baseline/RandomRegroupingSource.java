package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.StochasticBatchSource;
import io.github.ibmb4j.influence.PprMatrix;
import java.util.List;

/**
 * The 'rand' ablation as a stochastic source (§2.4 of docs/algorithm.md): the top-k PPR auxiliary sets are
 * computed once; every epoch e regroups the outputs at random with
 * {@link RandomGroupingPlanner#forEpoch}(e) and materialises the groups (union of their auxiliary
 * sets). Cost per epoch: grouping O(n log n) plus materialisation. Deterministic per (seed, epoch)
 * whatever the thread count; thread-safe.
 */
public final class RandomRegroupingSource extends StochasticBatchSource {
  private final BatchMaterializer materializer;
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
  public RandomRegroupingSource(BatchMaterializer materializer, RandomGroupingPlanner planner,
      PprMatrix ppr, int[] outputs, int numBatches, long seed) {
    super(planner.method(), seed);
    this.materializer = materializer;
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
  protected List<Batch> sample(int epoch, long epochSeed) {
    return materializer.materializeAll(planner.forEpoch(epoch).plan(ppr, outputs).batches());
  }

  @Override
  public String describe() {
    return planner.method() + ": " + numBatches + " batches of random output groups, regrouped every "
        + "epoch";
  }
}
