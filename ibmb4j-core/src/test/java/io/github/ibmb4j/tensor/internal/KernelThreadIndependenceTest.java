package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.KernelEquivalenceTest.random;
import static io.github.ibmb4j.tensor.internal.KernelEquivalenceTest.randomCsr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every Panama kernel gives bit-identical results with 1 and 2 (and 3) threads, on shapes large
 * enough to be split into several tiles, ranges or chunks.
 */
class KernelThreadIndependenceTest {
  final KernelSupport k = KernelEquivalenceTest.panamaOrSkip();
  final int initialThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(initialThreads);
  }

  /** Runs the computation with 1, 2 and 3 threads and compares the outputs bit for bit. */
  void sameBits(String what, Supplier<float[][]> computation) {
    Parallel.setThreads(1);
    float[][] one = computation.get();
    for (int t : new int[] {2, 3}) {
      Parallel.setThreads(t);
      float[][] many = computation.get();
      for (int i = 0; i < one.length; i++) {
        assertThat(Arrays.equals(one[i], many[i]))
            .as("%s output %d differs between 1 and %d threads", what, i, t).isTrue();
      }
    }
  }

  @Test
  void gemmVariants() {
    SplittableRandom rnd = new SplittableRandom(1);
    Matrix a = random(301, 530, rnd);
    Matrix b = random(530, 600, rnd);
    Matrix bt = random(600, 530, rnd);
    Matrix at = random(530, 301, rnd);
    Matrix c0 = random(301, 600, rnd);
    sameBits("matmul", () -> {
      Matrix c = c0.copy();
      k.matmul(a, b, c, true);
      return new float[][] {c.data()};
    });
    sameBits("matmulTransA", () -> {
      Matrix c = c0.copy();
      k.matmulTransA(at, b, c, false);
      return new float[][] {c.data()};
    });
    sameBits("matmulTransB", () -> {
      Matrix c = c0.copy();
      k.matmulTransB(a, bt, c, true);
      return new float[][] {c.data()};
    });
  }

  @Test
  void splitKWeightGradient() {
    SplittableRandom rnd = new SplittableRandom(2);
    Matrix x = random(20_000, 37, rnd);
    Matrix dy = random(20_000, 70, rnd);
    assertThat(PanamaGemm.useSplitK(37, 70, 20_000)).isTrue();
    sameBits("split-K", () -> {
      Matrix c = Matrix.zeros(37, 70);
      k.matmulTransA(x, dy, c, false);
      return new float[][] {c.data()};
    });
  }

  @Test
  void spmm() {
    SplittableRandom rnd = new SplittableRandom(3);
    CsrMatrix a = randomCsr(6000, 5000, 30, rnd);
    Matrix x = random(5000, 72, rnd);
    sameBits("spmm", () -> {
      Matrix out = Matrix.zeros(6000, 72);
      k.spmm(a, 5500, x, out, false);
      return new float[][] {out.data()};
    });
  }

  @Test
  void elementAndRowKernels() {
    SplittableRandom rnd = new SplittableRandom(4);
    Matrix x = random(4000, 100, rnd);
    Matrix g = random(4000, 100, rnd);
    float[] gamma = random(1, 100, rnd).data();
    float[] beta = random(1, 100, rnd).data();
    sameBits("element-wise", () -> {
      Matrix r = Matrix.zeros(4000, 100);
      k.relu(x, r);
      Matrix gr = g.copy();
      k.reluBackward(r, gr);
      Matrix gd = g.copy();
      k.dropoutReluBackward(r, gd, 2f);
      Matrix e = Matrix.zeros(4000, 100);
      k.elu(x, e, 1f);
      Matrix ge = g.copy();
      k.eluBackward(e, ge, 1f);
      Matrix s = Matrix.zeros(4000, 100);
      k.logSoftmaxRows(x, s);
      Matrix av = x.copy();
      k.addRowVector(av, gamma);
      float[] y = g.data().clone();
      k.axpy(y.length, 0.5f, x.data(), 0, y, 0);
      k.multiply(y.length, y, g.data());
      return new float[][] {r.data(), gr.data(), gd.data(), e.data(), ge.data(), s.data(), av.data(),
          y};
    });
  }

  @Test
  void columnReductions() {
    SplittableRandom rnd = new SplittableRandom(5);
    Matrix x = random(20_000, 64, rnd);
    Matrix dy = random(20_000, 64, rnd);
    float[] gamma = random(1, 64, rnd).data();
    float[] beta = random(1, 64, rnd).data();
    assertThat(PanamaRowwise.reductionRanges(20_000, 64)).isGreaterThan(1);
    sameBits("column reductions", () -> {
      float[] sums = new float[64];
      k.columnSums(x, sums, false);
      Matrix out = Matrix.zeros(20_000, 64);
      float[] mean = new float[20_000];
      float[] rstd = new float[20_000];
      k.layerNorm(x, gamma, beta, 1e-5f, out, mean, rstd);
      Matrix dx = Matrix.zeros(20_000, 64);
      float[] dg = new float[64];
      float[] db = new float[64];
      k.layerNormBackward(x, dy, gamma, mean, rstd, dx, dg, db);
      return new float[][] {sums, out.data(), mean, rstd, dx.data(), dg, db};
    });
  }
}
