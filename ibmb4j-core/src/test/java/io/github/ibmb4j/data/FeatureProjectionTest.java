package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureProjectionTest {

  private static CsrMatrix randomSparse(int n, int f, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ptr = new int[n + 1];
    int[] idx = new int[n * f];
    float[] val = new float[n * f];
    int w = 0;
    for (int v = 0; v < n; v++) {
      for (int j = 0; j < f; j++) {
        if (r.nextDouble() < 0.1) {
          idx[w] = j;
          val[w++] = 1 + r.nextInt(5);
        }
      }
      ptr[v + 1] = w;
    }
    return new CsrMatrix(n, f, ptr, java.util.Arrays.copyOf(idx, w), java.util.Arrays.copyOf(val, w));
  }

  @Test
  void sparseProjectionEqualsTheDenseDoubleReference() {
    int n = 3000;
    int f = 300;
    int k = 16;
    CsrMatrix x = randomSparse(n, f, 1);
    Matrix r = FeatureProjection.gaussianMatrix(f, k, 5);
    Features.Dense got = FeatureProjection.project(new Features.Sparse(x), k, 5);
    Matrix dense = x.toDense();
    for (int v = 0; v < n; v += 7) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int i = 0; i < f; i++) {
          s += (double) dense.get(v, i) * r.get(i, j);
        }
        assertThat((double) got.matrix().get(v, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-3));
      }
    }
    Features.Dense viaDense = FeatureProjection.project(new Features.Dense(dense), k, 5);
    assertThat(viaDense).isEqualTo(got);
  }

  @Test
  void seededAndThreadCountIndependent() {
    CsrMatrix x = randomSparse(5000, 100, 2);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      var a = FeatureProjection.project(new Features.Sparse(x), 8, 3);
      Parallel.setThreads(2);
      var b = FeatureProjection.project(new Features.Sparse(x), 8, 3);
      assertThat(b).isEqualTo(a);
      assertThat(FeatureProjection.project(new Features.Sparse(x), 8, 4)).isNotEqualTo(a);
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void roughlyPreservesNorms() {
    Matrix r = FeatureProjection.gaussianMatrix(2000, 256, 0);
    double sumSq = 0;
    for (float v : r.data()) {
      sumSq += v * v;
    }
    // E[sum of squares of a row] = 1, so total ≈ F.
    assertThat(sumSq / 2000).isBetween(0.95, 1.05);
  }
}
