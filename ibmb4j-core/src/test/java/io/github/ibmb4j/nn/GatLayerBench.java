package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.testing.FullGraph;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Manual timing of one GatConv forward and backward (wall and process CPU time, medians) on a real
 * graph (all nodes, with self-loops), for the default GAT's three layer shapes (hidden 128, 4 heads:
 * in → 4×128 concatenated, 512 → 4×128, 512 → 4×C averaged over the first 2000 rows); not a test.
 * Process CPU time is the contention-robust number on a shared machine. Usage (from the repository
 * root, after {@code mvn -pl ibmb4j-core test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp <classpath> io.github.ibmb4j.nn.GatLayerBench
 * <dataset dir> <threads> <repetitions>}.
 */
public final class GatLayerBench {
  private GatLayerBench() {}

  public static void main(String[] args) throws Exception {
    Dataset d = Datasets.open(args[0]);
    Parallel.setThreads(Integer.parseInt(args[1]));
    int reps = Integer.parseInt(args[2]);
    CsrMatrix adj = FullGraph.adjacency(d.graph(), Normalization.SYM);
    int n = adj.rows();
    var os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    SplittableRandom rnd = new SplittableRandom(1);
    int[][] shapes = {{d.features().dim(), 128, 4, 1, n}, {512, 128, 4, 1, n},
        {512, d.numClasses(), 4, 0, Math.min(2000, n)}};
    System.out.printf("%s n=%d nnz=%d threads=%d, medians of %d%n", Kernels.provider(), n,
        adj.nnz(), Parallel.threads(), reps);
    for (int[] sh : shapes) {
      int in = sh[0];
      int ch = sh[1];
      int heads = sh[2];
      boolean concat = sh[3] == 1;
      int rows = sh[4];
      GatConv conv = new GatConv("c", in, ch, heads, concat, true, new AdjacencyCache(),
          rnd.split());
      Matrix x = Matrix.zeros(n, in);
      for (int i = 0; i < x.data().length; i++) {
        x.data()[i] = (float) rnd.nextGaussian();
      }
      Matrix r = Matrix.zeros(rows, conv.outFeatures());
      for (int i = 0; i < r.data().length; i++) {
        r.data()[i] = (float) rnd.nextGaussian();
      }
      double[][] t = new double[4][reps];
      for (int it = -3; it < reps; it++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        conv.forward(adj, rows, x);
        long c1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        conv.backward(r, true);
        long c2 = os.getProcessCpuTime();
        long t2 = System.nanoTime();
        if (it >= 0) {
          t[0][it] = (t1 - t0) / 1e6;
          t[1][it] = (c1 - c0) / 1e6;
          t[2][it] = (t2 - t1) / 1e6;
          t[3][it] = (c2 - c1) / 1e6;
        }
      }
      System.out.printf("in=%d %dx%d %s rows=%d: forward %.0f ms (cpu %.0f), backward %.0f ms "
          + "(cpu %.0f)%n", in, heads, ch, concat ? "concat" : "mean", rows, median(t[0]),
          median(t[1]), median(t[2]), median(t[3]));
    }
  }

  private static double median(double[] a) {
    double[] b = a.clone();
    Arrays.sort(b);
    int m = b.length / 2;
    return b.length % 2 == 1 ? b[m] : (b[m - 1] + b[m]) / 2;
  }
}
