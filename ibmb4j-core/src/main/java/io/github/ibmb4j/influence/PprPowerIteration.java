package io.github.ibmb4j.influence;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Arrays;

/**
 * Topic-sensitive personalized PageRank by power iteration for many teleport sets at once (reference
 * §1.4 step 4, {@code ppr_power_method} of batch-wise IBMB).
 *
 * <p>Iterates {@code X ← (1−α)·Â·X + α·X₀} from {@code X = X₀}, where column i of the N × B matrix
 * {@code X₀} is uniform (1/|S_i|) on teleport set S_i and {@code Â = D⁻¹A} is the row-normalised
 * adjacency of the given graph (pass the preprocessed graph of §1.1, which has a self-loop on every node,
 * to get the reference's {@code D⁻¹(A+I)}). Direction: {@code Â·x} <em>pulls</em> (averages over the
 * neighbours of each row), so score(u) = Σ_{s∈S} π_u(s)/|S|, where π_u is the PPR vector teleporting to
 * u: the probability that a random walk from u, stopping with probability α at each step, stops in S.
 * On an undirected graph this is the push-direction PPR of S rescaled by d_s/d_u (§1.4 item 4).
 * The fixed point is {@code X* = α(I − (1−α)Â)⁻¹X₀} and after t iterations
 * {@code max|X_t − X*| ≤ (1−α)^t · max X₀} (Â is row-stochastic).
 *
 * <p>Teleport sets are processed in blocks of {@code blockSize} columns, one sparse pass per iteration
 * over a row-major N × B dense block, so memory is O(N·B) doubles (two blocks). Each row is computed
 * independently (parallel over fixed row ranges, summation in CSR order), so results are bit-identical
 * whatever the thread count, and a column's values do not depend on which other columns share its
 * block. Time O(iterations · E · B) per block. Thread-safe (immutable).
 *
 * @param alpha teleport probability α in (0, 1] (reference configs: 0.25)
 * @param iterations number of power iterations ≥ 0 (reference: 50)
 * @param blockSize teleport sets per sparse pass, ≥ 1 (reference: 50)
 */
public record PprPowerIteration(double alpha, int iterations, int blockSize) {
  private static final int ROW_CHUNKS = 64;

  public PprPowerIteration {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("teleport probability alpha is " + alpha + ", expected (0, 1]");
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations is " + iterations + ", expected >= 0");
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size is " + blockSize + ", expected >= 1");
    }
  }

  /** The reference configuration: α = 0.25, 50 iterations, 50 teleport sets per pass. */
  public static PprPowerIteration defaults() {
    return new PprPowerIteration(0.25, 50, 50);
  }

  /**
   * Scores for a block of at most {@link #blockSize} teleport sets: a row-major N × B array, entry
   * {@code [u·B + i]} the score of node u for set i.
   */
  public double[] scores(CsrGraph graph, int[][] teleportSets) {
    if (teleportSets.length > blockSize) {
      throw new IllegalArgumentException("block of " + teleportSets.length
          + " teleport sets exceeds the block size " + blockSize);
    }
    return block(graph, teleportSets, 0, teleportSets.length);
  }

  /**
   * For every teleport set, the (at most) {@code k} nodes with the highest positive score, in
   * decreasing score order, ties broken by the smaller node id.
   */
  public int[][] topK(CsrGraph graph, int[][] teleportSets, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("top-k is " + k + ", expected >= 0");
    }
    int[][] out = new int[teleportSets.length][];
    int n = graph.numNodes();
    for (int from = 0; from < teleportSets.length; from += blockSize) {
      int b = Math.min(blockSize, teleportSets.length - from);
      double[] x = block(graph, teleportSets, from, b);
      double[] col = new double[n];
      for (int i = 0; i < b; i++) {
        for (int u = 0; u < n; u++) {
          col[u] = x[u * b + i];
        }
        out[from + i] = topOfColumn(col, k);
      }
    }
    return out;
  }

  private double[] block(CsrGraph graph, int[][] sets, int from, int b) {
    int n = graph.numNodes();
    for (int i = from; i < from + b; i++) {
      int[] s = sets[i];
      if (s.length == 0) {
        throw new IllegalArgumentException("teleport set " + i + " is empty");
      }
      for (int v : s) {
        if (v < 0 || v >= n) {
          throw new IllegalArgumentException(
              "teleport set " + i + " has node " + v + ", outside [0, " + n + ")");
        }
      }
    }
    if ((long) n * b > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a block of " + b + " columns over " + n
          + " nodes exceeds one array; use a smaller block size");
    }
    double[] x0 = new double[n * b];
    for (int i = 0; i < b; i++) {
      int[] s = sets[from + i];
      // Duplicates in a set add up, as a sparse X₀ built from an index list would.
      double w = 1.0 / s.length;
      for (int v : s) {
        x0[v * b + i] += w;
      }
    }
    double[] x = x0.clone();
    double[] next = new double[n * b];
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    double keep = 1 - alpha;
    for (int it = 0; it < iterations; it++) {
      double[] cur = x;
      double[] nxt = next;
      Parallel.forRanges(n, ROW_CHUNKS, (chunk, lo, hi) -> {
        double[] acc = new double[b];
        for (int u = lo; u < hi; u++) {
          Arrays.fill(acc, 0);
          int s = (int) off[u];
          int e = (int) off[u + 1];
          for (int j = s; j < e; j++) {
            int base = tgt[j] * b;
            for (int c = 0; c < b; c++) {
              acc[c] += cur[base + c];
            }
          }
          double scale = e > s ? keep / (e - s) : 0;
          int ub = u * b;
          for (int c = 0; c < b; c++) {
            nxt[ub + c] = scale * acc[c] + alpha * x0[ub + c];
          }
        }
      });
      next = x;
      x = nxt;
    }
    return x;
  }

  /** Top k positive entries of a column: decreasing score, ties by smaller id. O(N log N). */
  static int[] topOfColumn(double[] col, int k) {
    int n = col.length;
    int pos = 0;
    for (double v : col) {
      if (v > 0) {
        pos++;
      }
    }
    int take = Math.min(k, pos);
    if (take == 0) {
      return new int[0];
    }
    double[] sorted = new double[pos];
    int p = 0;
    for (double v : col) {
      if (v > 0) {
        sorted[p++] = v;
      }
    }
    Arrays.sort(sorted);
    double threshold = sorted[pos - take];
    int above = 0;
    for (double v : col) {
      if (v > threshold) {
        above++;
      }
    }
    int[] ids = new int[take];
    int w = 0;
    for (int u = 0; u < n && w < take; u++) {
      if (col[u] > threshold) {
        ids[w++] = u;
      }
    }
    // Fill with ties at the threshold, smallest ids first.
    int ties = take - above;
    for (int u = 0; u < n && ties > 0; u++) {
      if (col[u] == threshold) {
        ids[w++] = u;
        ties--;
      }
    }
    sortByScoreDescending(ids, col);
    return ids;
  }

  /** Stable merge sort of ids (given in ascending id order) by decreasing score. */
  private static void sortByScoreDescending(int[] ids, double[] score) {
    Arrays.sort(ids);
    int[] tmp = new int[ids.length];
    for (int width = 1; width < ids.length; width <<= 1) {
      for (int lo = 0; lo < ids.length; lo += 2 * width) {
        int mid = Math.min(lo + width, ids.length);
        int hi = Math.min(lo + 2 * width, ids.length);
        int a = lo;
        int c = mid;
        int t = lo;
        while (a < mid && c < hi) {
          tmp[t++] = score[ids[c]] > score[ids[a]] ? ids[c++] : ids[a++];
        }
        while (a < mid) {
          tmp[t++] = ids[a++];
        }
        while (c < hi) {
          tmp[t++] = ids[c++];
        }
      }
      System.arraycopy(tmp, 0, ids, 0, ids.length);
    }
  }
}
