package io.github.ibmb4j.graph;

import java.util.Arrays;

/**
 * Builds a {@link CsrGraph} from edge arrays: counting sort by source, then per-row sort and
 * de-duplication. O(N + E log d_max) time, O(N + E) memory; deterministic.
 */
public final class GraphBuilder {
  private GraphBuilder() {}

  /**
   * Builds the graph with entries {@code src[i] -> dst[i]}; duplicates are removed.
   *
   * @param symmetrize also insert {@code dst[i] -> src[i]}
   * @throws IllegalArgumentException if an id is outside [0, numNodes) or the arrays differ in length
   */
  public static CsrGraph fromEdges(int numNodes, int[] src, int[] dst, boolean symmetrize) {
    if (src.length != dst.length) {
      throw new IllegalArgumentException(
          "edge arrays differ in length: " + src.length + " sources, " + dst.length + " targets");
    }
    if (numNodes < 0) {
      throw new IllegalArgumentException("number of nodes is " + numNodes + ", expected >= 0");
    }
    int m = src.length;
    for (int i = 0; i < m; i++) {
      checkId(src[i], numNodes, i);
      checkId(dst[i], numNodes, i);
    }
    long total = symmetrize ? 2L * m : m;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(total + " edge entries exceed the int-indexed target array");
    }
    long[] counts = new long[numNodes + 1];
    for (int i = 0; i < m; i++) {
      counts[src[i] + 1]++;
      if (symmetrize) {
        counts[dst[i] + 1]++;
      }
    }
    for (int v = 0; v < numNodes; v++) {
      counts[v + 1] += counts[v];
    }
    int[] targets = new int[(int) total];
    long[] cursor = Arrays.copyOf(counts, numNodes);
    for (int i = 0; i < m; i++) {
      targets[(int) cursor[src[i]]++] = dst[i];
      if (symmetrize) {
        targets[(int) cursor[dst[i]]++] = src[i];
      }
    }
    return sortAndDeduplicate(numNodes, counts, targets);
  }

  /** Sorts each row of unsorted CSR arrays and removes duplicates, compacting in place. */
  static CsrGraph sortAndDeduplicate(int numNodes, long[] offsets, int[] targets) {
    long[] out = new long[numNodes + 1];
    int w = 0;
    for (int v = 0; v < numNodes; v++) {
      int s = (int) offsets[v];
      int e = (int) offsets[v + 1];
      Arrays.sort(targets, s, e);
      int prev = -1;
      for (int i = s; i < e; i++) {
        int t = targets[i];
        if (t != prev) {
          targets[w++] = t;
          prev = t;
        }
      }
      out[v + 1] = w;
    }
    int[] compact = w == targets.length ? targets : Arrays.copyOf(targets, w);
    return CsrGraph.trusted(numNodes, out, compact);
  }

  private static void checkId(int id, int n, int edge) {
    if (id < 0 || id >= n) {
      throw new IllegalArgumentException(
          "node id " + id + " of edge " + edge + " is out of range [0, " + n + ")");
    }
  }
}
