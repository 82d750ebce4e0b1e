package io.github.ibmb4j.random;

import java.util.SplittableRandom;

/**
 * The Fisher–Yates shuffle, the one used wherever the library permutes at random (splits, synthetic
 * graphs, partitioner visit orders, random grouping, schedules, samplers): for i from the last
 * position down to 1, swap position i with position {@code r.nextInt(i + 1)}. O(n) time, in place,
 * n − 1 draws from {@code r} (none for n ≤ 1), so the result is a pure function of the generator's
 * state. Stateless and thread-safe (the generator is the caller's).
 */
public final class Shuffle {
  private Shuffle() {}

  /** Shuffles {@code a} in place. */
  public static void shuffle(int[] a, SplittableRandom r) {
    shuffle(a, a.length, r);
  }

  /** Shuffles the prefix {@code a[0, length)} in place. */
  public static void shuffle(int[] a, int length, SplittableRandom r) {
    for (int i = length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Shuffles {@code a} in place. */
  public static void shuffle(double[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** A uniformly random permutation of 0..n−1: the identity, shuffled. */
  public static int[] permutation(int n, SplittableRandom r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, r);
    return p;
  }
}
