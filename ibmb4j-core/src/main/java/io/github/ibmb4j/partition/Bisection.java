package io.github.ibmb4j.partition;

import io.github.ibmb4j.random.Shuffle;
import java.util.SplittableRandom;

/**
 * Two-way partitioning for the initial k-way partition (METIS' recursive-bisection path): greedy graph
 * growing (GGGP) from seeded random start nodes, Fiduccia–Mattheyses refinement with gain heaps, and a
 * multilevel driver that coarsens, bisects the coarsest graph (best of several tries) and refines with
 * FM on every level while uncoarsening. Sequential; deterministic for the random stream.
 */
final class Bisection {
  private Bisection() {}

  /** Per-side weight bounds of a bisection whose side 0 should weigh {@code target0}. */
  static long[] maxWeights(long total, long target0, double tol, int maxVw) {
    long t1 = total - target0;
    return new long[] {
        Math.max((long) Math.floor(tol * target0), target0 + maxVw - 1),
        Math.max((long) Math.floor(tol * t1), t1 + maxVw - 1)};
  }

  /**
   * Multilevel bisection of {@code g} with side 0 targeting {@code frac0} of the weight.
   *
   * @return side (0/1) per node
   */
  static int[] multilevel(WeightedGraph g, double frac0, double tol, int tries, int maxVwAllowance,
      SplittableRandom rnd) {
    long target0 = Math.round(frac0 * g.totalVwgt);
    long[] maxPw = maxWeights(g.totalVwgt, target0, tol, maxVwAllowance);
    Coarsening.Hierarchy h = Coarsening.coarsen(g, 40, rnd);
    WeightedGraph c = h.coarsest();
    int[] where = bestGrown(c, target0, maxPw, tries, rnd);
    for (int l = h.graphs().size() - 2; l >= 0; l--) {
      WeightedGraph fine = h.graphs().get(l);
      int[] cmap = h.cmaps().get(l);
      int[] fw = new int[fine.n];
      for (int u = 0; u < fine.n; u++) {
        fw[u] = where[cmap[u]];
      }
      where = fw;
      fm(fine, where, target0, maxPw, 10);
    }
    return where;
  }

  /** Best of {@code tries} grown bisections (each FM-refined): least overload, then least cut. */
  static int[] bestGrown(WeightedGraph g, long target0, long[] maxPw, int tries, SplittableRandom rnd) {
    int[] best = null;
    long bestOver = Long.MAX_VALUE;
    long bestCut = Long.MAX_VALUE;
    for (int t = 0; t < tries; t++) {
      int[] where = grow(g, target0, maxPw, rnd);
      fm(g, where, target0, maxPw, 10);
      long[] pw = sideWeights(g, where);
      long over = overload(pw, maxPw);
      long cut = g.cut(where);
      if (over < bestOver || (over == bestOver && cut < bestCut)) {
        best = where;
        bestOver = over;
        bestCut = cut;
      }
    }
    return best;
  }

  static long[] sideWeights(WeightedGraph g, int[] where) {
    long[] pw = new long[2];
    for (int u = 0; u < g.n; u++) {
      pw[where[u]] += g.vwgt[u];
    }
    return pw;
  }

  private static long overload(long[] pw, long[] maxPw) {
    return Math.max(0, pw[0] - maxPw[0]) + Math.max(0, pw[1] - maxPw[1]);
  }

  /**
   * Greedy graph growing: side 0 grows from a random node, always absorbing the frontier node whose move
   * lowers the cut most, until it reaches its target weight; a new random seed starts when the frontier
   * empties (disconnected graphs).
   */
  static int[] grow(WeightedGraph g, long target0, long[] maxPw, SplittableRandom rnd) {
    int n = g.n;
    int[] where = new int[n];
    java.util.Arrays.fill(where, 1);
    int[] wdeg = new int[n];
    for (int u = 0; u < n; u++) {
      int s = 0;
      for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
        s += g.adjwgt[i];
      }
      wdeg[u] = s;
    }
    int[] conn0 = new int[n];
    int[] perm = Shuffle.permutation(n, rnd);
    int next = 0;
    GainHeap heap = new GainHeap(n);
    long pw0 = 0;
    while (pw0 < target0) {
      int u;
      if (heap.size() > 0) {
        u = heap.pop();
      } else {
        while (next < n && where[perm[next]] == 0) {
          next++;
        }
        if (next == n) {
          break;
        }
        u = perm[next++];
      }
      if (pw0 + g.vwgt[u] > maxPw[0]) {
        continue;
      }
      where[u] = 0;
      pw0 += g.vwgt[u];
      for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
        int v = g.adjncy[i];
        if (where[v] != 1) {
          continue;
        }
        conn0[v] += g.adjwgt[i];
        int key = 2 * conn0[v] - wdeg[v];
        if (heap.contains(v)) {
          heap.update(v, key);
        } else {
          heap.insert(v, key);
        }
      }
    }
    return where;
  }

  /**
   * Fiduccia–Mattheyses refinement: per pass, nodes move one at a time (each at most once) from the
   * side chosen for balance or best gain, negative gains allowed; the best prefix (least overload,
   * then least cut, then closest to the target) is kept and the rest rolled back. A pass stops after a
   * run of non-improving moves; passes repeat until one does not improve.
   */
  static void fm(WeightedGraph g, int[] where, long target0, long[] maxPw, int passes) {
    int n = g.n;
    if (n < 2) {
      return;
    }
    int[] id = new int[n];
    int[] ed = new int[n];
    boolean[] locked = new boolean[n];
    int[] moves = new int[n];
    GainHeap[] heaps = {new GainHeap(n), new GainHeap(n)};
    int limit = (int) Math.min(Math.max(0.01 * n, 25), 150);
    long[] pw = sideWeights(g, where);
    long cut = 0;
    // id/ed are computed once and then kept up to date through moves and rollbacks.
    for (int u = 0; u < n; u++) {
      int a = 0;
      int b = 0;
      int wu = where[u];
      for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
        if (where[g.adjncy[i]] == wu) {
          a += g.adjwgt[i];
        } else {
          b += g.adjwgt[i];
        }
      }
      id[u] = a;
      ed[u] = b;
      cut += b;
    }
    cut /= 2;
    for (int pass = 0; pass < passes; pass++) {
      java.util.Arrays.fill(locked, false);
      heaps[0].clear();
      heaps[1].clear();
      // Only boundary nodes are candidates (METIS): interior nodes join once a neighbour moves. When
      // the sides are badly overweight and there is no boundary (disconnected pieces), every node is.
      boolean all = overload(pw, maxPw) > 0;
      for (int u = 0; u < n; u++) {
        if (all || ed[u] > 0) {
          heaps[where[u]].insert(u, ed[u] - id[u]);
        }
      }
      long bestCut = cut;
      long bestOver = overload(pw, maxPw);
      long bestDev = Math.abs(pw[0] - target0);
      int bestMoves = 0;
      int nmoves = 0;
      int sinceBest = 0;
      while (true) {
        int from;
        if (pw[0] > maxPw[0]) {
          from = 0;
        } else if (pw[1] > maxPw[1]) {
          from = 1;
        } else {
          boolean ok0 = heaps[0].size() > 0 && pw[1] + g.vwgt[heaps[0].top()] <= maxPw[1];
          boolean ok1 = heaps[1].size() > 0 && pw[0] + g.vwgt[heaps[1].top()] <= maxPw[0];
          if (ok0 && ok1) {
            int k0 = heaps[0].topKey();
            int k1 = heaps[1].topKey();
            from = k0 > k1 ? 0 : k1 > k0 ? 1 : (pw[0] - target0 >= 0 ? 0 : 1);
          } else if (ok0) {
            from = 0;
          } else if (ok1) {
            from = 1;
          } else {
            // The best candidates do not fit: drop them for this pass and look further.
            if (heaps[0].size() == 0 && heaps[1].size() == 0) {
              break;
            }
            for (int s = 0; s < 2; s++) {
              if (heaps[s].size() > 0) {
                locked[heaps[s].pop()] = true;
              }
            }
            continue;
          }
        }
        if (heaps[from].size() == 0) {
          break;
        }
        int u = heaps[from].pop();
        int to = 1 - from;
        locked[u] = true;
        cut -= ed[u] - id[u];
        where[u] = to;
        pw[from] -= g.vwgt[u];
        pw[to] += g.vwgt[u];
        int t = id[u];
        id[u] = ed[u];
        ed[u] = t;
        for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
          int v = g.adjncy[i];
          int w = g.adjwgt[i];
          if (where[v] == to) {
            id[v] += w;
            ed[v] -= w;
          } else {
            id[v] -= w;
            ed[v] += w;
          }
          if (!locked[v]) {
            GainHeap h = heaps[where[v]];
            if (h.contains(v)) {
              h.update(v, ed[v] - id[v]);
            } else {
              h.insert(v, ed[v] - id[v]);
            }
          }
        }
        moves[nmoves++] = u;
        long over = overload(pw, maxPw);
        long dev = Math.abs(pw[0] - target0);
        if (over < bestOver || (over == bestOver && (cut < bestCut
            || (cut == bestCut && dev < bestDev)))) {
          bestOver = over;
          bestCut = cut;
          bestDev = dev;
          bestMoves = nmoves;
          sinceBest = 0;
        } else if (++sinceBest > limit) {
          break;
        }
      }
      for (int m = nmoves - 1; m >= bestMoves; m--) {
        int u = moves[m];
        int from = where[u];
        int to = 1 - from;
        where[u] = to;
        pw[from] -= g.vwgt[u];
        pw[to] += g.vwgt[u];
        int t = id[u];
        id[u] = ed[u];
        ed[u] = t;
        for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
          int v = g.adjncy[i];
          int w = g.adjwgt[i];
          if (where[v] == to) {
            id[v] += w;
            ed[v] -= w;
          } else {
            id[v] -= w;
            ed[v] += w;
          }
        }
      }
      cut = bestCut;
      if (bestMoves == 0) {
        break;
      }
    }
  }
}
