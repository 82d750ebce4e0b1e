package io.github.ibmb4j.tensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 3: the sparse input-feature products on bag-of-words shapes (many columns, few non-zeros per
 * row, empty rows, rows with a single non-zero, widths that are not a multiple of the lane count):
 * the forward S·B ({@code spmm} with the feature rows as the CSR operand) and the weight gradient
 * Sᵀ·G ({@code spmmTransA}), both implementations against a double-precision reference with the
 * float summation bound, and identical bits for 1, 2 and 3 threads.
 */
class SparseFeatureKernelTest {
  final KernelSupport scalar = new ScalarKernelSupport();
  final KernelSupport panama = KernelEquivalenceTest.panamaOrSkip();

  /**
   * m × k feature rows: row 0 empty, row 1 a single non-zero in the last column, row 2 a single
   * non-zero in column 0, then about density·k non-zeros per row with every fifth row empty.
   */
  static CsrMatrix features(int m, int k, double density, SplittableRandom rnd) {
    int[] ptr = new int[m + 1];
    List<Integer> cols = new ArrayList<>();
    List<Float> vals = new ArrayList<>();
    for (int r = 0; r < m; r++) {
      if (r == 1) {
        cols.add(k - 1);
        vals.add((float) rnd.nextGaussian());
      } else if (r == 2) {
        cols.add(0);
        vals.add((float) rnd.nextGaussian());
      } else if (r > 2 && r % 5 != 0) {
        for (int c = 0; c < k; c++) {
          if (rnd.nextDouble() < density) {
            cols.add(c);
            vals.add((float) rnd.nextGaussian());
          }
        }
      }
      ptr[r + 1] = cols.size();
    }
    int[] idx = cols.stream().mapToInt(Integer::intValue).toArray();
    float[] val = new float[vals.size()];
    for (int i = 0; i < val.length; i++) {
      val[i] = vals.get(i);
    }
    return new CsrMatrix(m, k, ptr, idx, val).validated();
  }

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    int[] widths = {1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 40, 63, 64, 65, 100, 257};
    for (int f : widths) {
      out.add(Arguments.of(40, 300, f, 0.05));
      out.add(Arguments.of(3, 6, f, 0.5));
    }
    for (int f : new int[] {1, 17, 64}) {
      out.add(Arguments.of(0, 5, f, 0.5)); // no rows
      out.add(Arguments.of(2, 1, f, 0.5)); // one column: an empty row and a single non-zero
      out.add(Arguments.of(40, 1, f, 0.5)); // one column
    }
    out.add(Arguments.of(100, 1433, 256, 0.013)); // cora-like
    out.add(Arguments.of(50, 8415, 72, 0.004)); // coauthor-physics-like, narrow output
    out.add(Arguments.of(60, 200, 1024, 0.03)); // many column slabs
    return out.stream();
  }

  @ParameterizedTest(name = "m={0} k={1} f={2}")
  @MethodSource("shapes")
  void weightGradientMatchesTheReference(int m, int k, int f, double density) {
    SplittableRandom rnd = new SplittableRandom(m * 1_000_003L + k * 1009L + f);
    CsrMatrix s = features(m, k, density, rnd);
    Matrix g = KernelEquivalenceTest.random(m, f, rnd);
    Matrix init = KernelEquivalenceTest.random(k, f, rnd);
    for (boolean acc : new boolean[] {false, true}) {
      // Double reference and Σ|terms| per element; terms: the initial value (if accumulating) and
      // val·G[r, j] for every entry (r, c) of S.
      double[] ref = new double[k * f];
      double[] abs = new double[k * f];
      int[] terms = new int[k];
      if (acc) {
        for (int i = 0; i < k * f; i++) {
          ref[i] = init.data()[i];
          abs[i] = Math.abs(init.data()[i]);
        }
      }
      for (int r = 0; r < m; r++) {
        for (int q = s.rowPtr()[r]; q < s.rowPtr()[r + 1]; q++) {
          int c = s.colIdx()[q];
          terms[c]++;
          for (int j = 0; j < f; j++) {
            double t = (double) s.values()[q] * g.get(r, j);
            ref[c * f + j] += t;
            abs[c * f + j] += Math.abs(t);
          }
        }
      }
      for (KernelSupport impl : new KernelSupport[] {scalar, panama}) {
        Matrix c = init.copy();
        impl.spmmTransA(s, g, c, acc);
        for (int row = 0; row < k; row++) {
          double gamma = 2 * (terms[row] + 2) * 0x1p-24;
          for (int j = 0; j < f; j++) {
            int i = row * f + j;
            assertThat(Math.abs(c.data()[i] - ref[i]))
                .as("%s row %d col %d acc %s", impl.name(), row, j, acc)
                .isLessThanOrEqualTo(gamma * abs[i] + 1e-30);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "m={0} k={1} f={2}")
  @MethodSource("shapes")
  void forwardMatchesTheReference(int m, int k, int f, double density) {
    SplittableRandom rnd = new SplittableRandom(m * 7_000_003L + k * 31L + f);
    CsrMatrix s = features(m, k, density, rnd);
    Matrix b = KernelEquivalenceTest.random(k, f, rnd);
    Matrix init = KernelEquivalenceTest.random(m, f, rnd);
    for (boolean acc : new boolean[] {false, true}) {
      for (KernelSupport impl : new KernelSupport[] {scalar, panama}) {
        Matrix out = init.copy();
        impl.spmm(s, m, b, out, acc);
        for (int r = 0; r < m; r++) {
          int deg = s.rowPtr()[r + 1] - s.rowPtr()[r];
          for (int j = 0; j < f; j++) {
            double ref = acc ? init.get(r, j) : 0;
            double abs = Math.abs(ref);
            for (int q = s.rowPtr()[r]; q < s.rowPtr()[r + 1]; q++) {
              double t = (double) s.values()[q] * b.get(s.colIdx()[q], j);
              ref += t;
              abs += Math.abs(t);
            }
            assertThat(Math.abs(out.get(r, j) - ref))
                .as("%s row %d col %d acc %s", impl.name(), r, j, acc)
                .isLessThanOrEqualTo(2 * (deg + 2) * 0x1p-24 * abs + 1e-30);
          }
        }
      }
    }
  }

  @Test
  void emptyFeatureMatricesLeaveOrZeroTheOutput() {
    CsrMatrix s = features(5, 9, 0, new SplittableRandom(1));
    CsrMatrix none = new CsrMatrix(5, 9, new int[6], new int[0], new float[0]);
    Matrix g = KernelEquivalenceTest.random(5, 20, new SplittableRandom(2));
    for (KernelSupport impl : new KernelSupport[] {scalar, panama}) {
      Matrix c = KernelEquivalenceTest.random(9, 20, new SplittableRandom(3));
      Matrix before = c.copy();
      impl.spmmTransA(none, g, c, true);
      assertThat(c.data()).containsExactly(before.data());
      impl.spmmTransA(none, g, c, false);
      assertThat(c.data()).containsOnly(0f);
      // Only rows 1 and 2 have entries: every other row of OUT stays zero.
      impl.spmmTransA(s, g, c, false);
      for (int row = 1; row < 8; row++) {
        for (int j = 0; j < 20; j++) {
          assertThat(c.get(row, j)).isZero();
        }
      }
    }
  }

  @Test
  void resultsDoNotDependOnThreads() {
    int before = Parallel.threads();
    try {
      // Small enough to stay quick before C2 compiles the kernels (interpreted Vector API code
      // boxes every vector), large enough for several row chunks at f = 300.
      for (int f : new int[] {40, 300}) {
        SplittableRandom rnd = new SplittableRandom(f);
        CsrMatrix s = features(150, 300, 0.04, rnd);
        Matrix g = KernelEquivalenceTest.random(150, f, rnd);
        Matrix b = KernelEquivalenceTest.random(300, f, rnd);
        float[][] grad = new float[3][];
        float[][] fwd = new float[3][];
        for (int t = 1; t <= 3; t++) {
          Parallel.setThreads(t);
          Matrix c = Matrix.zeros(300, f);
          panama.spmmTransA(s, g, c, false);
          grad[t - 1] = c.data();
          Matrix out = Matrix.zeros(150, f);
          panama.spmm(s, 150, b, out, false);
          fwd[t - 1] = out.data();
        }
        assertThat(grad[1]).as("weight gradient, f=%d, 2 threads", f).containsExactly(grad[0]);
        assertThat(grad[2]).as("weight gradient, f=%d, 3 threads", f).containsExactly(grad[0]);
        assertThat(fwd[1]).as("forward, f=%d, 2 threads", f).containsExactly(fwd[0]);
        assertThat(fwd[2]).as("forward, f=%d, 3 threads", f).containsExactly(fwd[0]);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void theFacadeNamesWrongShapes() {
    CsrMatrix s = features(4, 6, 0.5, new SplittableRandom(4));
    assertThatThrownBy(() -> Kernels.spmmTransA(s, Matrix.zeros(5, 3), Matrix.zeros(6, 3), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spmmTransA shapes: A 4x6, X 5x3, OUT 6x3");
    assertThatThrownBy(() -> Kernels.spmmTransA(s, Matrix.zeros(4, 3), Matrix.zeros(6, 2), false))
        .hasMessageContaining("OUT 6x2");
    Matrix ok = Matrix.zeros(6, 3);
    Kernels.spmmTransA(s, KernelEquivalenceTest.random(4, 3, new SplittableRandom(5)), ok, false);
    assertThat(Arrays.equals(ok.data(), new float[18])).isFalse();
  }
}
