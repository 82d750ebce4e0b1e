package io.github.ibmb4j.tensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 3: {@link PanamaKernelSupport} against the scalar specification (both instantiated directly,
 * whatever {@link KernelProvider} picked) over awkward sizes. Products are checked against a
 * double-precision reference with the standard float summation bound γ_k·Σ|aᵢbᵢ| (γ_k ≈ k·2⁻²⁴),
 * which both implementations must meet whatever their summation order.
 */
class KernelEquivalenceTest {
  static final int[] SIZES = {0, 1, 3, 15, 16, 17, 31, 33, 63, 65, 100, 257};
  final KernelSupport scalar = new ScalarKernelSupport();
  final KernelSupport panama = panamaOrSkip();

  /** The Panama kernels, or the test is skipped (not failed) where they cannot run. */
  static KernelSupport panamaOrSkip() {
    try {
      return KernelProvider.loadPanama();
    } catch (UnsupportedOperationException e) {
      org.junit.jupiter.api.Assumptions.abort("Panama kernels unavailable: " + e.getMessage());
      throw e;
    }
  }

  static Matrix random(int rows, int cols, SplittableRandom rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int i = 0; i < m.data().length; i++) {
      m.data()[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return m;
  }

  static Stream<Arguments> gemmShapes() {
    List<Arguments> out = new ArrayList<>();
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          // Every size in every dimension, bounded total work so the suite stays fast.
          if ((long) m * n * k <= 257L * 100 * 65) {
            out.add(Arguments.of(m, n, k));
          }
        }
      }
    }
    // Several KC blocks, several NC tiles, tiles not multiples of MC / NR / MR.
    out.add(Arguments.of(197, 1100, 300));
    out.add(Arguments.of(301, 70, 600));
    return out.stream();
  }

  enum Variant { AB, ATB, ABT }

  /** Double reference C = op(A)·op(B) + C0 and the bound Σ|terms| per element. */
  static double[][] reference(Variant v, Matrix a, Matrix b, Matrix c0, int m, int n, int k) {
    double[] ref = new double[m * n];
    double[] abs = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = c0 == null ? 0 : c0.get(i, j);
        double t = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double x = switch (v) {
            case AB, ABT -> a.get(i, p);
            case ATB -> a.get(p, i);
          };
          double y = switch (v) {
            case AB, ATB -> b.get(p, j);
            case ABT -> b.get(j, p);
          };
          s += x * y;
          t += Math.abs(x * y);
        }
        ref[i * n + j] = s;
        abs[i * n + j] = t;
      }
    }
    return new double[][] {ref, abs};
  }

  static void run(KernelSupport ks, Variant v, Matrix a, Matrix b, Matrix c, boolean acc) {
    switch (v) {
      case AB -> ks.matmul(a, b, c, acc);
      case ATB -> ks.matmulTransA(a, b, c, acc);
      case ABT -> ks.matmulTransB(a, b, c, acc);
    }
  }

  static void checkGemm(KernelSupport ks, Variant v, int m, int n, int k, long seed, boolean acc) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Matrix a = v == Variant.ATB ? random(k, m, rnd) : random(m, k, rnd);
    Matrix b = v == Variant.ABT ? random(n, k, rnd) : random(k, n, rnd);
    Matrix c0 = random(m, n, rnd);
    Matrix c = c0.copy();
    run(ks, v, a, b, c, acc);
    double[][] r = reference(v, a, b, acc ? c0 : null, m, n, k);
    double gamma = (k + 2) * 0x1p-24 * 1.01;
    for (int e = 0; e < m * n; e++) {
      double err = Math.abs(c.data()[e] - r[0][e]);
      if (!(err <= gamma * r[1][e] + 1e-30)) {
        throw new AssertionError(ks.name() + " " + v + " " + m + "x" + n + "x" + k + " acc=" + acc
            + " element " + e + ": got " + c.data()[e] + ", expected " + r[0][e] + " (|err| " + err
            + " > bound " + gamma * r[1][e] + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("gemmShapes")
  void gemmVariantsMatchReference(int m, int n, int k) {
    long seed = 31L * (31L * m + n) + k;
    for (Variant v : Variant.values()) {
      for (boolean acc : new boolean[] {false, true}) {
        checkGemm(panama, v, m, n, k, seed, acc);
      }
      checkGemm(scalar, v, m, n, k, seed, false);
    }
  }

  @Test
  void splitKWeightGradientMatchesReference() {
    assertThat(PanamaGemm.useSplitK(33, 65, 10_000)).isTrue();
    assertThat(PanamaGemm.splitKRanges(33, 65, 10_000)).isGreaterThan(1);
    for (boolean acc : new boolean[] {false, true}) {
      checkGemm(panama, Variant.ATB, 33, 65, 10_000, 7, acc); // edges in m and n
      checkGemm(panama, Variant.ATB, 64, 128, 8_200, 8, acc); // full tiles only
      checkGemm(panama, Variant.ATB, 3, 1, 4_099, 9, acc); // smaller than one tile
    }
  }

  @Test
  void gemmWithInnerDimensionZeroClearsOrKeepsC() {
    Matrix a = Matrix.zeros(3, 0);
    Matrix b = Matrix.zeros(0, 5);
    Matrix c = random(3, 5, new SplittableRandom(1));
    Matrix keep = c.copy();
    panama.matmul(a, b, c, true);
    assertEquals(keep, c);
    panama.matmul(a, b, c, false);
    assertEquals(Matrix.zeros(3, 5), c);
  }

  /** Random CSR with empty rows (about 1 in 5) and up to maxDeg sorted entries per row. */
  static CsrMatrix randomCsr(int rows, int cols, int maxDeg, SplittableRandom rnd) {
    int[] ptr = new int[rows + 1];
    List<Integer> idx = new ArrayList<>();
    List<Float> val = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      if (cols > 0 && rnd.nextInt(5) != 0) {
        int deg = rnd.nextInt(Math.min(maxDeg, cols) + 1);
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        while (set.size() < deg) {
          set.add(rnd.nextInt(cols));
        }
        for (int c : set) {
          idx.add(c);
          val.add((float) (rnd.nextDouble() * 2 - 1));
        }
      }
      ptr[r + 1] = idx.size();
    }
    int[] ci = idx.stream().mapToInt(Integer::intValue).toArray();
    float[] v = new float[val.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = val.get(i);
    }
    return new CsrMatrix(rows, cols, ptr, ci, v).validated();
  }

  static Stream<Arguments> spmmShapes() {
    List<Arguments> out = new ArrayList<>();
    for (int rows : SIZES) {
      for (int f : SIZES) {
        out.add(Arguments.of(rows, f));
      }
    }
    out.add(Arguments.of(3000, 72)); // several chunks
    return out.stream();
  }

  @ParameterizedTest(name = "rows={0} f={1}")
  @MethodSource("spmmShapes")
  void spmmMatchesScalar(int rows, int f) {
    SplittableRandom rnd = new SplittableRandom(rows * 1000L + f);
    int cols = Math.max(1, rows / 2 + 7);
    CsrMatrix a = randomCsr(rows, cols, 20, rnd);
    Matrix x = random(cols, f, rnd);
    Matrix init = random(rows + 2, f, rnd);
    for (int limit : new int[] {rows, rows / 2}) {
      for (boolean acc : new boolean[] {false, true}) {
        Matrix ps = init.copy();
        Matrix pp = init.copy();
        scalar.spmm(a, limit, x, ps, acc);
        panama.spmm(a, limit, x, pp, acc);
        for (int r = 0; r < rows + 2; r++) {
          for (int j = 0; j < f; j++) {
            if (r >= limit) {
              assertEquals(init.get(r, j), pp.get(r, j), "row beyond the limit was written");
              continue;
            }
            double bound = Math.abs(init.get(r, j));
            for (int e = a.rowPtr()[r]; e < a.rowPtr()[r + 1]; e++) {
              bound += Math.abs(a.values()[e] * x.get(a.colIdx()[e], j));
            }
            int deg = a.rowPtr()[r + 1] - a.rowPtr()[r];
            double tol = 2 * (deg + 2) * 0x1p-24 * bound + 1e-30;
            assertThat((double) Math.abs(pp.get(r, j) - ps.get(r, j)))
                .as("row %d col %d limit %d acc %s", r, j, limit, acc).isLessThanOrEqualTo(tol);
          }
        }
      }
    }
  }

  @Test
  void equalCostChunksCoverAllRowsInOrder() {
    CsrMatrix a = randomCsr(1000, 50, 40, new SplittableRandom(3));
    for (int chunks : new int[] {1, 2, 7, 128, 1000}) {
      int[] b = PanamaCommon.equalCostRowBounds(a.rowPtr(), 700, chunks);
      assertEquals(0, b[0]);
      assertEquals(700, b[chunks]);
      for (int c = 0; c < chunks; c++) {
        assertThat(b[c + 1]).isGreaterThanOrEqualTo(b[c]);
      }
    }
  }

  static void assertClose(Matrix expected, Matrix actual, double relTol, String what) {
    assertEquals(expected.rows(), actual.rows());
    for (int i = 0; i < expected.data().length; i++) {
      float e = expected.data()[i];
      float g = actual.data()[i];
      double tol = relTol * Math.max(1, Math.abs(e));
      if (!(Math.abs(e - g) <= tol) && !(Float.isNaN(e) && Float.isNaN(g)) && e != g) {
        throw new AssertionError(what + " element " + i + ": scalar " + e + ", panama " + g);
      }
    }
  }

  static void assertClose(float[] expected, float[] actual, double relTol, String what) {
    assertClose(new Matrix(1, expected.length, expected), new Matrix(1, actual.length, actual),
        relTol, what);
  }

  static Stream<Arguments> rowShapes() {
    List<Arguments> out = new ArrayList<>();
    for (int rows : new int[] {0, 1, 17, 100}) {
      for (int cols : SIZES) {
        out.add(Arguments.of(rows, cols));
      }
    }
    out.add(Arguments.of(5000, 33)); // parallel ranges
    return out.stream();
  }

  @ParameterizedTest(name = "{0}x{1}")
  @MethodSource("rowShapes")
  void elementAndRowKernelsMatchScalar(int rows, int cols) {
    SplittableRandom rnd = new SplittableRandom(rows * 977L + cols);
    Matrix x = random(rows, cols, rnd);
    for (int i = 0; i < x.data().length; i += 7) {
      x.data()[i] *= 6; // exercise exp/expm1 over a wider range
    }
    Matrix g = random(rows, cols, rnd);
    float[] v = random(1, cols, rnd).data();

    Matrix s1 = x.copy();
    Matrix p1 = x.copy();
    scalar.addRowVector(s1, v);
    panama.addRowVector(p1, v);
    assertClose(s1, p1, 0, "addRowVector");

    for (boolean acc : new boolean[] {false, true}) {
      float[] cs = v.clone();
      float[] cp = v.clone();
      scalar.columnSums(x, cs, acc);
      panama.columnSums(x, cp, acc);
      assertClose(cs, cp, 1e-6 * (rows + 1) * 6, "columnSums");
    }

    Matrix rs = Matrix.zeros(rows, cols);
    Matrix rp = Matrix.zeros(rows, cols);
    scalar.relu(x, rs);
    panama.relu(x, rp);
    assertClose(rs, rp, 0, "relu");
    Matrix gs = g.copy();
    Matrix gp = g.copy();
    scalar.reluBackward(rs, gs);
    panama.reluBackward(rs, gp);
    assertClose(gs, gp, 0, "reluBackward");
    Matrix dropped = rs.copy(); // a ReLU output with every third element dropped, the rest doubled
    for (int i = 0; i < dropped.size(); i++) {
      dropped.data()[i] *= i % 3 == 0 ? 0f : 2f;
    }
    gs = g.copy();
    gp = g.copy();
    scalar.dropoutReluBackward(dropped, gs, 2f);
    panama.dropoutReluBackward(dropped, gp, 2f);
    assertClose(gs, gp, 0, "dropoutReluBackward");
    float[] expectedGrad = new float[gs.size()];
    for (int i = 0; i < expectedGrad.length; i++) {
      expectedGrad[i] = dropped.data()[i] > 0f ? g.data()[i] * 2f : 0f;
    }
    assertThat(java.util.Arrays.copyOf(gs.data(), gs.size())).containsExactly(expectedGrad);

    Matrix es = x.copy();
    Matrix ep = x.copy();
    scalar.elu(es, es, 1.3f);
    panama.elu(ep, ep, 1.3f);
    assertClose(es, ep, 2e-6, "elu");
    gs = g.copy();
    gp = g.copy();
    scalar.eluBackward(es, gs, 1.3f);
    panama.eluBackward(es, gp, 1.3f);
    assertClose(gs, gp, 1e-6, "eluBackward");

    Matrix ls = Matrix.zeros(rows, cols);
    Matrix lp = Matrix.zeros(rows, cols);
    scalar.logSoftmaxRows(x, ls);
    panama.logSoftmaxRows(x, lp);
    assertClose(ls, lp, 2e-6, "logSoftmaxRows");

    float[] gamma = random(1, cols, rnd).data();
    float[] beta = random(1, cols, rnd).data();
    Matrix ns = Matrix.zeros(rows, cols);
    Matrix np = Matrix.zeros(rows, cols);
    float[] ms = new float[rows];
    float[] mp = new float[rows];
    float[] vs = new float[rows];
    float[] vp = new float[rows];
    if (cols > 0) {
      scalar.layerNorm(x, gamma, beta, 1e-5f, ns, ms, vs);
      panama.layerNorm(x, gamma, beta, 1e-5f, np, mp, vp);
      assertClose(ms, mp, 1e-5, "layerNorm mean");
      assertClose(vs, vp, 1e-5, "layerNorm rstd");
      assertClose(ns, np, 2e-4, "layerNorm out");
      float[] dgs = v.clone();
      float[] dgp = v.clone();
      float[] dbs = v.clone();
      float[] dbp = v.clone();
      Matrix dxs = Matrix.zeros(rows, cols);
      Matrix dxp = Matrix.zeros(rows, cols);
      scalar.layerNormBackward(x, g, gamma, ms, vs, dxs, dgs, dbs);
      panama.layerNormBackward(x, g, gamma, ms, vs, dxp, dgp, dbp);
      assertClose(dxs, dxp, 2e-4, "layerNormBackward dx");
      assertClose(dgs, dgp, 1e-5 * (rows + 1) * 4, "layerNormBackward dgamma");
      assertClose(dbs, dbp, 1e-6 * (rows + 1) * 4, "layerNormBackward dbeta");
    }
  }

  @ParameterizedTest
  @MethodSource("vectorLengths")
  void axpyAndMultiplyMatchScalar(int n) {
    SplittableRandom rnd = new SplittableRandom(n);
    float[] x = random(1, n + 5, rnd).data();
    float[] y = random(1, n + 9, rnd).data();
    float[] ys = y.clone();
    float[] yp = y.clone();
    scalar.axpy(n, 0.37f, x, 5, ys, 9);
    panama.axpy(n, 0.37f, x, 5, yp, 9);
    assertClose(ys, yp, 1e-6, "axpy");
    float[] mask = random(1, n, rnd).data();
    float[] xs = x.clone();
    float[] xp = x.clone();
    scalar.multiply(n, xs, mask);
    panama.multiply(n, xp, mask);
    assertClose(xs, xp, 0, "multiply");
  }

  @ParameterizedTest
  @MethodSource("vectorLengths")
  void dropoutReproducesTheSplittableRandomStreamExactly(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 77);
    float[] x = random(1, n + 11, rnd).data();
    for (double p : new double[] {0.5, 0.1, 0.9, 0.3f}) {
      long seed = rnd.nextLong();
      float keep = (float) (1 / (1 - p));
      float[] os = new float[n + 11];
      float[] ms = new float[n + 11];
      float[] op = new float[n + 11];
      float[] mp = new float[n + 11];
      scalar.dropout(seed, p, keep, x, os, ms, 3, n + 3);
      panama.dropout(seed, p, keep, x, op, mp, 3, n + 3);
      assertClose(ms, mp, 0, "dropout mask p=" + p);
      assertClose(os, op, 0, "dropout output p=" + p);
      // The reference itself: successive nextDouble() draws of the seed's generator.
      SplittableRandom ref = new SplittableRandom(seed);
      float[] expected = new float[n + 11];
      for (int i = 3; i < n + 3; i++) {
        expected[i] = ref.nextDouble() < p ? 0f : keep;
      }
      assertClose(expected, ms, 0, "reference mask p=" + p);
      // Without a mask array, and in place: the same output.
      float[] is = x.clone();
      float[] ip = x.clone();
      scalar.dropout(seed, p, keep, is, is, null, 3, n + 3);
      panama.dropout(seed, p, keep, ip, ip, null, 3, n + 3);
      assertThat(java.util.Arrays.copyOfRange(is, 3, n + 3))
          .containsExactly(java.util.Arrays.copyOfRange(os, 3, n + 3));
      assertThat(java.util.Arrays.copyOfRange(ip, 3, n + 3))
          .containsExactly(java.util.Arrays.copyOfRange(os, 3, n + 3));
    }
  }

  static Stream<Integer> vectorLengths() {
    List<Integer> out = new ArrayList<>();
    for (int s : SIZES) {
      out.add(s);
    }
    out.add(200_000);
    return out.stream();
  }

  @Test
  void panamaNameNamesTheVectorWidth() {
    assertThat(panama.name()).startsWith("panama-");
  }
}
