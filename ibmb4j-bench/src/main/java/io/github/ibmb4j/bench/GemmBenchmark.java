package io.github.ibmb4j.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
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
 * GEMM through {@link Kernels} (the active provider, Panama when the Vector API module is present)
 * against OpenBLAS {@code sgemm} on the same row-major operands and a preallocated output.
 *
 * <p>Shapes (the GCN layer with N = 100 000, F_in = 128, F_out = 256, and a square reference):
 * {@code xw} X·W = 100000×128 · 128×256; {@code wgrad} Xᵀ·dY = (100000×128)ᵀ · 100000×256;
 * {@code xwNarrow} 100000×256 · 256×40 and {@code wgradNarrow} (100000×256)ᵀ · 100000×40 (an output layer's product and
 * weight gradient, QuickTiming only);
 * {@code dgrad} dY·Wᵀ = 100000×256 · (128×256)ᵀ; {@code square} 4096×4096 · 4096×4096.
 * FLOPs = 2·m·n·k (6.55 GFLOP for the layer shapes, 137.4 GFLOP for 4096³).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
    "-Xms6g", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class GemmBenchmark {
  @Param({"xw", "wgrad", "dgrad", "square"})
  public String shape;

  Matrix a;
  Matrix b;
  Matrix c;
  BLAS blas;

  static Matrix random(int rows, int cols, SplittableRandom rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    float[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return m;
  }

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    switch (shape) {
      case "xw" -> {
        a = random(100_000, 128, rnd);
        b = random(128, 256, rnd);
        c = Matrix.zeros(100_000, 256);
      }
      case "wgrad" -> {
        a = random(100_000, 128, rnd);
        b = random(100_000, 256, rnd);
        c = Matrix.zeros(128, 256);
      }
      case "xwNarrow" -> { // the output layer's X·W: 40 classes
        a = random(100_000, 256, rnd);
        b = random(256, 40, rnd);
        c = Matrix.zeros(100_000, 40);
      }
      case "wgradNarrow" -> { // the output layer's weight gradient: 40 classes
        a = random(100_000, 256, rnd);
        b = random(100_000, 40, rnd);
        c = Matrix.zeros(256, 40);
      }
      case "dgrad" -> {
        a = random(100_000, 256, rnd);
        b = random(128, 256, rnd);
        c = Matrix.zeros(100_000, 128);
      }
      case "square" -> {
        a = random(4096, 4096, rnd);
        b = random(4096, 4096, rnd);
        c = Matrix.zeros(4096, 4096);
      }
      default -> throw new IllegalArgumentException("unknown shape " + shape);
    }
    blas = BLAS.getInstance();
    System.err.println("kernels: " + Kernels.provider() + ", BLAS: " + blas.getClass().getName());
  }

  @Benchmark
  public Matrix ibmb() {
    switch (shape) {
      case "wgrad", "wgradNarrow" -> Kernels.matmulTransA(a, b, c, false);
      case "dgrad" -> Kernels.matmulTransB(a, b, c, false);
      default -> Kernels.matmul(a, b, c, false);
    }
    return c;
  }

  /** The same row-major products as column-major sgemm calls (Cᵀ = op(B)ᵀ·op(A)ᵀ). */
  @Benchmark
  public Matrix openblas() {
    switch (shape) {
      case "wgrad", "wgradNarrow" -> { // C (m×n) = Aᵀ·B, A: k×m, B: k×n
        int k = a.rows();
        int m = a.cols();
        int n = b.cols();
        blas.sgemm("N", "T", n, m, k, 1f, b.data(), n, a.data(), m, 0f, c.data(), n);
      }
      case "dgrad" -> { // C (m×n) = A·Bᵀ, A: m×k, B: n×k
        int m = a.rows();
        int k = a.cols();
        int n = b.rows();
        blas.sgemm("T", "N", n, m, k, 1f, b.data(), k, a.data(), k, 0f, c.data(), n);
      }
      default -> { // C (m×n) = A·B
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        blas.sgemm("N", "N", n, m, k, 1f, b.data(), n, a.data(), k, 0f, c.data(), n);
      }
    }
    return c;
  }
}
