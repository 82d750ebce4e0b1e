package io.github.ibmb4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Views over longer backing arrays: the tail is never part of the matrix nor touched by kernels. */
class MatrixViewTest {

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  @Test
  void equalsHashCodeAndCopyIgnoreTheTail() {
    float[] exact = random(12, 1);
    float[] longer = java.util.Arrays.copyOf(exact, 20);
    longer[15] = 42f;
    Matrix a = new Matrix(3, 4, exact);
    Matrix b = Matrix.view(longer, 3, 4);
    assertThat(b).isEqualTo(a);
    assertThat(b.hashCode()).isEqualTo(a.hashCode());
    assertThat(b.size()).isEqualTo(12);
    assertThat(b.copy().data()).hasSize(12).containsExactly(exact);
    longer[11] += 1f;
    assertThat(b).isNotEqualTo(a);
    assertThatThrownBy(() -> Matrix.view(new float[11], 3, 4)).hasMessageContaining("needs 12");
  }

  @Test
  void kernelsOnViewsMatchExactMatricesAndLeaveTheTailAlone() {
    int rows = 37;
    int cols = 29;
    float[] x = random(rows * cols, 2);
    float[] w = random(cols * 13, 3);
    float[] tailX = java.util.Arrays.copyOf(x, rows * cols + 100);
    java.util.Arrays.fill(tailX, rows * cols, tailX.length, -7f);
    Matrix ex = new Matrix(rows, cols, x.clone());
    Matrix vx = Matrix.view(tailX, rows, cols);
    Matrix ew = new Matrix(13, cols, w);
    float[] outBacking = new float[rows * 13 + 50];
    java.util.Arrays.fill(outBacking, -3f);
    Matrix vy = Matrix.view(outBacking, rows, 13);
    Matrix ey = Matrix.zeros(rows, 13);
    Kernels.matmulTransB(ex, ew, ey, false);
    Kernels.matmulTransB(vx, ew, vy, false);
    assertThat(vy).isEqualTo(ey);
    Kernels.relu(ex, ex);
    Kernels.relu(vx, vx);
    assertThat(vx).isEqualTo(ex);
    Matrix eg = new Matrix(rows, cols, random(rows * cols, 4));
    float[] gb = java.util.Arrays.copyOf(eg.data(), rows * cols + 10);
    java.util.Arrays.fill(gb, rows * cols, gb.length, -5f);
    Matrix vg = Matrix.view(gb, rows, cols);
    Kernels.reluBackward(ex, eg);
    Kernels.reluBackward(vx, vg);
    assertThat(vg).isEqualTo(eg);
    for (int i = rows * cols; i < tailX.length; i++) {
      assertThat(tailX[i]).isEqualTo(-7f);
    }
    for (int i = rows * cols; i < gb.length; i++) {
      assertThat(gb[i]).isEqualTo(-5f);
    }
    for (int i = rows * 13; i < outBacking.length; i++) {
      assertThat(outBacking[i]).isEqualTo(-3f);
    }
  }
}
