package io.github.ibmb4j.batching.ibmb;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;

/**
 * Node-wise influence-based mini-batching (Gasteiger et al., LoG 2022; §1.3 of docs/algorithm.md): output
 * nodes grouped by pairwise PPR affinity, each batch's auxiliary set the union of its outputs' top-k
 * PPR nodes.
 *
 * <p>Steps: (1) {@link PprPush} from every output node (α, ε, top-k) keeping the top-k entries and the
 * entries on the output set; (2) {@link AffinityPairs}: strict lower triangle of M + Mᵀ sorted
 * descending with (row, col) tie-break; (3) {@link OutputMerging} greedy union-find merge under the
 * normalised cap ceil(n / ceil(n / target)) plus the min-heap post-processing pass — or, when
 * {@link NodeWiseIbmbOptions#auxiliaryNodesPerBatch()} &gt; 0, {@link AuxiliaryMerging}; (4)
 * {@link GroupBatches}: aux = sorted union of top-k sets ∪ outputs. Batches are ordered by their
 * smallest output node.
 *
 * <p>Cost: the push is O(n_out/(α·ε)) edge visits at most, in parallel; pairs O(P log) with P the
 * output-set PPR entries; merging near-linear in P. Memory: O(threads·N) push scratch, n_out·k top-k
 * entries, P pair entries. Deterministic (no randomness; the result does not depend on the thread
 * count). Thread-safe (immutable).
 */
public final class NodeWiseIbmbPlanner implements BatchPlanner {
  /** Method name used in plans, caches and reports. */
  public static final String METHOD = "ibmb-node";

  private final NodeWiseIbmbOptions options;
  private final ProgressListener progress;

  public NodeWiseIbmbPlanner(NodeWiseIbmbOptions options) {
    this(options, ProgressListener.NONE);
  }

  public NodeWiseIbmbPlanner(NodeWiseIbmbOptions options, ProgressListener progress) {
    this.options = options;
    this.progress = progress;
  }

  public NodeWiseIbmbOptions options() {
    return options;
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public BatchPlan plan(CsrGraph graph, int[] outputNodes) {
    return planDetailed(graph, outputNodes).plan();
  }

  /**
   * A plan with what produced it.
   *
   * @param plan the batches
   * @param ppr the PPR top-k / output-set matrix (rows in output-node order)
   * @param cap the normalised output cap (or the auxiliary cap in the auxiliary-oriented variant)
   * @param pairs number of affinity pairs
   * @param groupsAfterGreedy groups before post-processing
   * @param pprSeconds wall time of the push
   * @param mergeSeconds wall time of pairs, merging and auxiliary unions
   */
  public record Detailed(BatchPlan plan, PprMatrix ppr, int cap, int pairs, int groupsAfterGreedy,
      double pprSeconds, double mergeSeconds) {}

  /** Plans and returns the intermediate results and phase timings. */
  public Detailed planDetailed(CsrGraph graph, int[] outputNodes) {
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(options.alpha(), options.eps(), options.topk())
        .compute(graph, outputNodes, progress);
    double pprSeconds = (System.nanoTime() - t0) / 1e9;
    return merge(ppr, outputNodes, pprSeconds);
  }

  /**
   * Steps (2)-(4) on a push computed elsewhere (e.g. in row blocks by distributed tasks, concatenated
   * with {@link PprMatrix#concat}): pairs, merging and auxiliary unions. {@code ppr}'s rows must be
   * {@code outputNodes} in order, pushed with this planner's α, ε and top-k.
   *
   * @param pprSeconds the push time to report
   */
  public Detailed merge(PprMatrix ppr, int[] outputNodes, double pprSeconds) {
    if (!java.util.Arrays.equals(ppr.sources(), outputNodes)) {
      throw new IllegalArgumentException("the PPR rows are not the output nodes in order");
    }
    long t1 = System.nanoTime();
    int n = outputNodes.length;
    AffinityPairs pairs = AffinityPairs.of(ppr);
    OutputMerging.Groups groups;
    int cap;
    if (options.auxiliaryNodesPerBatch() > 0) {
      cap = options.auxiliaryNodesPerBatch();
      int[][] aux = new int[n][];
      for (int i = 0; i < n; i++) {
        aux[i] = ppr.auxiliarySet(i);
      }
      groups = AuxiliaryMerging.merge(pairs, aux, cap);
    } else {
      cap = NodeWiseIbmbOptions.normalizedCap(n, options.targetOutputs());
      groups = OutputMerging.merge(pairs, n, cap);
    }
    BatchPlan plan = new BatchPlan(METHOD, outputNodes.clone(),
        GroupBatches.build(ppr, outputNodes, groups.groups()));
    long t2 = System.nanoTime();
    return new Detailed(plan, ppr, cap, pairs.size(), groups.groupsAfterGreedy(), pprSeconds,
        (t2 - t1) / 1e9);
  }
}
