package io.github.ibmb4j.bench;

import io.github.ibmb4j.tensor.CsrMatrix;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One GCN layer forward + backward on the SpMM graph (N = 100 000, 15 random neighbours, F_in 128,
 * F_out 256), as the five kernel calls a layer makes: XW = X·W, Y = A·XW, dXW = Aᵀ·dY,
 * dW = Xᵀ·dXW (split-K), dX = dXW·Wᵀ. Preallocated buffers; Aᵀ precomputed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
    "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class GcnLayerBenchmark {
  CsrMatrix adj;
  CsrMatrix adjT;
  Matrix x;
  Matrix w;
  Matrix xw;
  Matrix y;
  Matrix dy;
  Matrix dxw;
  Matrix dw;
  Matrix dx;

  @Setup
  public void setup() {
    SpmmBenchmark sp = new SpmmBenchmark();
    sp.setup();
    adj = sp.adj;
    adjT = adj.transpose();
    SplittableRandom rnd = new SplittableRandom(11);
    int n = SpmmBenchmark.N;
    x = GemmBenchmark.random(n, 128, rnd);
    w = GemmBenchmark.random(128, 256, rnd);
    dy = GemmBenchmark.random(n, 256, rnd);
    xw = Matrix.zeros(n, 256);
    y = Matrix.zeros(n, 256);
    dxw = Matrix.zeros(n, 256);
    dw = Matrix.zeros(128, 256);
    dx = Matrix.zeros(n, 128);
  }

  @Benchmark
  public Matrix forwardBackward() {
    int n = SpmmBenchmark.N;
    Kernels.matmul(x, w, xw, false);
    Kernels.spmm(adj, n, xw, y, false);
    Kernels.spmm(adjT, n, dy, dxw, false);
    Kernels.matmulTransA(x, dxw, dw, false);
    Kernels.matmulTransB(dxw, w, dx, false);
    return dx;
  }
}
