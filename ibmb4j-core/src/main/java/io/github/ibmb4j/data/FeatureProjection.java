package io.github.ibmb4j.data;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * Seeded Gaussian random projection of node features to k dense dimensions: X' = X·R with
 * R ∈ R^{F×k}, R_ij ~ N(0, 1)/√k (Johnson–Lindenstrauss), as the peer harness does for
 * coauthor-physics (8,415 sparse dims → 128). Sparse X is multiplied row by row (each stored entry adds
 * a scaled row of R), so the dense N×F matrix is never built: O(nnz·k + F·k) time, O(N·k + F·k)
 * memory. R is drawn sequentially from one {@link SplittableRandom}(seed), row-major, so the result
 * is deterministic and independent of the thread count (rows are computed independently).
 * Thread-safe.
 */
public final class FeatureProjection {
  private FeatureProjection() {}

  /** The F×k projection matrix R for a seed. */
  public static Matrix gaussianMatrix(int f, int k, long seed) {
    if (k < 1) {
      throw new IllegalArgumentException("projection dimension is " + k + ", expected >= 1");
    }
    Matrix r = Matrix.zeros(f, k);
    float[] d = r.data();
    SplittableRandom rnd = new SplittableRandom(seed);
    double scale = 1.0 / Math.sqrt(k);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rnd.nextGaussian() * scale);
    }
    return r;
  }

  /** Projects {@code x} to {@code k} dense dimensions with the seeded Gaussian matrix. */
  public static Features.Dense project(Features x, int k, long seed) {
    int n = x.numNodes();
    int f = x.dim();
    Matrix r = gaussianMatrix(f, k, seed);
    float[] rd = r.data();
    Matrix out = Matrix.zeros(n, k);
    float[] od = out.data();
    switch (x) {
      case Features.Sparse s -> {
        CsrMatrix m = s.matrix();
        int[] ptr = m.rowPtr();
        int[] idx = m.colIdx();
        float[] val = m.values();
        Parallel.forRanges(n, Math.max(1, n / 1024), (c, from, to) -> {
          for (int v = from; v < to; v++) {
            int ob = v * k;
            for (int p = ptr[v]; p < ptr[v + 1]; p++) {
              float a = val[p];
              int rb = idx[p] * k;
              for (int j = 0; j < k; j++) {
                od[ob + j] += a * rd[rb + j];
              }
            }
          }
        });
      }
      case Features.Dense dense -> {
        float[] xd = dense.matrix().data();
        Parallel.forRanges(n, Math.max(1, n / 1024), (c, from, to) -> {
          for (int v = from; v < to; v++) {
            projectRow(xd, v * f, f, rd, k, od, v * k);
          }
        });
      }
      case Features.Mapped mapped -> {
        // row by row through a per-range buffer: the mapped matrix may exceed the heap
        Parallel.forRanges(n, Math.max(1, n / 1024), (c, from, to) -> {
          float[] row = new float[f];
          for (int v = from; v < to; v++) {
            mapped.row(v, row, 0);
            projectRow(row, 0, f, rd, k, od, v * k);
          }
        });
      }
    }
    return new Features.Dense(out);
  }

  /** The dataset with projected features (graph, labels and splits shared). */
  public static Dataset project(Dataset d, int k, long seed) {
    return new Dataset(d.name(), d.graph(), project(d.features(), k, seed), d.labels(),
        d.numClasses(), d.splits());
  }

  /** out[ob, ob + k) += x[xb, xb + f) · R (R: f × k, row-major); zero inputs skipped. */
  private static void projectRow(float[] x, int xb, int f, float[] r, int k, float[] out, int ob) {
    for (int i = 0; i < f; i++) {
      float a = x[xb + i];
      if (a == 0f) {
        continue;
      }
      int rb = i * k;
      for (int j = 0; j < k; j++) {
        out[ob + j] += a * r[rb + j];
      }
    }
  }
}
