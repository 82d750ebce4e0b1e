package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;
import java.util.Arrays;

/**
 * The result of partitioning: the part of every node and, equivalently, the parts as contiguous ranges
 * of a node permutation (part p = {@code permutation[partStart[p] .. partStart[p+1])}, ascending node
 * ids within a part), with the edge cut and imbalance measured on the partitioned graph.
 *
 * @param numParts k
 * @param assignment part id in [0, k) per node
 * @param permutation node ids grouped by part (ascending within a part)
 * @param partStart offsets into {@code permutation}, length k + 1
 * @param edgeCut total weight of the undirected edges whose endpoints lie in different parts
 * @param imbalance max part weight divided by the average part weight (1 = perfect balance)
 */
public record Partitioning(
    int numParts, int[] assignment, int[] permutation, int[] partStart, long edgeCut, double imbalance) {

  /**
   * Builds the result for an assignment, computing permutation, cut and imbalance; O(N + E).
   *
   * @param nodeWeights null for unit weights
   * @param edgeWeights null for unit weights, else aligned with {@code graph.targets()}
   */
  public static Partitioning of(
      CsrGraph graph, int numParts, int[] assignment, int[] nodeWeights, int[] edgeWeights) {
    int n = graph.numNodes();
    if (assignment.length != n) {
      throw new IllegalArgumentException(
          "assignment has length " + assignment.length + ", expected " + n + " nodes");
    }
    int[] start = new int[numParts + 1];
    for (int v = 0; v < n; v++) {
      int p = assignment[v];
      if (p < 0 || p >= numParts) {
        throw new IllegalArgumentException(
            "node " + v + " is in part " + p + ", expected [0, " + numParts + ")");
      }
      start[p + 1]++;
    }
    for (int p = 0; p < numParts; p++) {
      start[p + 1] += start[p];
    }
    int[] cursor = Arrays.copyOf(start, numParts);
    int[] perm = new int[n];
    for (int v = 0; v < n; v++) {
      perm[cursor[assignment[v]]++] = v;
    }
    long cut = PartitionQuality.edgeCut(graph, edgeWeights, assignment);
    double imb = PartitionQuality.imbalance(assignment, numParts, nodeWeights);
    return new Partitioning(numParts, assignment, perm, start, cut, imb);
  }

  /** Number of nodes in part p. */
  public int partSize(int p) {
    return partStart[p + 1] - partStart[p];
  }

  /** The sorted node ids of part p (a copy). */
  public int[] part(int p) {
    return Arrays.copyOfRange(permutation, partStart[p], partStart[p + 1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Partitioning q && q.numParts == numParts && q.edgeCut == edgeCut
        && Arrays.equals(q.assignment, assignment);
  }

  @Override
  public int hashCode() {
    return 31 * numParts + Arrays.hashCode(assignment);
  }

  @Override
  public String toString() {
    return "Partitioning[parts=" + numParts + ", edgeCut=" + edgeCut + ", imbalance="
        + String.format(java.util.Locale.ROOT, "%.4f", imbalance) + "]";
  }
}
