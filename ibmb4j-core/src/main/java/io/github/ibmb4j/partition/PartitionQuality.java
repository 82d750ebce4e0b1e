package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;

/**
 * Quality measures of any node-to-part assignment: edge cut and imbalance. O(N + E), deterministic,
 * stateless.
 */
public final class PartitionQuality {
  private PartitionQuality() {}

  /**
   * Total weight of undirected edges between different parts of a symmetric graph: every crossing
   * entry (u, v) with u &lt; v is counted once; self-loops never cross.
   *
   * @param edgeWeights per-entry weights aligned with {@code graph.targets()}, or null for ones
   */
  public static long edgeCut(CsrGraph graph, int[] edgeWeights, int[] assignment) {
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    long cut = 0;
    for (int u = 0; u < graph.numNodes(); u++) {
      int pu = assignment[u];
      for (int i = (int) off[u]; i < off[u + 1]; i++) {
        int v = tgt[i];
        if (v > u && assignment[v] != pu) {
          cut += edgeWeights == null ? 1 : edgeWeights[i];
        }
      }
    }
    return cut;
  }

  /** Edge cut with unit weights. */
  public static long edgeCut(CsrGraph graph, int[] assignment) {
    return edgeCut(graph, null, assignment);
  }

  /** Per-part total node weight (unit weights when {@code nodeWeights} is null). */
  public static long[] partWeights(int[] assignment, int numParts, int[] nodeWeights) {
    long[] w = new long[numParts];
    for (int v = 0; v < assignment.length; v++) {
      w[assignment[v]] += nodeWeights == null ? 1 : nodeWeights[v];
    }
    return w;
  }

  /** Max part weight over the average part weight (total / k); 1 is perfect, NaN for zero weight. */
  public static double imbalance(int[] assignment, int numParts, int[] nodeWeights) {
    long[] w = partWeights(assignment, numParts, nodeWeights);
    long max = 0;
    long total = 0;
    for (long x : w) {
      max = Math.max(max, x);
      total += x;
    }
    return total == 0 ? Double.NaN : max * (double) numParts / total;
  }
}
