package io.github.ibmb4j.schedule;

import java.util.SplittableRandom;

/**
 * A fixed batch order, reused every epoch, whose cyclic tour <em>maximises</em> the summed label
 * divergence between consecutive batches (the reference's {@code 'order'}, §1.7): consecutive batches
 * have label distributions as different as possible.
 *
 * <p>// Deviation from the reference's PyG port: python-tsp's solver there <em>minimises</em> the
 * divergence tour (§4 item 5); we maximise, as the official code does by negating the matrix (pinned by
 * {@code SchedulesTest.tourMaximisesAndAnnealingFindsTheBruteForceOptimumOnSmallInstances}).
 *
 * <p>Algorithm: exact brute force over the (n−1)! tours through batch 0 for n ≤ {@value #EXACT_MAX};
 * otherwise simulated annealing with 2-opt moves (segment reversal, O(1) gain on the symmetric
 * matrix) after the reference's schedule: T₀ from 100 random moves with acceptance τ₀ = 0.5, T ×= 0.9
 * per cycle of 10·n moves, stop after 3 cycles without an accepted move, after
 * {@code maxMoves} moves, or after the time budget; the best tour seen is kept. Seeded
 * ({@link SplittableRandom}); the time budget is the only source of non-determinism (set it to 0 for
 * a pure move budget). The tour is rotated to start at batch 0. Immutable and thread-safe.
 */
public final class DivergenceTour implements BatchScheduler {
  /** Largest n solved exactly. */
  public static final int EXACT_MAX = 8;

  private final int[] tour;
  private final double value;

  /** The tour for {@code dist} (symmetric, non-negative), seeded, with a move and a time budget. */
  public DivergenceTour(double[][] dist, long seed, long maxMoves, long maxNanos) {
    this.tour = maximizeConsecutiveDivergence(dist, seed, maxMoves, maxNanos);
    this.value = tourValue(dist, tour);
  }

  /** With the default budgets: 2·10⁶ moves, 30 s. */
  public DivergenceTour(double[][] dist, long seed) {
    this(dist, seed, 2_000_000, 30_000_000_000L);
  }

  @Override
  public int numBatches() {
    return tour.length;
  }

  @Override
  public int[] order(int epoch) {
    return tour.clone();
  }

  /** Summed divergence along the cyclic tour. */
  public double value() {
    return value;
  }

  @Override
  public String describe() {
    return "divergence-tour(max, value=" + value + ")";
  }

  /** Σ dist[t_i][t_{i+1}] including the edge back to the start. */
  public static double tourValue(double[][] d, int[] t) {
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      s += d[t[i]][t[(i + 1) % t.length]];
    }
    return t.length < 2 ? 0 : s;
  }

  /** The cyclic tour of maximum summed consecutive divergence (exact for small n, else annealed). */
  public static int[] maximizeConsecutiveDivergence(double[][] d, long seed, long maxMoves, long maxNanos) {
    int n = d.length;
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = i;
      if (d[i].length != n) {
        throw new IllegalArgumentException("distance row " + i + " has length " + d[i].length + ", expected " + n);
      }
    }
    if (n <= 3) {
      return t; // every cyclic order has the same value
    }
    return n <= EXACT_MAX ? bruteForce(d) : anneal(d, seed, maxMoves, maxNanos);
  }

  static int[] bruteForce(double[][] d) {
    int n = d.length;
    int[] cur = new int[n];
    for (int i = 0; i < n; i++) {
      cur[i] = i;
    }
    int[] best = cur.clone();
    double[] bestVal = {tourValue(d, cur)};
    permute(d, cur, 1, best, bestVal);
    return best;
  }

  private static void permute(double[][] d, int[] a, int k, int[] best, double[] bestVal) {
    if (k == a.length) {
      double v = tourValue(d, a);
      if (v > bestVal[0]) {
        bestVal[0] = v;
        System.arraycopy(a, 0, best, 0, a.length);
      }
      return;
    }
    for (int i = k; i < a.length; i++) {
      swap(a, k, i);
      permute(d, a, k + 1, best, bestVal);
      swap(a, k, i);
    }
  }

  static int[] anneal(double[][] d, long seed, long maxMoves, long maxNanos) {
    int n = d.length;
    SplittableRandom r = new SplittableRandom(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = i;
    }
    for (int i = n - 1; i > 1; i--) { // random start, batch 0 first
      int j = 1 + r.nextInt(i);
      swap(t, i, j);
    }
    double cur = tourValue(d, t);
    int[] best = t.clone();
    double bestVal = cur;
    // T0 such that an average (worsening) move is accepted with probability tau0 = 0.5
    double sum = 0;
    for (int k = 0; k < 100; k++) {
      int i = 1 + r.nextInt(n - 1);
      int j = 1 + r.nextInt(n - 1);
      sum += Math.abs(gain(d, t, Math.min(i, j), Math.max(i, j)));
    }
    double temp = Math.max(1e-12, (sum / 100) / Math.log(2));
    long deadline = maxNanos > 0 ? System.nanoTime() + maxNanos : Long.MAX_VALUE;
    long moves = 0;
    int idle = 0;
    while (idle < 3 && moves < maxMoves && System.nanoTime() < deadline) {
      boolean accepted = false;
      for (int k = 0; k < 10 * n && moves < maxMoves; k++, moves++) {
        int i = 1 + r.nextInt(n - 1);
        int j = 1 + r.nextInt(n - 1);
        if (i == j) {
          continue;
        }
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        double g = gain(d, t, lo, hi);
        if (g > 0 || r.nextDouble() < Math.exp(g / temp)) {
          reverse(t, lo, hi);
          cur += g;
          accepted = true;
          if (cur > bestVal + 1e-12) {
            bestVal = cur;
            System.arraycopy(t, 0, best, 0, n);
          }
        }
      }
      idle = accepted ? 0 : idle + 1;
      temp *= 0.9;
    }
    return best;
  }

  /** Change of the tour value when reversing t[lo..hi] (1 ≤ lo &lt; hi ≤ n-1), symmetric d. */
  static double gain(double[][] d, int[] t, int lo, int hi) {
    int n = t.length;
    int a = t[lo - 1];
    int b = t[lo];
    int c = t[hi];
    int e = t[(hi + 1) % n];
    if (a == c || b == e) {
      return 0;
    }
    return d[a][c] + d[b][e] - d[a][b] - d[c][e];
  }

  private static void reverse(int[] t, int lo, int hi) {
    while (lo < hi) {
      swap(t, lo++, hi--);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int x = a[i];
    a[i] = a[j];
    a[j] = x;
  }
}
