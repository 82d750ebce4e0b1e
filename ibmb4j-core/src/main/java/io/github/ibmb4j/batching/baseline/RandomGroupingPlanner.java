package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.ibmb.GroupBatches;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.random.Shuffle;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The 'rand' / 'randfix' ablations of node-wise IBMB (§2.4 of docs/algorithm.md): the same top-k PPR
 * auxiliary sets per output node, but output nodes grouped <em>at random</em> instead of by PPR
 * affinity, into groups of the normalised cap ceil(n / ceil(n / target)).
 *
 * <p>'randfix' groups once (this plan is fixed); 'rand' regroups every epoch, which
 * {@link #forEpoch(int)} provides with a seed derived from (seed, epoch). A seeded
 * {@link SplittableRandom} Fisher–Yates shuffle of the output positions, cut into consecutive groups;
 * each group's outputs sorted, batches ordered by smallest output node. Cost: the PPR push plus
 * O(n log n). Deterministic for a seed whatever the thread count; immutable.
 */
public final class RandomGroupingPlanner implements BatchPlanner {
  private final String method;
  private final NodeWiseIbmbOptions options;
  private final long seed;
  private final ProgressListener progress;

  /**
   * @param method "rand" or "randfix" (the name recorded in plans)
   * @param options top-k/α/ε of the auxiliary sets and the output target (the auxiliary cap is unused)
   * @param seed grouping seed
   */
  public RandomGroupingPlanner(String method, NodeWiseIbmbOptions options, long seed,
      ProgressListener progress) {
    if (!method.equals("rand") && !method.equals("randfix")) {
      throw new IllegalArgumentException("method is '" + method + "', expected rand or randfix");
    }
    this.method = method;
    this.options = options;
    this.seed = seed;
    this.progress = progress;
  }

  @Override
  public String method() {
    return method;
  }

  /** The planner of epoch {@code epoch} for 'rand' (a seed derived from the base seed and epoch). */
  public RandomGroupingPlanner forEpoch(int epoch) {
    long s = new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1L));
    return new RandomGroupingPlanner(method, options, s, progress);
  }

  @Override
  public BatchPlan plan(CsrGraph graph, int[] outputNodes) {
    PprMatrix ppr = new PprPush(options.alpha(), options.eps(), options.topk())
        .compute(graph, outputNodes, progress);
    return plan(ppr, outputNodes);
  }

  /** Plans from an already computed PPR matrix (rows in {@code outputNodes} order). */
  public BatchPlan plan(PprMatrix ppr, int[] outputNodes) {
    int n = outputNodes.length;
    int cap = NodeWiseIbmbOptions.normalizedCap(n, options.targetOutputs());
    int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
    int groups = n == 0 ? 0 : (n + cap - 1) / cap;
    int[][] g = new int[groups][];
    for (int q = 0; q < groups; q++) {
      // even split: sizes differ by at most one and never exceed the cap
      int from = (int) ((long) n * q / groups);
      int to = (int) ((long) n * (q + 1) / groups);
      g[q] = Arrays.copyOfRange(perm, from, to);
      Arrays.sort(g[q]);
    }
    Arrays.sort(g, (a, b) -> Integer.compare(a[0], b[0]));
    return new BatchPlan(method, outputNodes.clone(), GroupBatches.build(ppr, outputNodes, g));
  }
}
