package io.github.ibmb4j.tensor.internal;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.testing.FullGraph;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * Manual timing of the GAT kernel calls of one GatConv forward + backward (mean ms per call over the
 * repetitions after 2 warm-ups), with SpMM and the layer's X·Wᵀ GEMM for scale, on a real graph
 * (all nodes, with self-loops); not a test. Only the {@link Kernels} facade is used, so the same
 * file times older kernel versions. Usage (from the repository root, after
 * {@code mvn -pl ibmb4j-core test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp <classpath>
 * io.github.ibmb4j.tensor.internal.GatKernelBench <dataset dir> <heads> <head width> <threads>
 * <repetitions>}.
 */
public final class GatKernelBench {
  private GatKernelBench() {}

  public static void main(String[] args) throws Exception {
    Dataset d = Datasets.open(args[0]);
    int heads = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    Parallel.setThreads(Integer.parseInt(args[3]));
    int reps = Integer.parseInt(args[4]);
    CsrMatrix a = FullGraph.adjacency(d.graph(), Normalization.SYM);
    int n = a.rows();
    CsrMatrix at = a.transpose();
    int[] order = Kernels.transposeEntryOrder(a);
    int f = heads * width;
    SplittableRandom rnd = new SplittableRandom(1);
    Matrix x = gaussian(n, f, rnd);
    Matrix dOut = gaussian(n, f, rnd);
    Matrix out = Matrix.zeros(n, f);
    float[] src = gaussian(n, heads, rnd).data();
    float[] dst = gaussian(n, heads, rnd).data();
    float[] alpha = new float[a.nnz() * heads];
    float[] e = new float[a.nnz() * heads];
    float[] dDst = new float[n * heads];
    Matrix w = Matrix.zeros(f, d.features().dim());
    Matrix xin = Matrix.zeros(n, d.features().dim());
    String[] names = {"softmax", "aggregate", "attentionGrad", "softmaxBackward", "permuteEdges",
        "aggregateTransposed", "gemm X·Wᵀ", "spmm"};
    double[] t = new double[names.length];
    for (int it = 0; it < reps + 2; it++) {
      long[] ts = new long[names.length + 1];
      ts[0] = System.nanoTime();
      Kernels.gatEdgeSoftmax(a, n, src, dst, heads, 0.2f, alpha);
      ts[1] = System.nanoTime();
      Kernels.gatAggregate(a, n, alpha, heads, x, out, false);
      ts[2] = System.nanoTime();
      Kernels.gatAttentionGrad(a, n, dOut, heads, x, e);
      ts[3] = System.nanoTime();
      Kernels.gatEdgeSoftmaxBackward(a, n, src, dst, heads, 0.2f, alpha, e, e, dDst);
      ts[4] = System.nanoTime();
      Kernels.permuteEdges(alpha, order, heads, e);
      ts[5] = System.nanoTime();
      Kernels.gatAggregate(at, n, e, heads, dOut, out, true);
      ts[6] = System.nanoTime();
      Kernels.matmulTransB(xin, w, out, false);
      ts[7] = System.nanoTime();
      Kernels.spmm(a, n, x, out, false);
      ts[8] = System.nanoTime();
      if (it >= 2) {
        for (int k = 0; k < names.length; k++) {
          t[k] += (ts[k + 1] - ts[k]) / 1e6;
        }
      }
    }
    StringBuilder sb = new StringBuilder(String.format("%s H=%d D=%d nnz=%d threads=%d:",
        Kernels.provider(), heads, width, a.nnz(), Parallel.threads()));
    for (int k = 0; k < names.length; k++) {
      sb.append(String.format(" %s %.1f", names[k], t[k] / reps));
    }
    System.out.println(sb + " ms");
  }

  private static Matrix gaussian(int rows, int cols, SplittableRandom rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int i = 0; i < m.data().length; i++) {
      m.data()[i] = (float) rnd.nextGaussian();
    }
    return m;
  }
}
