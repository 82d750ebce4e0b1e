package io.github.ibmb4j.graph;

import java.util.Arrays;

/**
 * The sub-graph induced by a node list, in local ids: local node {@code i} is global node
 * {@code nodes[i]} (the given order is kept), and local entry values are copied from the full graph's
 * edge values, so rows are <em>not</em> renormalised (§1.5 of docs/algorithm.md).
 *
 * <p>Extraction is O(Σ degree(nodes)) using a dense global→local map of size N that the caller owns
 * and that is left all -1 afterwards; there is no hashing. Local rows keep the sorted order of local
 * ids.
 *
 * @param nodes global id of every local node (length n)
 * @param offsets local CSR row offsets (length n + 1)
 * @param indices local column ids
 * @param values edge values aligned with {@code indices}
 */
public record Subgraph(int[] nodes, int[] offsets, int[] indices, float[] values) {

  /** Number of local nodes. */
  public int size() {
    return nodes.length;
  }

  /** Number of local entries. */
  public int numEntries() {
    return indices.length;
  }

  /** A fresh global→local scratch map for graphs of {@code numNodes} nodes, all entries -1. */
  public static int[] newScratch(int numNodes) {
    int[] s = new int[numNodes];
    Arrays.fill(s, -1);
    return s;
  }

  /**
   * Induces the sub-graph of {@code g} on {@code nodes} (distinct ids).
   *
   * @param values per-entry values of {@code g} (aligned with its targets), or null for all ones
   * @param scratch a global→local map of length N, all -1 on entry and on return
   */
  public static Subgraph induce(CsrGraph g, float[] values, int[] nodes, int[] scratch) {
    int n = nodes.length;
    for (int i = 0; i < n; i++) {
      if (scratch[nodes[i]] != -1) {
        for (int j = 0; j < i; j++) {
          scratch[nodes[j]] = -1;
        }
        throw new IllegalArgumentException("node " + nodes[i] + " appears twice in the node list");
      }
      scratch[nodes[i]] = i;
    }
    long[] off = g.offsets();
    int[] tgt = g.targets();
    int[] o = new int[n + 1];
    long count = 0;
    for (int i = 0; i < n; i++) {
      int u = nodes[i];
      for (long e = off[u]; e < off[u + 1]; e++) {
        if (scratch[tgt[(int) e]] >= 0) {
          count++;
        }
      }
      if (count > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("induced sub-graph has more than 2^31 entries");
      }
      o[i + 1] = (int) count;
    }
    int[] idx = new int[(int) count];
    float[] val = new float[(int) count];
    boolean sortedNodes = true;
    for (int i = 1; i < n && sortedNodes; i++) {
      sortedNodes = nodes[i] > nodes[i - 1];
    }
    for (int i = 0; i < n; i++) {
      int u = nodes[i];
      int w = o[i];
      for (long e = off[u]; e < off[u + 1]; e++) {
        int loc = scratch[tgt[(int) e]];
        if (loc >= 0) {
          idx[w] = loc;
          val[w] = values == null ? 1f : values[(int) e];
          w++;
        }
      }
      if (!sortedNodes) {
        sortRow(idx, val, o[i], o[i + 1]);
      }
    }
    for (int v : nodes) {
      scratch[v] = -1;
    }
    return new Subgraph(nodes, o, idx, val);
  }

  /** Insertion sort for short rows, otherwise an index sort; keeps values aligned. */
  private static void sortRow(int[] idx, float[] val, int s, int e) {
    if (e - s < 32) {
      for (int i = s + 1; i < e; i++) {
        int k = idx[i];
        float x = val[i];
        int j = i - 1;
        while (j >= s && idx[j] > k) {
          idx[j + 1] = idx[j];
          val[j + 1] = val[j];
          j--;
        }
        idx[j + 1] = k;
        val[j + 1] = x;
      }
      return;
    }
    long[] packed = new long[e - s];
    for (int i = s; i < e; i++) {
      packed[i - s] = ((long) idx[i] << 32) | (Float.floatToRawIntBits(val[i]) & 0xffffffffL);
    }
    Arrays.sort(packed);
    for (int i = s; i < e; i++) {
      idx[i] = (int) (packed[i - s] >>> 32);
      val[i] = Float.intBitsToFloat((int) packed[i - s]);
    }
  }
}
