package io.github.ibmb4j.partition;

import io.github.ibmb4j.random.Shuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The coarsening phase of the multilevel scheme (Karypis &amp; Kumar 1998): repeated heavy-edge
 * matching and contraction. Matching visits nodes by increasing degree (ties in seeded random order),
 * scans each row from a seeded random offset (so equal-weight edges are chosen at random) and caps
 * coarse node weights at 1.5 · W / coarsenTo; when more than 10 % of the nodes stay unmatched, METIS'
 * 2-hop matching pairs unmatched nodes that share a neighbour, and isolated nodes are paired with each
 * other. Stops at {@code coarsenTo} nodes or when a level shrinks by less than 15 %. O(E) per level,
 * sequential and deterministic for the random stream.
 */
final class Coarsening {
  private static final double STALL_FRACTION = 0.85;
  private static final double UNMATCHED_FOR_2HOP = 0.10;

  private Coarsening() {}

  /** The hierarchy: graphs.get(0) is the input; cmaps.get(l) maps level l's nodes to level l+1. */
  record Hierarchy(List<WeightedGraph> graphs, List<int[]> cmaps) {
    WeightedGraph coarsest() {
      return graphs.get(graphs.size() - 1);
    }
  }

  static Hierarchy coarsen(WeightedGraph g, int coarsenTo, SplittableRandom rnd) {
    List<WeightedGraph> graphs = new ArrayList<>();
    List<int[]> cmaps = new ArrayList<>();
    graphs.add(g);
    int maxVw = (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1.5 * g.totalVwgt / coarsenTo));
    WeightedGraph cur = g;
    while (cur.n > coarsenTo) {
      int[] cmap = new int[cur.n];
      int cn = match(cur, maxVw, rnd, cmap);
      if (cn >= cur.n) {
        break;
      }
      WeightedGraph next = contract(cur, cmap, cn);
      graphs.add(next);
      cmaps.add(cmap);
      if (next.n > STALL_FRACTION * cur.n || next.adjncy.length == 0) {
        break;
      }
      cur = next;
    }
    return new Hierarchy(graphs, cmaps);
  }

  /** Computes a matching and the coarse id of every node; returns the number of coarse nodes. */
  static int match(WeightedGraph g, int maxVw, SplittableRandom rnd, int[] cmap) {
    int n = g.n;
    int[] xadj = g.xadj;
    int[] adj = g.adjncy;
    int[] w = g.adjwgt;
    int[] vw = g.vwgt;
    int[] match = new int[n];
    java.util.Arrays.fill(match, -1);
    int[] order = degreeOrder(g, rnd);
    int unmatched = 0;
    for (int u : order) {
      if (match[u] >= 0) {
        continue;
      }
      int s = xadj[u];
      int deg = xadj[u + 1] - s;
      int best = -1;
      int bw = Integer.MIN_VALUE;
      if (deg > 0) {
        int start = rnd.nextInt(deg);
        for (int j = 0; j < deg; j++) {
          int jj = start + j;
          int i = s + (jj >= deg ? jj - deg : jj);
          int v = adj[i];
          if (match[v] < 0 && w[i] > bw && vw[u] + vw[v] <= maxVw) {
            best = v;
            bw = w[i];
          }
        }
      }
      if (best >= 0) {
        match[u] = best;
        match[best] = u;
      } else {
        unmatched++;
      }
    }
    if (unmatched > UNMATCHED_FOR_2HOP * n) {
      twoHop(g, match, 2, maxVw);
      twoHop(g, match, 64, maxVw);
      pairIsolated(g, match, maxVw);
    }
    java.util.Arrays.fill(cmap, -1);
    int cn = 0;
    for (int u = 0; u < n; u++) {
      if (cmap[u] < 0) {
        cmap[u] = cn;
        int v = match[u];
        if (v >= 0) {
          cmap[v] = cn;
        }
        cn++;
      }
    }
    return cn;
  }

  /** Nodes by increasing degree, equal degrees in seeded random order (a counting sort of a shuffle). */
  private static int[] degreeOrder(WeightedGraph g, SplittableRandom rnd) {
    int n = g.n;
    int[] perm = Shuffle.permutation(n, rnd);
    int maxDeg = 0;
    for (int u = 0; u < n; u++) {
      maxDeg = Math.max(maxDeg, g.degree(u));
    }
    // Degrees above a cap share the last bucket: the order among hubs matters little.
    int cap = Math.min(maxDeg, 1 << 16);
    int[] count = new int[cap + 2];
    for (int u = 0; u < n; u++) {
      count[Math.min(g.degree(u), cap) + 1]++;
    }
    for (int d = 0; d <= cap; d++) {
      count[d + 1] += count[d];
    }
    int[] order = new int[n];
    for (int u : perm) {
      order[count[Math.min(g.degree(u), cap)]++] = u;
    }
    return order;
  }

  /**
   * METIS' 2-hop matching: unmatched nodes of degree ≤ maxDeg that hang off the same neighbour are
   * paired (they share that neighbour, so contracting them is cheap in cut terms).
   */
  private static void twoHop(WeightedGraph g, int[] match, int maxDeg, int maxVw) {
    int[] vw = g.vwgt;
    for (int hub = 0; hub < g.n; hub++) {
      int pending = -1;
      for (int i = g.xadj[hub]; i < g.xadj[hub + 1]; i++) {
        int u = g.adjncy[i];
        if (match[u] >= 0 || g.degree(u) > maxDeg) {
          continue;
        }
        if (pending >= 0 && vw[pending] + vw[u] <= maxVw) {
          match[pending] = u;
          match[u] = pending;
          pending = -1;
        } else {
          pending = u;
        }
      }
    }
  }

  /** Pairs unmatched isolated nodes with each other: free in cut terms, and it lets coarsening go on. */
  private static void pairIsolated(WeightedGraph g, int[] match, int maxVw) {
    int pending = -1;
    for (int u = 0; u < g.n; u++) {
      if (match[u] >= 0 || g.degree(u) > 0) {
        continue;
      }
      if (pending >= 0 && g.vwgt[pending] + g.vwgt[u] <= maxVw) {
        match[pending] = u;
        match[u] = pending;
        pending = -1;
      } else {
        pending = u;
      }
    }
  }

  /** Contracts matched pairs: coarse weights are sums, parallel edges merge, internal edges vanish. */
  static WeightedGraph contract(WeightedGraph g, int[] cmap, int cn) {
    int n = g.n;
    int[] first = new int[cn];
    int[] second = new int[cn];
    java.util.Arrays.fill(first, -1);
    java.util.Arrays.fill(second, -1);
    for (int u = 0; u < n; u++) {
      int c = cmap[u];
      if (first[c] < 0) {
        first[c] = u;
      } else {
        second[c] = u;
      }
    }
    int[] cx = new int[cn + 1];
    int[] ca = new int[g.adjncy.length];
    int[] cw = new int[g.adjncy.length];
    int[] cv = new int[cn];
    int[] slot = new int[cn];
    java.util.Arrays.fill(slot, -1);
    int k = 0;
    for (int c = 0; c < cn; c++) {
      int rowStart = k;
      for (int t = 0; t < 2; t++) {
        int u = t == 0 ? first[c] : second[c];
        if (u < 0) {
          continue;
        }
        cv[c] += g.vwgt[u];
        for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
          int d = cmap[g.adjncy[i]];
          if (d == c) {
            continue;
          }
          int s = slot[d];
          if (s >= rowStart) {
            cw[s] += g.adjwgt[i];
          } else {
            slot[d] = k;
            ca[k] = d;
            cw[k++] = g.adjwgt[i];
          }
        }
      }
      cx[c + 1] = k;
    }
    return new WeightedGraph(cn, cx, java.util.Arrays.copyOf(ca, k), java.util.Arrays.copyOf(cw, k), cv);
  }
}
