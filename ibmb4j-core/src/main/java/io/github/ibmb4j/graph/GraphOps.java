package io.github.ibmb4j.graph;

import java.util.Arrays;

/**
 * Structural operations on {@link CsrGraph}s: symmetrisation, self-loops, degrees, normalised edge
 * values, homophily. All are O(N + E) unless stated, deterministic and allocate their results.
 */
public final class GraphOps {
  private GraphOps() {}

  /** The graph with every entry (u, v) also present as (v, u). */
  public static CsrGraph symmetrize(CsrGraph g) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    int m = tgt.length;
    int[] src = new int[m];
    for (int v = 0; v < n; v++) {
      Arrays.fill(src, (int) off[v], (int) off[v + 1], v);
    }
    return GraphBuilder.fromEdges(n, src, tgt.clone(), true);
  }

  /** Whether every entry (u, v) has its reverse (v, u). O(E log d). */
  public static boolean isSymmetric(CsrGraph g) {
    long[] off = g.offsets();
    int[] tgt = g.targets();
    for (int u = 0; u < g.numNodes(); u++) {
      for (long i = off[u]; i < off[u + 1]; i++) {
        if (!g.hasEdge(tgt[(int) i], u)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The graph with a self-loop on every node (those already present are kept once), as in the
   * reference's {@code add_remaining_self_loops}. Rows stay sorted; one linear merge pass.
   */
  public static CsrGraph withSelfLoops(CsrGraph g) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    long missing = n - countSelfLoops(g);
    long[] o = new long[n + 1];
    int[] t = new int[(int) (tgt.length + missing)];
    int w = 0;
    for (int v = 0; v < n; v++) {
      int s = (int) off[v];
      int e = (int) off[v + 1];
      boolean placed = false;
      for (int i = s; i < e; i++) {
        int x = tgt[i];
        if (!placed && x >= v) {
          if (x != v) {
            t[w++] = v;
          }
          placed = true;
        }
        t[w++] = x;
      }
      if (!placed) {
        t[w++] = v;
      }
      o[v + 1] = w;
    }
    return CsrGraph.trusted(n, o, t);
  }

  /** The graph without any self-loops. */
  public static CsrGraph withoutSelfLoops(CsrGraph g) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    long[] o = new long[n + 1];
    int[] t = new int[(int) (tgt.length - countSelfLoops(g))];
    int w = 0;
    for (int v = 0; v < n; v++) {
      for (int i = (int) off[v]; i < off[v + 1]; i++) {
        if (tgt[i] != v) {
          t[w++] = tgt[i];
        }
      }
      o[v + 1] = w;
    }
    return CsrGraph.trusted(n, o, t);
  }

  /** Number of nodes with a self-loop. */
  public static long countSelfLoops(CsrGraph g) {
    long c = 0;
    for (int v = 0; v < g.numNodes(); v++) {
      if (g.hasEdge(v, v)) {
        c++;
      }
    }
    return c;
  }

  /** Number of undirected edges of a symmetric graph, self-loops not counted. */
  public static long undirectedEdgeCount(CsrGraph g) {
    return (g.numEntries() - countSelfLoops(g)) / 2;
  }

  /** Out-degrees (a self-loop counts once), length N. */
  public static int[] degrees(CsrGraph g) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] d = new int[n];
    for (int v = 0; v < n; v++) {
      d[v] = (int) (off[v + 1] - off[v]);
    }
    return d;
  }

  /** Number of nodes without any neighbour other than themselves. */
  public static int countIsolated(CsrGraph g) {
    int c = 0;
    for (int v = 0; v < g.numNodes(); v++) {
      int d = g.degree(v);
      if (d == 0 || (d == 1 && g.targets()[(int) g.offsets()[v]] == v)) {
        c++;
      }
    }
    return c;
  }

  /**
   * Normalised value of every stored entry, aligned with {@link CsrGraph#targets()}; degrees are the
   * row lengths of {@code g} (self-loop included if present). Rows of degree 0 have no entries.
   */
  public static float[] normalizedValues(CsrGraph g, Normalization norm) {
    int n = g.numNodes();
    long[] off = g.offsets();
    int[] tgt = g.targets();
    float[] val = new float[tgt.length];
    switch (norm) {
      case NONE -> Arrays.fill(val, 1f);
      case RW -> {
        for (int u = 0; u < n; u++) {
          int s = (int) off[u];
          int e = (int) off[u + 1];
          if (e > s) {
            Arrays.fill(val, s, e, (float) (1.0 / (e - s)));
          }
        }
      }
      case SYM -> {
        double[] inv = new double[n];
        for (int v = 0; v < n; v++) {
          int d = (int) (off[v + 1] - off[v]);
          inv[v] = d > 0 ? 1.0 / Math.sqrt(d) : 0.0;
        }
        for (int u = 0; u < n; u++) {
          for (int i = (int) off[u]; i < off[u + 1]; i++) {
            val[i] = (float) (inv[u] * inv[tgt[i]]);
          }
        }
      }
    }
    return val;
  }

  /**
   * Edge homophily: the fraction of edges (u, v), u ≠ v, whose endpoints both carry a label (≥ 0) and
   * share it, among edges whose endpoints are both labelled. NaN when there is no such edge.
   */
  public static double edgeHomophily(CsrGraph g, int[] labels) {
    long same = 0;
    long total = 0;
    long[] off = g.offsets();
    int[] tgt = g.targets();
    for (int u = 0; u < g.numNodes(); u++) {
      int lu = labels[u];
      if (lu < 0) {
        continue;
      }
      for (int i = (int) off[u]; i < off[u + 1]; i++) {
        int v = tgt[i];
        if (v == u || labels[v] < 0) {
          continue;
        }
        total++;
        if (labels[v] == lu) {
          same++;
        }
      }
    }
    return total == 0 ? Double.NaN : (double) same / total;
  }
}
