package io.github.ibmb4j.bench;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import io.github.ibmb4j.tensor.internal.ScalarKernelSupport;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CSR SpMM A·H with N = 100 000 rows, 15 distinct uniformly random neighbours per row (nnz 1.5 M,
 * the worst case for locality), F = 256, through {@link Kernels} and the scalar reference; plus a
 * STREAM-style triad a = b + s·c over 3 × 128 MiB in the same run, as the memory-bandwidth yardstick
 * (triad bytes = 3 · 4 · 2²⁵; SpMM effective bytes ≈ nnz·F·4 gathered + N·F·4 written).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
    "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SpmmBenchmark {
  static final int N = 100_000;
  static final int DEG = 15;
  static final int F = 256;
  static final int TRIAD = 1 << 25;
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  CsrMatrix adj;
  Matrix h;
  Matrix out;
  Matrix h40;
  Matrix out40;
  float[] ta;
  float[] tb;
  float[] tc;
  final ScalarKernelSupport scalar = new ScalarKernelSupport();

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    int[] ptr = new int[N + 1];
    int[] idx = new int[N * DEG];
    float[] val = new float[N * DEG];
    int[] row = new int[DEG];
    for (int r = 0; r < N; r++) {
      int d = 0;
      while (d < DEG) {
        int c = rnd.nextInt(N);
        boolean dup = false;
        for (int q = 0; q < d; q++) {
          dup |= row[q] == c;
        }
        if (!dup) {
          row[d++] = c;
        }
      }
      Arrays.sort(row);
      System.arraycopy(row, 0, idx, r * DEG, DEG);
      Arrays.fill(val, r * DEG, (r + 1) * DEG, 1f / DEG);
      ptr[r + 1] = (r + 1) * DEG;
    }
    adj = new CsrMatrix(N, N, ptr, idx, val);
    h = GemmBenchmark.random(N, F, rnd);
    out = Matrix.zeros(N, F);
    h40 = GemmBenchmark.random(N, 40, rnd);
    out40 = Matrix.zeros(N, 40);
    ta = new float[TRIAD];
    tb = new float[TRIAD];
    tc = new float[TRIAD];
    Arrays.fill(tb, 1f);
    Arrays.fill(tc, 2f);
    System.err.println("kernels: " + Kernels.provider() + ", threads: " + Parallel.threads());
  }

  @Benchmark
  public Matrix spmm() {
    Kernels.spmm(adj, N, h, out, false);
    return out;
  }

  /** The output layer's shape: F = 40 classes (not a multiple of the vector length). */
  @Benchmark
  public Matrix spmm40() {
    Kernels.spmm(adj, N, h40, out40, false);
    return out40;
  }

  @Benchmark
  public Matrix spmmScalar() {
    scalar.spmm(adj, N, h, out, false);
    return out;
  }

  /** STREAM triad a = b + 3·c on the library's pool, one contiguous range per thread. */
  @Benchmark
  public float[] triad() {
    float[] a = ta;
    float[] b = tb;
    float[] c = tc;
    Parallel.forRanges(TRIAD, Parallel.threads(), (ch, from, to) -> {
      FloatVector s = FloatVector.broadcast(S, 3f);
      int i = from;
      for (; i <= to - S.length(); i += S.length()) {
        FloatVector.fromArray(S, c, i).fma(s, FloatVector.fromArray(S, b, i)).intoArray(a, i);
      }
      for (; i < to; i++) {
        a[i] = b[i] + 3f * c[i];
      }
    });
    return a;
  }
}
