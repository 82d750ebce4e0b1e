package io.github.ibmb4j.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Kernels;

/**
 * Best-of-n wall times of the benchmark operations, for quick same-run ratios on a shared machine
 * where JMH averages are noisy: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * io.github.ibmb4j.bench.QuickTiming [reps] [threads] [op...]}. Ops: xw wgrad dgrad square spmm
 * triad spmmScalar spmm40 gat.softmax gat.aggregate gat.attentionGrad gat.softmaxBackward
 * (8 heads × 32; gat4.* for 4 heads × 64) gcnLayer, {cora|physics}.{sparse|dense}{Forward|Grad}
 * (SparseFeatureBenchmark); xw, wgrad, dgrad and square also as op/blas for OpenBLAS. Prints one
 * line per op.
 */
public final class QuickTiming {
  private QuickTiming() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    if (args.length > 1) {
      Parallel.setThreads(Integer.parseInt(args[1]));
    }
    String[] ops = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length)
        : new String[] {"xw", "xw/blas", "wgrad", "wgrad/blas", "dgrad", "dgrad/blas", "spmm",
            "triad"};
    SpmmBenchmark sp = null;
    System.out.println("kernels " + Kernels.provider() + ", threads " + Parallel.threads() + ", "
        + BLAS.getInstance().getClass().getSimpleName());
    for (String op : ops) {
      String shape = op.replace("/blas", "");
      Runnable r;
      double flops = 0;
      double bytes = 0; // effective bytes, for the sparse-feature kernels
      if (shape.equals("gcnLayer")) {
        GcnLayerBenchmark g = new GcnLayerBenchmark();
        g.setup();
        r = g::forwardBackward;
      } else if (shape.startsWith("gat.") || shape.startsWith("gat4.")) {
        GatBenchmark g = new GatBenchmark();
        if (shape.startsWith("gat4.")) { // 4 heads × 64 instead of 8 × 32
          g.heads = 4;
          shape = "gat." + shape.substring(5);
        }
        g.setup();
        r = switch (shape) {
          case "gat.softmax" -> g::edgeSoftmax;
          case "gat.aggregate" -> g::aggregate;
          case "gat.attentionGrad" -> g::attentionGrad;
          case "gat.softmaxBackward" -> g::edgeSoftmaxBackward;
          default -> throw new IllegalArgumentException("unknown op " + op);
        };
      } else if (shape.startsWith("cora.") || shape.startsWith("physics.")) {
        SparseFeatureBenchmark b = new SparseFeatureBenchmark();
        b.shape = shape.substring(0, shape.indexOf('.'));
        b.setup();
        r = switch (shape.substring(shape.indexOf('.') + 1)) {
          case "sparseForward" -> b::sparseForward;
          case "denseForward" -> b::denseForward;
          case "sparseGrad" -> b::sparseGrad;
          case "denseGrad" -> b::denseGrad;
          default -> throw new IllegalArgumentException("unknown op " + op);
        };
        if (shape.contains(".sparse")) {
          bytes = b.effectiveBytes(shape.endsWith("Grad"));
        } else {
          flops = 2.0 * b.dense.rows() * b.dense.cols() * SparseFeatureBenchmark.F;
        }
      } else if (shape.equals("spmm") || shape.equals("triad") || shape.equals("spmmScalar")
          || shape.equals("spmm40")) {
        if (sp == null) {
          sp = new SpmmBenchmark();
          sp.setup();
        }
        SpmmBenchmark s = sp;
        r = switch (shape) {
          case "spmm" -> s::spmm;
          case "spmmScalar" -> s::spmmScalar;
          case "spmm40" -> s::spmm40;
          default -> s::triad;
        };
      } else {
        GemmBenchmark g = new GemmBenchmark();
        g.shape = shape;
        g.setup();
        flops = 2.0 * (shape.equals("square") ? 4096.0 * 4096 * 4096
            : shape.endsWith("Narrow") ? 100_000.0 * 256 * 40 : 100_000.0 * 128 * 256);
        r = op.endsWith("/blas") ? g::openblas : g::ibmb;
      }
      double best = Double.MAX_VALUE;
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        r.run();
        best = Math.min(best, (System.nanoTime() - t0) / 1e6);
      }
      String extra = shape.startsWith("gat.") || shape.equals("gcnLayer") ? ""
          : bytes > 0 ? String.format(" = %.1f GB/s effective", bytes / best / 1e6)
          : flops > 0 ? String.format(" = %.1f GFLOP/s", flops / best / 1e6)
          : shape.equals("triad") ? String.format(" = %.1f GB/s", 12.0 * (1 << 25) / best / 1e6)
          : String.format(" = %.1f GB/s effective", (1.5e6 * 256 * 4 + 1e5 * 256 * 4) / best / 1e6);
      System.out.printf("%-12s best of %d: %8.2f ms%s%n", op, reps, best, extra);
    }
  }
}
