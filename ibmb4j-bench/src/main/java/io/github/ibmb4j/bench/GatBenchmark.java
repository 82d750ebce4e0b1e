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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused GAT kernels on the SpMM graph (N = 100 000, 15 random neighbours, E = 1.5 M) with
 * F = 256 features in H heads (H = 8 × D = 32 by default; {@code -p heads=4} for the default GAT's
 * 4 heads, which the softmax kernels run on 4-lane instead of 8-lane vectors): edge softmax,
 * aggregation, the α-gradient SDDMM and the softmax backward.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
    "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class GatBenchmark {
  /** Heads; F = 256 is split into heads of 256 / heads features. */
  @Param({"8", "4"})
  public int heads = 8;
  int H;
  CsrMatrix adj;
  Matrix x;
  Matrix out;
  float[] src;
  float[] dst;
  float[] alpha;
  float[] dAlpha;
  float[] dRaw;
  float[] dDst;

  @Setup
  public void setup() {
    H = heads;
    SpmmBenchmark sp = new SpmmBenchmark();
    sp.setup();
    adj = sp.adj;
    x = sp.h;
    out = sp.out;
    SplittableRandom rnd = new SplittableRandom(7);
    src = new float[SpmmBenchmark.N * H];
    dst = new float[SpmmBenchmark.N * H];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) rnd.nextGaussian();
      dst[i] = (float) rnd.nextGaussian();
    }
    alpha = new float[adj.nnz() * H];
    dAlpha = new float[alpha.length];
    dRaw = new float[alpha.length];
    dDst = new float[dst.length];
    Kernels.gatEdgeSoftmax(adj, SpmmBenchmark.N, src, dst, H, 0.2f, alpha);
  }

  @Benchmark
  public float[] edgeSoftmax() {
    Kernels.gatEdgeSoftmax(adj, SpmmBenchmark.N, src, dst, H, 0.2f, alpha);
    return alpha;
  }

  @Benchmark
  public Matrix aggregate() {
    Kernels.gatAggregate(adj, SpmmBenchmark.N, alpha, H, x, out, false);
    return out;
  }

  @Benchmark
  public float[] attentionGrad() {
    Kernels.gatAttentionGrad(adj, SpmmBenchmark.N, x, H, x, dAlpha);
    return dAlpha;
  }

  @Benchmark
  public float[] edgeSoftmaxBackward() {
    Kernels.gatEdgeSoftmaxBackward(adj, SpmmBenchmark.N, src, dst, H, 0.2f, alpha, dAlpha, dRaw,
        dDst);
    return dRaw;
  }
}
