package io.github.ibmb4j.schedule;

/**
 * Distances between batches for scheduling (§1.7 of docs/algorithm.md, {@code get_pair_wise_distance}):
 * each batch's output-label histogram with one added to every class count (Laplace smoothing),
 * normalised to a distribution p_b; dist(a, b) = KL(p_a‖p_b) + KL(p_b‖p_a), plus 1e-5 everywhere,
 * diagonal 0. O(n²·C) time and O(n²) memory; deterministic, stateless.
 */
public final class LabelDivergence {
  /** Added to every off-diagonal distance, as in the reference. */
  public static final double OFFSET = 1e-5;

  private LabelDivergence() {}

  /**
   * @param outputLabels per batch, the labels of its output nodes (labels &lt; 0 are ignored)
   * @param numClasses C
   */
  public static double[][] matrix(int[][] outputLabels, int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("number of classes is " + numClasses + ", expected >= 1");
    }
    int n = outputLabels.length;
    double[][] p = new double[n][numClasses];
    for (int b = 0; b < n; b++) {
      double[] h = p[b];
      java.util.Arrays.fill(h, 1.0);
      double total = numClasses;
      for (int y : outputLabels[b]) {
        if (y >= numClasses) {
          throw new IllegalArgumentException("label " + y + " is out of range [0, " + numClasses + ")");
        }
        if (y >= 0) {
          h[y]++;
          total++;
        }
      }
      for (int c = 0; c < numClasses; c++) {
        h[c] /= total;
      }
    }
    double[][] d = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double kl = 0;
        for (int c = 0; c < numClasses; c++) {
          double x = p[a][c];
          double y = p[b][c];
          kl += x * Math.log(x / y) + y * Math.log(y / x);
        }
        d[a][b] = kl + OFFSET;
        d[b][a] = kl + OFFSET;
      }
    }
    return d;
  }
}
