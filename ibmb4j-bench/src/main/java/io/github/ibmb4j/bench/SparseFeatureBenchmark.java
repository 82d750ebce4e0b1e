package io.github.ibmb4j.bench;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A first layer on sparse input features, sparse kernels against the dense GEMM on the same
 * values: forward OUT = X·B ({@code spmm} with the feature rows as CSR vs {@code matmul}) and the
 * weight gradient C = Xᵀ·G ({@code spmmTransA} vs {@code matmulTransA}), B: k × 256, G: rows × 256.
 * Shapes: {@code cora} = 2,708 rows × 1,433 columns, 1.27 % non-zero (18.2 per row, cora's own
 * mean); {@code physics} = 8,192 rows (a batch; the whole graph's dense matrix would be 1.2 GB) ×
 * 8,415 columns, 0.39 % non-zero (coauthor-physics' mean, 33.0 per row). {@code density} overrides
 * the shape's density (the threshold sweep). Non-zeros are uniformly random per row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
    "-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SparseFeatureBenchmark {
  static final int F = 256;

  @Param({"cora", "physics"})
  public String shape = "cora";

  /** Fraction of non-zeros; 0 = the shape's own. */
  @Param({"0"})
  public double density;

  CsrMatrix sparse;
  Matrix dense;
  Matrix b;
  Matrix g;
  Matrix out;
  Matrix grad;

  @Setup
  public void setup() {
    int rows = shape.equals("cora") ? 2708 : 8192;
    int cols = shape.equals("cora") ? 1433 : 8415;
    double d = density > 0 ? density : shape.equals("cora") ? 0.0127 : 0.0039;
    SplittableRandom rnd = new SplittableRandom(11);
    sparse = randomFeatures(rows, cols, d, rnd);
    dense = sparse.toDense();
    b = GemmBenchmark.random(cols, F, rnd);
    g = GemmBenchmark.random(rows, F, rnd);
    out = Matrix.zeros(rows, F);
    grad = Matrix.zeros(cols, F);
    System.out.printf("%n%s: %d x %d, nnz %d (%.3f %%), kernels %s%n", shape, rows, cols,
        sparse.nnz(), 100.0 * sparse.nnz() / ((double) rows * cols), Kernels.provider());
  }

  /**
   * Bytes the sparse kernel must move at least once, for a bandwidth comparison: the CSR arrays
   * (8 bytes per non-zero), one 256-float row of the dense operand per non-zero (B's row in the
   * forward, read from cache when B fits; OUT's row read and written in the gradient), and the
   * other dense matrix once (OUT written in the forward, G read in the gradient).
   */
  double effectiveBytes(boolean grad) {
    double nnz = sparse.nnz();
    double rowBytes = 4.0 * F;
    return 8 * nnz + (grad ? 2 : 1) * nnz * rowBytes + sparse.rows() * rowBytes;
  }

  /** rows × cols with Bernoulli(density) non-zeros, values in [0, 1) (TF-IDF-like). */
  static CsrMatrix randomFeatures(int rows, int cols, double density, SplittableRandom rnd) {
    int[] ptr = new int[rows + 1];
    int[] idx = new int[Math.max(16, (int) (rows * (long) cols * density * 1.2) + 1024)];
    float[] val = new float[idx.length];
    int nnz = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (rnd.nextDouble() < density) {
          if (nnz == idx.length) {
            idx = Arrays.copyOf(idx, 2 * nnz);
            val = Arrays.copyOf(val, 2 * nnz);
          }
          idx[nnz] = c;
          val[nnz++] = (float) rnd.nextDouble();
        }
      }
      ptr[r + 1] = nnz;
    }
    return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(idx, nnz), Arrays.copyOf(val, nnz));
  }

  @Benchmark
  public Matrix sparseForward() {
    Kernels.spmm(sparse, sparse.rows(), b, out, false);
    return out;
  }

  @Benchmark
  public Matrix denseForward() {
    Kernels.matmul(dense, b, out, false);
    return out;
  }

  @Benchmark
  public Matrix sparseGrad() {
    Kernels.spmmTransA(sparse, g, grad, false);
    return grad;
  }

  @Benchmark
  public Matrix denseGrad() {
    Kernels.matmulTransA(dense, g, grad, false);
    return grad;
  }
}
