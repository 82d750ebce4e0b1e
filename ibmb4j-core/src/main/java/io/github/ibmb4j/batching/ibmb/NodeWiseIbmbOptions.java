package io.github.ibmb4j.batching.ibmb;

/**
 * Options of node-wise IBMB (§1.3, defaults from the ogbn-arxiv configs of §2.3), validated on
 * construction.
 *
 * @param topk auxiliary nodes kept per output node (top-k PPR entries), ≥ 1; default 16
 * @param alpha PPR teleport probability α in (0, 1); default 0.25
 * @param eps PPR push threshold ε in (0, 1); default 2e-4
 * @param outputsPerBatch target number of output nodes per training batch, ≥ 1; default 9000. The
 *     cap actually used is normalised to ceil(n / ceil(n / target)) (§1.3 step 7)
 * @param evaluation whether the plan is for validation/test, which doubles the target (no backward
 *     pass, §1.3 step 7); default false
 * @param auxiliaryNodesPerBatch 0 (default) for output-node-oriented merging (every official run);
 *     otherwise the cap on auxiliary nodes per batch of the auxiliary-node-oriented variant (§1.3 step
 *     8), which then replaces the output cap
 */
public record NodeWiseIbmbOptions(int topk, double alpha, double eps, int outputsPerBatch,
    boolean evaluation, int auxiliaryNodesPerBatch) {

  /** The reference defaults (ogbn-arxiv, training split). */
  public static final NodeWiseIbmbOptions DEFAULTS = new NodeWiseIbmbOptions(16, 0.25, 2e-4, 9000, false, 0);

  public NodeWiseIbmbOptions {
    if (topk < 1) {
      throw new IllegalArgumentException("topk is " + topk + ", expected >= 1");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha is " + alpha + ", expected in (0, 1)");
    }
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("eps is " + eps + ", expected in (0, 1)");
    }
    if (outputsPerBatch < 1) {
      throw new IllegalArgumentException("outputs per batch is " + outputsPerBatch + ", expected >= 1");
    }
    if (auxiliaryNodesPerBatch < 0) {
      throw new IllegalArgumentException(
          "auxiliary nodes per batch is " + auxiliaryNodesPerBatch + ", expected 0 (off) or >= 1");
    }
  }

  /** The target before normalisation: {@code outputsPerBatch}, doubled for evaluation plans. */
  public int targetOutputs() {
    long t = evaluation ? 2L * outputsPerBatch : outputsPerBatch;
    return (int) Math.min(Integer.MAX_VALUE, t);
  }

  /**
   * The default training target for a graph of {@code numNodes} nodes: the paper's 9000 outputs per
   * batch (§2.3), but at most floor(N / (k+1)), so that a batch's auxiliary set (at most k+1 nodes per
   * output) cannot cover the whole graph. On ogbn-arxiv N/(k+1) = 9961 and 9000 stays; on small graphs
   * it keeps several batches per split (cora, k = 16: 159 → 1 train, 2 val, 4 test batches).
   */
  public static int defaultOutputsPerBatch(int numNodes, int topk) {
    return defaultOutputsPerBatch(numNodes, topk, 9000);
  }

  /**
   * The default training target with another model limit than 9000 (§2.3: GAT uses 4000 on arxiv,
   * its activations being wider): min(limit, floor(N / (k+1))), at least 1.
   */
  public static int defaultOutputsPerBatch(int numNodes, int topk, int limit) {
    return (int) Math.max(1, Math.min(Math.min(9000, limit), (long) numNodes / (topk + 1L)));
  }

  /** A copy with another output target. */
  public NodeWiseIbmbOptions withOutputsPerBatch(int outputs) {
    return new NodeWiseIbmbOptions(topk, alpha, eps, outputs, evaluation, auxiliaryNodesPerBatch);
  }

  /** A copy for evaluation (or training) plans. */
  public NodeWiseIbmbOptions withEvaluation(boolean eval) {
    return new NodeWiseIbmbOptions(topk, alpha, eps, outputsPerBatch, eval, auxiliaryNodesPerBatch);
  }

  /**
   * The normalised cap ceil(n / ceil(n / target)) (§1.3 step 7), which evens out batch sizes: e.g.
   * 90 941 outputs with target 9000 give 11 batches of at most 8268.
   */
  public static int normalizedCap(int n, int target) {
    if (target < 1) {
      throw new IllegalArgumentException("target is " + target + ", expected >= 1");
    }
    if (n <= 0) {
      return target;
    }
    long batches = ((long) n + target - 1) / target;
    return (int) ((n + batches - 1) / batches);
  }

  /** A canonical description for cache keys and provenance. */
  public String describe() {
    return "ibmb-node{topk=" + topk + ",alpha=" + alpha + ",eps=" + eps + ",outputsPerBatch="
        + outputsPerBatch + ",evaluation=" + evaluation + ",auxiliaryNodesPerBatch="
        + auxiliaryNodesPerBatch + "}";
  }
}
