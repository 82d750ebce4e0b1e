package io.github.ibmb4j.partition;

import io.github.ibmb4j.random.Shuffle;
import java.util.SplittableRandom;

/**
 * Greedy k-way boundary refinement with a balance constraint (METIS' {@code Greedy_KWayOptimize} in
 * spirit): each pass visits the boundary nodes in seeded random order and moves a node to the adjacent
 * part it is most connected to when that lowers the cut (or keeps it and improves balance) without
 * overfilling the target part. A balancing step first empties overweight parts, moving the nodes that
 * cost least. O(E) per pass with O(k) scratch; sequential and deterministic for the random stream.
 */
final class KWayRefinement {
  private final int k;
  private final int[] conn;
  private final int[] touched;
  private long[] keyBuf = new long[0];
  private int[] orderBuf = new int[0];

  KWayRefinement(int k) {
    this.k = k;
    this.conn = new int[k];
    this.touched = new int[k];
  }

  static long[] partWeights(WeightedGraph g, int[] where, int k) {
    long[] pw = new long[k];
    for (int u = 0; u < g.n; u++) {
      pw[where[u]] += g.vwgt[u];
    }
    return pw;
  }

  /** Fills conn[] for u's neighbourhood; returns the number of touched parts (listed in touched[]). */
  private int connect(WeightedGraph g, int[] where, int u) {
    int nt = 0;
    int a = where[u];
    conn[a] = 0;
    touched[nt++] = a;
    for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
      int p = where[g.adjncy[i]];
      if (conn[p] == 0 && p != a) {
        touched[nt++] = p;
      }
      conn[p] += g.adjwgt[i];
    }
    return nt;
  }

  private void reset(int nt) {
    for (int t = 0; t < nt; t++) {
      conn[touched[t]] = 0;
    }
  }

  private static boolean isBoundary(WeightedGraph g, int[] where, int u) {
    int a = where[u];
    for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
      if (where[g.adjncy[i]] != a) {
        return true;
      }
    }
    return false;
  }

  /** Runs up to {@code passes} greedy passes; stops early when a pass moves nothing. */
  void refine(WeightedGraph g, int[] where, long[] pw, long maxPw, int passes, SplittableRandom rnd) {
    int n = g.n;
    int[] list = new int[n];
    for (int pass = 0; pass < passes; pass++) {
      int nb = 0;
      for (int u = 0; u < n; u++) {
        if (isBoundary(g, where, u)) {
          list[nb++] = u;
        }
      }
      Shuffle.shuffle(list, nb, rnd);
      // Visit in order of decreasing gain estimate (external minus internal weight), ties at random:
      // METIS' priority order, which lets the most promising moves go first.
      long[] keys = keyBuf.length >= nb ? keyBuf : (keyBuf = new long[n]);
      for (int x = 0; x < nb; x++) {
        int u = list[x];
        int a = where[u];
        long ext = 0;
        long in = 0;
        for (int i = g.xadj[u]; i < g.xadj[u + 1]; i++) {
          if (where[g.adjncy[i]] == a) {
            in += g.adjwgt[i];
          } else {
            ext += g.adjwgt[i];
          }
        }
        long key = Math.max(-(1L << 30), Math.min(1L << 30, ext - in));
        keys[x] = (((1L << 30) - key) << 32) | x;
      }
      java.util.Arrays.sort(keys, 0, nb);
      int[] sorted = orderBuf.length >= nb ? orderBuf : (orderBuf = new int[n]);
      for (int x = 0; x < nb; x++) {
        sorted[x] = list[(int) (keys[x] & 0xffffffffL)];
      }
      System.arraycopy(sorted, 0, list, 0, nb);
      int moved = 0;
      for (int x = 0; x < nb; x++) {
        int u = list[x];
        int a = where[u];
        int vw = g.vwgt[u];
        int nt = connect(g, where, u);
        int id = conn[a];
        int best = -1;
        int bestConn = 0;
        for (int t = 1; t < nt; t++) {
          int b = touched[t];
          if (pw[b] + vw > maxPw) {
            continue;
          }
          int c = conn[b];
          if (best < 0 || c > bestConn || (c == bestConn && pw[b] < pw[best])) {
            best = b;
            bestConn = c;
          }
        }
        reset(nt);
        if (best < 0) {
          continue;
        }
        int gain = bestConn - id;
        if (gain > 0 || (gain == 0 && pw[best] + vw < pw[a] - vw)) {
          where[u] = best;
          pw[a] -= vw;
          pw[best] += vw;
          moved++;
        }
      }
      if (moved == 0) {
        break;
      }
    }
  }

  /**
   * Moves nodes out of parts heavier than {@code maxPw}: candidates are ranked by the cut they add
   * (least first), going to the best-connected part with room, else to the lightest part with room.
   * Repeats a few rounds; may leave overweight parts only when no single node fits anywhere.
   */
  void balance(WeightedGraph g, int[] where, long[] pw, long maxPw) {
    for (int round = 0; round < 8; round++) {
      boolean over = false;
      for (int p = 0; p < k; p++) {
        if (pw[p] > maxPw) {
          over = true;
          break;
        }
      }
      if (!over) {
        return;
      }
      int n = g.n;
      int cnt = 0;
      long[] cand = new long[n];
      for (int u = 0; u < n; u++) {
        int a = where[u];
        if (pw[a] <= maxPw) {
          continue;
        }
        int nt = connect(g, where, u);
        int id = conn[a];
        int bestConn = 0;
        for (int t = 1; t < nt; t++) {
          bestConn = Math.max(bestConn, conn[touched[t]]);
        }
        reset(nt);
        long loss = (long) id - bestConn;
        // Sort key: loss (offset to be non-negative) in the high bits, node id in the low bits.
        cand[cnt++] = ((loss + (1L << 31)) << 32) | u;
      }
      java.util.Arrays.sort(cand, 0, cnt);
      int moved = 0;
      for (int c = 0; c < cnt; c++) {
        int u = (int) (cand[c] & 0xffffffffL);
        int a = where[u];
        if (pw[a] <= maxPw) {
          continue;
        }
        int vw = g.vwgt[u];
        int nt = connect(g, where, u);
        int best = -1;
        int bestConn = -1;
        for (int t = 1; t < nt; t++) {
          int b = touched[t];
          if (pw[b] + vw <= maxPw && conn[b] > bestConn) {
            best = b;
            bestConn = conn[b];
          }
        }
        reset(nt);
        if (best < 0) {
          long lightest = Long.MAX_VALUE;
          for (int p = 0; p < k; p++) {
            if (p != a && pw[p] + vw <= maxPw && pw[p] < lightest) {
              lightest = pw[p];
              best = p;
            }
          }
        }
        if (best >= 0) {
          where[u] = best;
          pw[a] -= vw;
          pw[best] += vw;
          moved++;
        }
      }
      if (moved == 0) {
        return;
      }
    }
  }
}
