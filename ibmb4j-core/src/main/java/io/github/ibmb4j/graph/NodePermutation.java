package io.github.ibmb4j.graph;

/**
 * A relabelling of nodes: new id {@code i} is old id {@code newToOld[i]}. Applying it to a graph gives an
 * isomorphic graph whose rows appear in the new order (used for locality-preserving orders and for
 * laying partitions out contiguously). O(N + E log d).
 *
 * @param newToOld a permutation of 0..N-1
 */
public record NodePermutation(int[] newToOld) {

  public NodePermutation {
    boolean[] seen = new boolean[newToOld.length];
    for (int i = 0; i < newToOld.length; i++) {
      int o = newToOld[i];
      if (o < 0 || o >= newToOld.length || seen[o]) {
        throw new IllegalArgumentException("not a permutation of 0.." + (newToOld.length - 1)
            + ": entry " + i + " is " + o);
      }
      seen[o] = true;
    }
  }

  /** The inverse map: {@code oldToNew()[newToOld[i]] == i}. */
  public int[] oldToNew() {
    int[] inv = new int[newToOld.length];
    for (int i = 0; i < newToOld.length; i++) {
      inv[newToOld[i]] = i;
    }
    return inv;
  }

  /** The graph with nodes relabelled. */
  public CsrGraph apply(CsrGraph g) {
    int n = g.numNodes();
    if (n != newToOld.length) {
      throw new IllegalArgumentException(
          "permutation has " + newToOld.length + " entries, graph has " + n + " nodes");
    }
    int[] inv = oldToNew();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    long[] o = new long[n + 1];
    int[] t = new int[tgt.length];
    int w = 0;
    for (int i = 0; i < n; i++) {
      int old = newToOld[i];
      int s = w;
      for (long e = off[old]; e < off[old + 1]; e++) {
        t[w++] = inv[tgt[(int) e]];
      }
      java.util.Arrays.sort(t, s, w);
      o[i + 1] = w;
    }
    return CsrGraph.trusted(n, o, t);
  }

  /** Reorders a per-node int array into the new order. */
  public int[] applyTo(int[] perOld) {
    int[] r = new int[newToOld.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = perOld[newToOld[i]];
    }
    return r;
  }
}
