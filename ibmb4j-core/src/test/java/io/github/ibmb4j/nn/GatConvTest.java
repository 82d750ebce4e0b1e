package io.github.ibmb4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GatConv on the fused GAT kernels, on the shapes that select the kernels' different code paths:
 * head counts with masked lanes (1, 3, 5), 4-lane blocks (4, 12) and 8-lane blocks (8, 16); head
 * widths that are scalar only (2, 3), vector plus scalar tail (10), whole vectors (8, 16) and
 * 8-vector aggregation passes (64); concatenated and averaged heads; the last-layer row limit;
 * bipartite blocks (fewer target rows than source columns); and target rows without neighbours.
 * Forward and backward are compared with the double-precision reference ({@link Ref},
 * {@link RefGrad}, itself checked by central differences in {@link GradientCheckTest}).
 *
 * <p>The Surefire execution {@code scalar-kernels} runs this class again with the scalar kernels.
 */
class GatConvTest {
  private static final double FWD_TOL = 1e-4;
  private static final double GRAD_TOL = 2e-3;

  /** adjRows × n random adjacency (self-loops on the diagonal), then the listed rows emptied. */
  private static CsrMatrix adjacency(int adjRows, int n, double density, int[] emptyRows,
      SplittableRandom rnd) {
    double[][] a = Ref.dense(Ref.randomAdjacency(adjRows, n, density, rnd));
    for (int r : emptyRows) {
      java.util.Arrays.fill(a[r], 0);
    }
    return Ref.fromDense(a);
  }

  private static int[] rowsOf(String spec) {
    if (spec.isBlank()) {
      return new int[0];
    }
    return java.util.Arrays.stream(spec.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  @ParameterizedTest(name = "n={0} adj={1} rows={2} heads={3} ch={4} concat={5} empty=[{6}]")
  @CsvSource({
      // one head
      "9, 9, 9, 1, 3, true, ''",
      "9, 9, 4, 1, 16, false, '2'",
      // masked head lanes, with and without empty rows
      "12, 12, 12, 3, 10, true, '0 5'",
      "12, 12, 5, 5, 3, false, '1'",
      // 4-lane blocks: the default GAT (4 heads), hidden layer and last layer shapes
      "14, 14, 14, 4, 8, true, '3'",
      "14, 14, 14, 4, 64, true, ''",
      "14, 14, 6, 4, 10, false, '0'",
      "10, 10, 10, 12, 2, true, ''",
      // 8-lane blocks
      "12, 12, 12, 8, 16, true, '4 11'",
      "12, 12, 3, 8, 10, false, ''",
      "8, 8, 8, 16, 2, true, '7'",
      // bipartite blocks: fewer targets than sources
      "13, 5, 5, 4, 8, true, '2'",
      "13, 4, 4, 8, 3, false, ''",
      "11, 6, 6, 1, 10, true, '0'",
      "11, 6, 6, 3, 16, false, ''",
  })
  void matchesTheReference(int n, int adjRows, int rows, int heads, int ch, boolean concat,
      String empty) {
    SplittableRandom rnd = new SplittableRandom(31L * n + 7L * heads + ch + (concat ? 1 : 0));
    int in = 5;
    CsrMatrix adj = adjacency(adjRows, n, 0.35, rowsOf(empty), rnd);
    Matrix x = Ref.randomMatrix(n, in, rnd);
    GatConv conv = new GatConv("c", in, ch, heads, concat, true, new AdjacencyCache(), rnd);
    Parameter w = conv.parameters().get(0);
    Parameter as = conv.parameters().get(1);
    Parameter ad = conv.parameters().get(2);
    Parameter b = conv.parameters().get(3);
    Ref.randomize(as, rnd, 1.5);
    Ref.randomize(ad, rnd, 1.5);
    Ref.randomize(b, rnd, 1);
    Matrix y = conv.forward(adj, rows, x);
    assertThat(y.rows()).isEqualTo(rows);
    assertThat(y.cols()).isEqualTo(concat ? heads * ch : ch);
    boolean[][] s = Ref.structure(adj);
    double[] xd = Ref.toDouble(x.data());
    double[] wd = Ref.toDouble(w.values());
    double[] asd = Ref.toDouble(as.values());
    double[] add = Ref.toDouble(ad.values());
    Ref.assertClose(y.data(), Ref.gat(s, rows, xd, in, wd, asd, add, Ref.toDouble(b.values()),
        heads, ch, concat), FWD_TOL, "forward");
    for (int r : rowsOf(empty)) {
      if (r < rows) {
        for (int c = 0; c < y.cols(); c++) {
          assertThat(y.get(r, c)).as("row %d without neighbours gives the bias", r)
              .isEqualTo(b.values()[c]);
        }
      }
    }
    Matrix r = Ref.randomMatrix(rows, y.cols(), rnd);
    Matrix dx = conv.backward(r, true);
    double[][] g = RefGrad.gat(s, rows, xd, in, wd, asd, add, heads, ch, concat,
        Ref.toDouble(r.data()));
    Ref.assertClose(dx.data(), g[0], GRAD_TOL, "dx");
    Ref.assertClose(w.grads(), g[1], GRAD_TOL, "dW");
    Ref.assertClose(as.grads(), g[2], GRAD_TOL, "da_src");
    Ref.assertClose(ad.grads(), g[3], GRAD_TOL, "da_dst");
    Ref.assertClose(b.grads(), g[4], GRAD_TOL, "db");
  }

  /** Batches of different sizes through one layer: buffers sized by the largest stay correct. */
  @Test
  void aSmallerBatchAfterALargerOneReusesBuffersCorrectly() {
    SplittableRandom rnd = new SplittableRandom(41);
    int in = 6;
    int heads = 4;
    int ch = 8;
    GatConv conv = new GatConv("c", in, ch, heads, false, true, new AdjacencyCache(), rnd);
    Ref.randomize(conv.parameters().get(3), rnd, 1);
    CsrMatrix big = Ref.randomAdjacency(30, 30, 0.3, rnd);
    conv.forward(big, 30, Ref.randomMatrix(30, in, rnd));
    conv.backward(Ref.randomMatrix(30, ch, rnd), true);
    CsrMatrix small = adjacency(7, 9, 0.4, new int[] {2}, rnd);
    Matrix x = Ref.randomMatrix(9, in, rnd);
    for (Parameter p : conv.parameters()) {
      java.util.Arrays.fill(p.grads(), 0f);
    }
    Matrix y = conv.forward(small, 5, x);
    Matrix r = Ref.randomMatrix(5, ch, rnd);
    Matrix dx = conv.backward(r, true);
    boolean[][] s = Ref.structure(small);
    double[] xd = Ref.toDouble(x.data());
    double[][] p = new double[4][];
    for (int k = 0; k < 4; k++) {
      p[k] = Ref.toDouble(conv.parameters().get(k).values());
    }
    Ref.assertClose(y.data(), Ref.gat(s, 5, xd, in, p[0], p[1], p[2], p[3], heads, ch, false),
        FWD_TOL, "forward");
    double[][] g = RefGrad.gat(s, 5, xd, in, p[0], p[1], p[2], heads, ch, false,
        Ref.toDouble(r.data()));
    Ref.assertClose(dx.data(), g[0], GRAD_TOL, "dx");
    for (int k = 0; k < 4; k++) {
      Ref.assertClose(conv.parameters().get(k).grads(), g[k + 1], GRAD_TOL, "grad " + k);
    }
  }

  /**
   * The per-edge buffers (nnz × heads) are fields reused across calls: in steady state a repeated
   * training step on a batch seen before allocates less than a fifth of one such buffer.
   */
  @Test
  void aRepeatedStepAllocatesNoPerEdgeBuffers() {
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
        .getThreadMXBean();
    SplittableRandom rnd = new SplittableRandom(43);
    int n = 600;
    int heads = 8;
    int ch = 8;
    CsrMatrix adj = Ref.fromDense(denseRandom(n, 0.03, rnd));
    long perEdgeBuffer = (long) adj.nnz() * heads * Float.BYTES;
    assertThat(perEdgeBuffer).isGreaterThan(5 * 64 * 1024);
    Matrix x = Ref.randomMatrix(n, 8, rnd);
    Matrix r = Ref.randomMatrix(n, heads * ch, rnd);
    GatConv conv = new GatConv("c", 8, ch, heads, true, true, new AdjacencyCache(), rnd);
    int before = Parallel.threads();
    try {
      // One thread, so every allocation happens on the measured thread. Warm up until C2 has
      // compiled the kernels (before that, Vector API values are heap objects).
      Parallel.setThreads(1);
      for (int i = 0; i < 200; i++) {
        conv.forward(adj, n, x);
        conv.backward(r, true);
      }
      long t = Thread.currentThread().threadId();
      long a0 = mx.getThreadAllocatedBytes(t);
      conv.forward(adj, n, x);
      conv.backward(r, true);
      long allocated = mx.getThreadAllocatedBytes(t) - a0;
      assertThat(allocated).as("bytes allocated by a repeated forward + backward (kernels %s; "
          + "one per-edge buffer is %d bytes)", Kernels.provider(), perEdgeBuffer)
          .isLessThan(64 * 1024);
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static double[][] denseRandom(int n, double d, SplittableRandom rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 1;
      for (int j = 0; j < n; j++) {
        if (rnd.nextDouble() < d) {
          a[i][j] = 1;
        }
      }
    }
    return a;
  }
}
