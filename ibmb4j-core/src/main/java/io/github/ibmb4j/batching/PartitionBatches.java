package io.github.ibmb4j.batching;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.partition.Partitioning;

/**
 * Shared steps of the partition-based planners (batch-wise IBMB, Cluster-GCN): the part-count rule for
 * small graphs, the optional output-node weighting, and splitting an output set by part. Stateless.
 */
public final class PartitionBatches {
  /** Parts never average fewer nodes than this: tiny graphs get fewer, larger parts. */
  public static final int MIN_NODES_PER_PART = 32;

  private PartitionBatches() {}

  /**
   * The number of parts actually used: the requested count, capped at
   * {@code max(1, floor(N / MIN_NODES_PER_PART))}.
   */
  public static int effectiveParts(int requested, int numNodes) {
    return Math.max(1, Math.min(requested, numNodes / MIN_NODES_PER_PART));
  }

  /**
   * Partitions the whole graph (docs/algorithm.md §1.4 step 2: all N nodes, not only outputs). With
   * {@code outputWeight > 1} output nodes weigh that much and the others 1, so that the partitioner
   * spreads output nodes evenly over the parts ({@code metis_output_weight}); otherwise unit weights.
   */
  public static Partitioning partition(CsrGraph graph, int[] outputNodes, int parts, int outputWeight,
      MultilevelPartitioner.Options options) {
    int[] weights = null;
    if (outputWeight > 1) {
      weights = new int[graph.numNodes()];
      java.util.Arrays.fill(weights, 1);
      for (int o : outputNodes) {
        weights[o] = outputWeight;
      }
    }
    return new MultilevelPartitioner(options).partition(graph, parts, weights, null);
  }

  /** For each part, the sorted output nodes it contains (empty arrays for parts without outputs). */
  public static int[][] outputsByPart(Partitioning p, int[] outputNodes) {
    int k = p.numParts();
    int[] count = new int[k];
    for (int o : outputNodes) {
      count[p.assignment()[o]]++;
    }
    int[][] out = new int[k][];
    for (int q = 0; q < k; q++) {
      out[q] = new int[count[q]];
    }
    int[] fill = new int[k];
    for (int o : outputNodes) {
      int q = p.assignment()[o];
      out[q][fill[q]++] = o;
    }
    return out;
  }

  /** Checks that output nodes are sorted, distinct and in range (the planner contract's input). */
  public static void checkOutputs(int[] outputNodes, int numNodes) {
    for (int i = 0; i < outputNodes.length; i++) {
      int o = outputNodes[i];
      if (o < 0 || o >= numNodes) {
        throw new IllegalArgumentException(
            "output node " + o + " is out of range [0, " + numNodes + ")");
      }
      if (i > 0 && o <= outputNodes[i - 1]) {
        throw new IllegalArgumentException(
            "output nodes are not sorted and distinct at index " + i + " (" + outputNodes[i - 1]
                + " then " + o + ")");
      }
    }
  }
}
