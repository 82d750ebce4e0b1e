package io.github.ibmb4j.data;

import io.github.ibmb4j.random.Shuffle;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded train/validation/test splits for datasets that ship none. */
public final class Splits {
  /** The project-wide default fractions: 60 % train, 20 % validation, rest test. */
  public static final double DEFAULT_TRAIN = 0.6;
  /** Default validation fraction. */
  public static final double DEFAULT_VAL = 0.2;
  /** Default seed, so that every command and report sees the same split unless told otherwise. */
  public static final long DEFAULT_SEED = 0;

  private Splits() {}

  /**
   * A stratified random split of the labelled nodes (label ≥ 0): within every class, nodes are shuffled
   * with a {@link SplittableRandom} seeded by {@code seed} (Fisher–Yates), and the first
   * round(trainFrac·n_c) go to train, the next round(valFrac·n_c) to validation, the rest to test.
   * Each part is returned sorted. Deterministic for a given seed; O(N).
   */
  public static Split stratified(int[] labels, double trainFrac, double valFrac, long seed) {
    if (!(trainFrac > 0) || !(valFrac >= 0) || trainFrac + valFrac > 1) {
      throw new IllegalArgumentException("split fractions " + trainFrac + "/" + valFrac
          + " are invalid, expected train > 0, val >= 0 and train + val <= 1");
    }
    int classes = 0;
    for (int y : labels) {
      classes = Math.max(classes, y + 1);
    }
    int[] count = new int[classes];
    for (int y : labels) {
      if (y >= 0) {
        count[y]++;
      }
    }
    int[][] byClass = new int[classes][];
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[count[c]];
    }
    int[] fill = new int[classes];
    for (int v = 0; v < labels.length; v++) {
      if (labels[v] >= 0) {
        byClass[labels[v]][fill[labels[v]]++] = v;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] train = new int[labels.length];
    int[] val = new int[labels.length];
    int[] test = new int[labels.length];
    int nt = 0;
    int nv = 0;
    int ns = 0;
    for (int c = 0; c < classes; c++) {
      int[] nodes = byClass[c];
      Shuffle.shuffle(nodes, rnd.split());
      int a = (int) Math.round(trainFrac * nodes.length);
      int b = Math.min(nodes.length, a + (int) Math.round(valFrac * nodes.length));
      for (int i = 0; i < nodes.length; i++) {
        if (i < a) {
          train[nt++] = nodes[i];
        } else if (i < b) {
          val[nv++] = nodes[i];
        } else {
          test[ns++] = nodes[i];
        }
      }
    }
    int[] tr = Arrays.copyOf(train, nt);
    int[] va = Arrays.copyOf(val, nv);
    int[] te = Arrays.copyOf(test, ns);
    Arrays.sort(tr);
    Arrays.sort(va);
    Arrays.sort(te);
    String name = String.format(java.util.Locale.ROOT, "stratified random %.0f/%.0f/%.0f seed %d",
        100 * trainFrac, 100 * valFrac, 100 * (1 - trainFrac - valFrac), seed);
    return new Split(name, tr, va, te);
  }
}
