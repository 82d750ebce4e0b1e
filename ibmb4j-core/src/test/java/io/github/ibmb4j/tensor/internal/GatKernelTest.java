package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.KernelEquivalenceTest.random;
import static io.github.ibmb4j.tensor.internal.KernelEquivalenceTest.randomCsr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused GAT kernels: Panama against the scalar specification over awkward head counts and head
 * widths (empty rows, rows limit below the row count), thread-count independence, and the backward
 * kernels against central differences of a double-precision forward.
 */
class GatKernelTest {
  final KernelSupport scalar = new ScalarKernelSupport();
  final KernelSupport panama = KernelEquivalenceTest.panamaOrSkip();

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    // Heads: masked lanes (1, 2, 3, 17), unmasked 4-lane blocks (4, 12, 20), unmasked 8-lane
    // blocks (8, 16). Head widths: scalar only (1, 5), vector + scalar tail (10, 33), whole
    // vectors (16, 32) and 8-vector aggregation passes (64 and 128 on AVX2, 128 and 256 on AVX-512).
    for (int heads : new int[] {1, 2, 3, 4, 8, 12, 16, 17, 20}) {
      for (int d : new int[] {1, 5, 10, 16, 32, 33, 64}) {
        out.add(Arguments.of(heads, d, 65));
      }
    }
    out.add(Arguments.of(4, 128, 65));
    out.add(Arguments.of(1, 256, 65));
    out.add(Arguments.of(8, 32, 3000)); // several chunks
    out.add(Arguments.of(4, 128, 1500));
    out.add(Arguments.of(4, 16, 0));
    return out.stream();
  }

  static float[] randomArray(int n, double scale, SplittableRandom rnd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return v;
  }

  static void close(float[] expected, float[] actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
        throw new AssertionError(what + "[" + i + "]: scalar " + expected[i] + ", panama "
            + actual[i]);
      }
    }
  }

  @ParameterizedTest(name = "heads={0} d={1} rows={2}")
  @MethodSource("shapes")
  void panamaMatchesScalar(int heads, int d, int rows) {
    SplittableRandom rnd = new SplittableRandom(heads * 100L + d + rows);
    int cols = rows + 11;
    CsrMatrix a = randomCsr(rows, cols, 25, rnd);
    int f = heads * d;
    float[] src = randomArray(cols * heads, 4, rnd);
    float[] dst = randomArray(rows * heads, 4, rnd);
    Matrix x = random(cols, f, rnd);
    Matrix dOut = random(rows + 1, f, rnd);
    int e = a.nnz() * heads;
    for (int limit : new int[] {rows, rows / 2}) {
      int le = a.rowPtr()[limit] * heads;
      float[] as = new float[e];
      float[] ap = new float[e];
      scalar.gatEdgeSoftmax(a, limit, src, dst, heads, 0.2f, as);
      panama.gatEdgeSoftmax(a, limit, src, dst, heads, 0.2f, ap);
      close(as, ap, 1e-5, "alpha");
      for (int i = le; i < e; i++) {
        assertEquals(0f, ap[i], "alpha beyond the rows limit was written");
      }

      Matrix init = random(rows + 1, f, rnd);
      for (boolean acc : new boolean[] {false, true}) {
        Matrix os = init.copy();
        Matrix op = init.copy();
        scalar.gatAggregate(a, limit, as, heads, x, os, acc);
        panama.gatAggregate(a, limit, as, heads, x, op, acc);
        close(os.data(), op.data(), 1e-5, "aggregate");
        for (int i = limit * f; i < init.data().length; i++) {
          assertEquals(init.data()[i], op.data()[i], "output row beyond the limit was written");
        }
      }

      float[] gs = new float[e];
      float[] gp = new float[e];
      scalar.gatAttentionGrad(a, limit, dOut, heads, x, gs);
      panama.gatAttentionGrad(a, limit, dOut, heads, x, gp);
      close(gs, gp, 1e-5 * d, "dAlpha");

      float[] rs = new float[e];
      float[] rp = new float[e];
      float[] ds = new float[rows * heads];
      float[] dp = new float[rows * heads];
      scalar.gatEdgeSoftmaxBackward(a, limit, src, dst, heads, 0.2f, as, gs, rs, ds);
      panama.gatEdgeSoftmaxBackward(a, limit, src, dst, heads, 0.2f, as, gs, rp, dp);
      close(rs, rp, 1e-5 * d, "dRaw");
      close(ds, dp, 1e-5 * d, "dDst");

      // In place (dRaw = dAlpha, as GatConv calls it): the same bits as into a separate array.
      for (KernelSupport k : new KernelSupport[] {scalar, panama}) {
        float[] separate = k == scalar ? rs : rp;
        float[] inPlace = gs.clone();
        float[] dd = new float[rows * heads];
        k.gatEdgeSoftmaxBackward(a, limit, src, dst, heads, 0.2f, as, inPlace, inPlace, dd);
        assertThat(Arrays.equals(Arrays.copyOf(inPlace, le), Arrays.copyOf(separate, le)))
            .as("%s: in-place softmax backward", k.name()).isTrue();
        assertThat(dd).as("%s: in-place dDst", k.name()).containsExactly(k == scalar ? ds : dp);
      }
    }
  }

  @ParameterizedTest(name = "heads={0} d={1}")
  @org.junit.jupiter.params.provider.CsvSource({"8,32", "4,128", "3,10"})
  void resultsDoNotDependOnThreads(int heads, int d) {
    SplittableRandom rnd = new SplittableRandom(9);
    int n = 4000;
    int f = heads * d;
    CsrMatrix a = randomCsr(n, n, 20, rnd);
    float[] src = randomArray(n * heads, 3, rnd);
    float[] dst = randomArray(n * heads, 3, rnd);
    Matrix x = random(n, f, rnd);
    Matrix dOut = random(n, f, rnd);
    int before = Parallel.threads();
    float[][] first = null;
    try {
      for (int t : new int[] {1, 2, 3}) {
        Parallel.setThreads(t);
        float[] alpha = new float[a.nnz() * heads];
        panama.gatEdgeSoftmax(a, n, src, dst, heads, 0.2f, alpha);
        Matrix out = Matrix.zeros(n, f);
        panama.gatAggregate(a, n, alpha, heads, x, out, false);
        float[] dAlpha = new float[alpha.length];
        panama.gatAttentionGrad(a, n, dOut, heads, x, dAlpha);
        float[] dRaw = new float[alpha.length];
        float[] dDst = new float[n * heads];
        panama.gatEdgeSoftmaxBackward(a, n, src, dst, heads, 0.2f, alpha, dAlpha, dRaw, dDst);
        float[][] now = {alpha, out.data(), dAlpha, dRaw, dDst};
        if (first == null) {
          first = now;
        } else {
          for (int i = 0; i < now.length; i++) {
            assertThat(Arrays.equals(first[i], now[i])).as("output %d with %d threads", i, t)
                .isTrue();
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  /** Double forward: loss = Σ w ⊙ aggregate(softmax(LeakyReLU(dst + src)), X). */
  static double loss(CsrMatrix a, double[] src, double[] dst, double[] x, double[] w, int heads,
      int d, double slope) {
    int f = heads * d;
    double total = 0;
    for (int r = 0; r < a.rows(); r++) {
      for (int h = 0; h < heads; h++) {
        int s = a.rowPtr()[r];
        int e = a.rowPtr()[r + 1];
        double[] sc = new double[e - s];
        double max = Double.NEGATIVE_INFINITY;
        for (int q = s; q < e; q++) {
          double raw = dst[r * heads + h] + src[a.colIdx()[q] * heads + h];
          sc[q - s] = raw > 0 ? raw : slope * raw;
          max = Math.max(max, sc[q - s]);
        }
        double z = 0;
        for (int i = 0; i < sc.length; i++) {
          sc[i] = Math.exp(sc[i] - max);
          z += sc[i];
        }
        for (int q = s; q < e; q++) {
          double alpha = sc[q - s] / z;
          for (int j = h * d; j < (h + 1) * d; j++) {
            total += w[r * f + j] * alpha * x[a.colIdx()[q] * f + j];
          }
        }
      }
    }
    return total;
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 12;
    int heads = 3;
    int d = 5;
    int f = heads * d;
    CsrMatrix a = randomCsr(n, n, 6, rnd);
    float[] src = randomArray(n * heads, 2, rnd);
    float[] dst = randomArray(n * heads, 2, rnd);
    Matrix x = random(n, f, rnd);
    Matrix w = random(n, f, rnd);
    float[] alpha = new float[a.nnz() * heads];
    Kernels.gatEdgeSoftmax(a, n, src, dst, heads, 0.2f, alpha);
    float[] dAlpha = new float[alpha.length];
    Kernels.gatAttentionGrad(a, n, w, heads, x, dAlpha);
    float[] dRaw = new float[alpha.length];
    float[] dDst = new float[n * heads];
    Kernels.gatEdgeSoftmaxBackward(a, n, src, dst, heads, 0.2f, alpha, dAlpha, dRaw, dDst);
    float[] dSrc = new float[n * heads];
    for (int q = 0; q < a.nnz(); q++) {
      for (int h = 0; h < heads; h++) {
        dSrc[a.colIdx()[q] * heads + h] += dRaw[q * heads + h];
      }
    }
    double[] sd = LayerNormGradientTest.toDouble(src);
    double[] dd = LayerNormGradientTest.toDouble(dst);
    double[] xd = LayerNormGradientTest.toDouble(x.data());
    double[] wd = LayerNormGradientTest.toDouble(w.data());
    for (int i = 0; i < sd.length; i++) {
      double fd = LayerNormGradientTest.central(sd, i, () -> loss(a, sd, dd, xd, wd, heads, d, 0.2));
      assertThat((double) dSrc[i]).as("dSrc[%d]", i).isCloseTo(fd, Offset.offset(1e-3));
      double fdd = LayerNormGradientTest.central(dd, i, () -> loss(a, sd, dd, xd, wd, heads, d, 0.2));
      assertThat((double) dDst[i]).as("dDst[%d]", i).isCloseTo(fdd, Offset.offset(1e-3));
    }
  }

  @Test
  void vectorExpIsWithinFourUlpOfMathExp() {
    int lanes = PanamaCommon.L;
    float[] in = new float[lanes];
    float[] out = new float[lanes];
    double worst = 0;
    for (int i = 0; i <= 200_000; i += lanes) {
      for (int l = 0; l < lanes; l++) {
        in[l] = -87f * (i + l) / 200_000f;
      }
      PanamaGat.expNonPositive(
          jdk.incubator.vector.FloatVector.fromArray(PanamaCommon.S, in, 0)).intoArray(out, 0);
      for (int l = 0; l < lanes; l++) {
        double exact = Math.exp(in[l]);
        worst = Math.max(worst, Math.abs(out[l] - exact) / Math.ulp((float) exact));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(4.0);
  }

  @Test
  void facadeRejectsBadShapesWithTheOffendingValues() {
    CsrMatrix a = randomCsr(4, 5, 3, new SplittableRandom(1));
    Matrix x = Matrix.zeros(5, 6);
    Matrix out = Matrix.zeros(4, 6);
    float[] alpha = new float[a.nnz() * 4];
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Kernels.gatAggregate(a, 4, alpha, 4, x, out, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads 4")
        .hasMessageContaining("X 5x6");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Kernels.gatEdgeSoftmax(a, 5, new float[20], new float[20], 4, 0.2f, alpha))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows 5");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Kernels.gatEdgeSoftmax(a, 4, new float[19], new float[16], 4, 0.2f, alpha))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("srcScore");
  }

  @Test
  void inputGradientThroughTheTransposeMatchesAScatter() {
    SplittableRandom rnd = new SplittableRandom(12);
    int n = 300;
    int heads = 4;
    int f = heads * 8;
    CsrMatrix a = randomCsr(n, n, 12, rnd);
    CsrMatrix at = a.transpose();
    int[] order = Kernels.transposeEntryOrder(a);
    for (int p = 0; p < at.nnz(); p++) {
      assertEquals(at.values()[p], a.values()[order[p]], "value of transposed entry " + p);
    }
    float[] alpha = randomArray(a.nnz() * heads, 1, rnd);
    float[] alphaT = new float[alpha.length];
    Kernels.permuteEdges(alpha, order, heads, alphaT);
    Matrix dOut = random(n, f, rnd);
    Matrix dx = Matrix.zeros(n, f);
    Kernels.gatAggregate(at, n, alphaT, heads, dOut, dx, false);
    // Reference: dX[c, h·D + j] += α(q, h)·dOut[r, h·D + j] over every entry q = (r, c), in double.
    double[] ref = new double[n * f];
    for (int r = 0; r < n; r++) {
      for (int q = a.rowPtr()[r]; q < a.rowPtr()[r + 1]; q++) {
        int c = a.colIdx()[q];
        for (int j = 0; j < f; j++) {
          ref[c * f + j] += alpha[q * heads + j / 8] * dOut.get(r, j);
        }
      }
    }
    for (int i = 0; i < ref.length; i++) {
      assertThat((double) dx.data()[i]).isCloseTo(ref[i], Offset.offset(1e-4));
    }
  }
}
