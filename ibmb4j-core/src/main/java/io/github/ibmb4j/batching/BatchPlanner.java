package io.github.ibmb4j.batching;

import io.github.ibmb4j.graph.CsrGraph;

/**
 * Decides, once and ahead of time, the batches for a set of output nodes, from the graph's topology
 * only (IBMB node-wise and batch-wise, Cluster-GCN, random grouping). Implementations are
 * deterministic for their options' seed, whatever the thread count, and pass the planner contract
 * tests: every output node in exactly one batch, outputs ⊆ auxiliary nodes, ids in range and unique.
 */
public interface BatchPlanner {

  /**
   * Plans batches.
   *
   * @param graph the preprocessed graph: symmetric, with a self-loop on every node (§1.1)
   * @param outputNodes sorted, distinct output nodes
   */
  BatchPlan plan(CsrGraph graph, int[] outputNodes);

  /** The method name used in plans, caches and reports. */
  String method();
}
