package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;

/**
 * The partitioner's internal graph: symmetric, no self-loops, int CSR with integer node and edge
 * weights (the METIS representation). Coarser levels are built from finer ones by contraction.
 * Package-private, mutable only while being built.
 */
final class WeightedGraph {
  final int n;
  final int[] xadj;
  final int[] adjncy;
  final int[] adjwgt;
  final int[] vwgt;
  final long totalVwgt;

  WeightedGraph(int n, int[] xadj, int[] adjncy, int[] adjwgt, int[] vwgt) {
    this.n = n;
    this.xadj = xadj;
    this.adjncy = adjncy;
    this.adjwgt = adjwgt;
    this.vwgt = vwgt;
    long t = 0;
    for (int i = 0; i < n; i++) {
      t += vwgt[i];
    }
    this.totalVwgt = t;
  }

  int degree(int u) {
    return xadj[u + 1] - xadj[u];
  }

  int maxVwgt() {
    int m = 0;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, vwgt[i]);
    }
    return m;
  }

  /** Validates the public partitioner arguments; throws IllegalArgumentException naming the value. */
  static void checkArguments(CsrGraph g, int numParts, int[] nodeWeights, int[] edgeWeights) {
    int n = g.numNodes();
    if (n == 0) {
      throw new IllegalArgumentException("cannot partition an empty graph (0 nodes)");
    }
    if (numParts < 1 || numParts > n) {
      throw new IllegalArgumentException(
          "number of parts is " + numParts + ", expected 1.." + n + " (the number of nodes)");
    }
    if (nodeWeights != null) {
      if (nodeWeights.length != n) {
        throw new IllegalArgumentException(
            "node weights have length " + nodeWeights.length + ", expected " + n);
      }
      long sum = 0;
      for (int v = 0; v < n; v++) {
        if (nodeWeights[v] < 0) {
          throw new IllegalArgumentException(
              "node weight of node " + v + " is " + nodeWeights[v] + ", expected >= 0");
        }
        sum += nodeWeights[v];
      }
      if (sum == 0) {
        throw new IllegalArgumentException("node weights sum to 0, expected a positive total");
      }
      if (sum > Integer.MAX_VALUE / 2) {
        throw new IllegalArgumentException(
            "node weights sum to " + sum + ", expected at most " + Integer.MAX_VALUE / 2);
      }
    }
    if (edgeWeights != null) {
      if (edgeWeights.length != g.numEntries()) {
        throw new IllegalArgumentException("edge weights have length " + edgeWeights.length
            + ", expected " + g.numEntries() + " (one per stored entry)");
      }
      for (int i = 0; i < edgeWeights.length; i++) {
        if (edgeWeights[i] < 1) {
          throw new IllegalArgumentException(
              "edge weight at entry " + i + " is " + edgeWeights[i] + ", expected >= 1");
        }
      }
    }
  }

  /**
   * Level 0 from a public graph: self-loops dropped, symmetry checked (entry by entry, with equal
   * weights both ways). O(E log d).
   */
  static WeightedGraph fromCsr(CsrGraph g, int[] nodeWeights, int[] edgeWeights) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    int[] xadj = new int[n + 1];
    int m = 0;
    for (int u = 0; u < n; u++) {
      for (int i = (int) off[u]; i < off[u + 1]; i++) {
        if (tgt[i] != u) {
          m++;
        }
      }
      xadj[u + 1] = m;
    }
    int[] adj = new int[m];
    int[] w = new int[m];
    int k = 0;
    for (int u = 0; u < n; u++) {
      for (int i = (int) off[u]; i < off[u + 1]; i++) {
        int v = tgt[i];
        if (v == u) {
          continue;
        }
        long rev = g.entryIndex(v, u);
        if (rev < 0) {
          throw new IllegalArgumentException(
              "graph is not symmetric: entry (" + u + ", " + v + ") has no reverse");
        }
        int wi = edgeWeights == null ? 1 : edgeWeights[i];
        if (edgeWeights != null && edgeWeights[(int) rev] != wi) {
          throw new IllegalArgumentException("edge weights are not symmetric: (" + u + ", " + v
              + ") has " + wi + " but the reverse has " + edgeWeights[(int) rev]);
        }
        adj[k] = v;
        w[k++] = wi;
      }
    }
    int[] vw = new int[n];
    for (int v = 0; v < n; v++) {
      vw[v] = nodeWeights == null ? 1 : nodeWeights[v];
    }
    return new WeightedGraph(n, xadj, adj, w, vw);
  }

  /**
   * The sub-graph induced by the nodes with {@code where[u] == side}, renumbered in increasing order;
   * {@code toSub} receives each such node's new id and {@code fromSub} (length ≥ count) the inverse.
   */
  WeightedGraph induce(int[] where, int side, int[] toSub, int[] fromSub) {
    int cnt = 0;
    int m = 0;
    for (int u = 0; u < n; u++) {
      if (where[u] == side) {
        toSub[u] = cnt;
        fromSub[cnt++] = u;
        for (int i = xadj[u]; i < xadj[u + 1]; i++) {
          if (where[adjncy[i]] == side) {
            m++;
          }
        }
      }
    }
    int[] sx = new int[cnt + 1];
    int[] sa = new int[m];
    int[] sw = new int[m];
    int[] sv = new int[cnt];
    int k = 0;
    for (int s = 0; s < cnt; s++) {
      int u = fromSub[s];
      sv[s] = vwgt[u];
      for (int i = xadj[u]; i < xadj[u + 1]; i++) {
        int v = adjncy[i];
        if (where[v] == side) {
          sa[k] = toSub[v];
          sw[k++] = adjwgt[i];
        }
      }
      sx[s + 1] = k;
    }
    return new WeightedGraph(cnt, sx, sa, sw, sv);
  }

  /** Weighted cut of a 0..k-1 assignment (each undirected edge once). */
  long cut(int[] where) {
    long c = 0;
    for (int u = 0; u < n; u++) {
      for (int i = xadj[u]; i < xadj[u + 1]; i++) {
        if (where[adjncy[i]] != where[u]) {
          c += adjwgt[i];
        }
      }
    }
    return c / 2;
  }
}
