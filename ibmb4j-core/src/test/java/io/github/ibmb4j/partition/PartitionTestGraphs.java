package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import java.util.SplittableRandom;

/** Small graphs with known structure for partitioner tests. */
final class PartitionTestGraphs {
  private PartitionTestGraphs() {}

  /** Two cliques of size s (nodes 0..s-1 and s..2s-1) joined by the single edge (s-1, s). */
  static CsrGraph twoCliques(int s) {
    var src = new java.util.ArrayList<Integer>();
    var dst = new java.util.ArrayList<Integer>();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < s; i++) {
        for (int j = i + 1; j < s; j++) {
          src.add(c * s + i);
          dst.add(c * s + j);
        }
      }
    }
    src.add(s - 1);
    dst.add(s);
    return GraphBuilder.fromEdges(2 * s, src.stream().mapToInt(x -> x).toArray(),
        dst.stream().mapToInt(x -> x).toArray(), true);
  }

  /** A w × h grid (4-neighbourhood). */
  static CsrGraph grid(int w, int h) {
    int m = (w - 1) * h + w * (h - 1);
    int[] s = new int[m];
    int[] t = new int[m];
    int e = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = y * w + x;
        if (x + 1 < w) {
          s[e] = v;
          t[e++] = v + 1;
        }
        if (y + 1 < h) {
          s[e] = v;
          t[e++] = v + w;
        }
      }
    }
    return GraphBuilder.fromEdges(w * h, s, t, true);
  }

  /**
   * A random symmetric graph with {@code blocks} communities (85 % of edges inside), some self-loops,
   * and a few isolated nodes when {@code isolated}.
   */
  static CsrGraph clustered(int n, int blocks, double avgDeg, boolean isolated, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int m = (int) (n * avgDeg / 2);
    int[] s = new int[m + n / 10];
    int[] t = new int[m + n / 10];
    int limit = isolated ? n - Math.max(1, n / 50) : n;
    for (int i = 0; i < m; i++) {
      int u = r.nextInt(limit);
      int v;
      if (r.nextDouble() < 0.85) {
        int b = u * blocks / limit;
        int lo = (int) ((long) b * limit / blocks);
        int hi = (int) ((long) (b + 1) * limit / blocks);
        v = lo + r.nextInt(hi - lo);
      } else {
        v = r.nextInt(limit);
      }
      s[i] = u;
      t[i] = v;
    }
    for (int i = m; i < s.length; i++) {
      s[i] = r.nextInt(limit);
      t[i] = s[i];
    }
    return GraphBuilder.fromEdges(n, s, t, true);
  }
}
