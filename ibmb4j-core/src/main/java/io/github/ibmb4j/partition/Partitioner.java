package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;

/**
 * Splits the nodes of a symmetric graph into a given number of parts, trying to minimise the weight of
 * the edges between parts while keeping the parts' node weights balanced. Self-loops are ignored.
 * Implementations are deterministic for their seed, whatever the thread count.
 */
public interface Partitioner {

  /** Partitions with unit node and edge weights. */
  default Partitioning partition(CsrGraph graph, int numParts) {
    return partition(graph, numParts, null, null);
  }

  /**
   * Partitions {@code graph} into {@code numParts} parts.
   *
   * @param graph symmetric graph (self-loops allowed and ignored)
   * @param numParts k, in [1, numNodes] (any k ≥ 1 for an empty graph is rejected)
   * @param nodeWeights per-node weights ≥ 0 with a positive sum, or null for all ones
   * @param edgeWeights per-entry weights ≥ 1 aligned with {@code graph.targets()}, equal for (u, v) and
   *     (v, u), or null for all ones
   * @throws IllegalArgumentException naming the offending value
   */
  Partitioning partition(CsrGraph graph, int numParts, int[] nodeWeights, int[] edgeWeights);
}
