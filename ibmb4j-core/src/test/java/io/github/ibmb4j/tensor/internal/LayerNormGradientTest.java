package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.KernelEquivalenceTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layer-norm backward of both implementations against central finite differences of a
 * double-precision forward, for the loss L = Σ w ⊙ LayerNorm(x) with fixed random w (so dY = w).
 */
class LayerNormGradientTest {
  static final double EPS = 1e-5;

  /** Double-precision layer norm, the loss Σ w·y. */
  static double loss(double[] x, double[] gamma, double[] beta, double[] w, int rows, int n) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double mu = 0;
      for (int j = 0; j < n; j++) {
        mu += x[r * n + j];
      }
      mu /= n;
      double var = 0;
      for (int j = 0; j < n; j++) {
        var += (x[r * n + j] - mu) * (x[r * n + j] - mu);
      }
      double rs = 1 / Math.sqrt(var / n + EPS);
      for (int j = 0; j < n; j++) {
        total += w[r * n + j] * ((x[r * n + j] - mu) * rs * gamma[j] + beta[j]);
      }
    }
    return total;
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static double central(double[] v, int i, java.util.function.DoubleSupplier f) {
    double h = 1e-4;
    double old = v[i];
    v[i] = old + h;
    double up = f.getAsDouble();
    v[i] = old - h;
    double down = f.getAsDouble();
    v[i] = old;
    return (up - down) / (2 * h);
  }

  @ParameterizedTest
  @ValueSource(strings = {"scalar", "panama"})
  void backwardMatchesFiniteDifferences(String impl) {
    KernelSupport k = impl.equals("scalar") ? new ScalarKernelSupport() : KernelEquivalenceTest.panamaOrSkip();
    for (int n : new int[] {1, 3, 17, 40}) {
      int rows = 5;
      SplittableRandom rnd = new SplittableRandom(n);
      Matrix x = random(rows, n, rnd);
      Matrix dy = random(rows, n, rnd);
      float[] gamma = random(1, n, rnd).data();
      float[] beta = random(1, n, rnd).data();
      Matrix out = Matrix.zeros(rows, n);
      float[] mean = new float[rows];
      float[] rstd = new float[rows];
      k.layerNorm(x, gamma, beta, (float) EPS, out, mean, rstd);
      Matrix dx = Matrix.zeros(rows, n);
      float[] dg = new float[n];
      float[] db = new float[n];
      k.layerNormBackward(x, dy, gamma, mean, rstd, dx, dg, db);

      double[] xd = toDouble(x.data());
      double[] gd = toDouble(gamma);
      double[] bd = toDouble(beta);
      double[] w = toDouble(dy.data());
      for (int i = 0; i < xd.length; i++) {
        double fd = central(xd, i, () -> loss(xd, gd, bd, w, rows, n));
        assertThat((double) dx.data()[i]).as("%s dx[%d], n=%d", impl, i, n)
            .isCloseTo(fd, org.assertj.core.data.Offset.offset(2e-3 * Math.max(1, Math.abs(fd))));
      }
      for (int j = 0; j < n; j++) {
        double fdg = central(gd, j, () -> loss(xd, gd, bd, w, rows, n));
        double fdb = central(bd, j, () -> loss(xd, gd, bd, w, rows, n));
        assertThat((double) dg[j]).as("%s dgamma[%d]", impl, j)
            .isCloseTo(fdg, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(fdg))));
        assertThat((double) db[j]).as("%s dbeta[%d]", impl, j)
            .isCloseTo(fdb, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(fdb))));
      }
    }
  }
}
