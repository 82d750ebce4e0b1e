package io.github.ibmb4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one counting-sort transpose ({@link CsrMatrix#transposeRows}) behind {@link
 * CsrMatrix#transpose}, {@link Kernels#transposeEntryOrder} and the layers' cached transposes,
 * against a dense reference.
 */
class CsrMatrixTransposeTest {

  /** rows × cols with about density·cols entries per row, some rows empty, random values. */
  private static CsrMatrix random(int rows, int cols, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ptr = new int[rows + 1];
    int[] idx = new int[rows * cols];
    float[] val = new float[rows * cols];
    int nnz = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (r.nextDouble() < density) {
          idx[nnz] = j;
          val[nnz++] = (float) r.nextGaussian();
        }
      }
      ptr[i + 1] = nnz;
    }
    return new CsrMatrix(rows, cols, ptr, java.util.Arrays.copyOf(idx, nnz),
        java.util.Arrays.copyOf(val, nnz)).validated();
  }

  @Test
  void transposeOfRowPrefixesMatchesTheDenseTransposeAndMapsEveryEntry() {
    for (long seed = 1; seed <= 5; seed++) {
      CsrMatrix a = random(23, 17, 0.2, seed);
      float[] other = new float[a.nnz()];
      for (int q = 0; q < other.length; q++) {
        other[q] = 1000 + q;
      }
      for (int n : new int[] {0, 1, 7, 23}) {
        int[] order = new int[a.rowPtr()[n]];
        CsrMatrix t = a.transposeRows(n, a.values(), order).validated();
        assertThat(t.rows()).isEqualTo(17);
        assertThat(t.cols()).isEqualTo(n);
        Matrix dense = a.toDense();
        Matrix td = t.toDense();
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 17; j++) {
            assertThat(td.get(j, i)).isEqualTo(dense.get(i, j));
          }
        }
        // The entry order maps entry p of the transpose back to its position in a.
        for (int j = 0; j < t.rows(); j++) {
          for (int p = t.rowPtr()[j]; p < t.rowPtr()[j + 1]; p++) {
            int q = order[p];
            assertThat(a.colIdx()[q]).isEqualTo(j);
            assertThat(a.values()[q]).isEqualTo(t.values()[p]);
            assertThat(q).isBetween(a.rowPtr()[t.colIdx()[p]], a.rowPtr()[t.colIdx()[p] + 1] - 1);
          }
        }
        // Other values on the same structure follow the same order.
        CsrMatrix w = a.transposeRows(n, other, null);
        for (int p = 0; p < w.nnz(); p++) {
          assertThat(w.values()[p]).isEqualTo(1000f + order[p]);
        }
      }
      assertThat(a.transpose()).isEqualTo(a.transposeRows(a.rows(), a.values(), null));
      int[] full = new int[a.nnz()];
      a.transposeRows(a.rows(), a.values(), full);
      assertThat(Kernels.transposeEntryOrder(a)).containsExactly(full);
      assertThat(a.transpose().transpose()).isEqualTo(a);
    }
  }

  @Test
  void rejectsARowCountOutOfRange() {
    CsrMatrix a = random(4, 3, 0.5, 9);
    assertThatThrownBy(() -> a.transposeRows(5, a.values(), null))
        .hasMessageContaining("5 rows, expected 0..4");
  }
}
