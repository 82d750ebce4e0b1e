package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.BatchCache;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.InfluenceCaptured;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ibmb batches}: plan (and optionally cache) the batches of one split and report their sizes. */
@Command(name = "batches", mixinStandardHelpOptions = true,
    description = "Precompute the batches of one split with a batching method and report their sizes, "
        + "the PPR influence they capture and the time per phase.")
public final class BatchesCommand implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common;
  @Mixin DatasetOptions data;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--method", paramLabel = "M", defaultValue = "ibmb-node",
      description = "Batching method: ibmb-node, randfix, rand (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--split", paramLabel = "S", defaultValue = "train",
      description = "Output nodes: train, val or test (default: ${DEFAULT-VALUE}); val/test double the "
          + "outputs per batch.")
  String split;

  @Option(names = "--topk", defaultValue = "16", description = "Auxiliary nodes per output node (default: ${DEFAULT-VALUE}).")
  int topk;

  @Option(names = "--alpha", defaultValue = "0.25", description = "PPR teleport probability (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--eps", defaultValue = "2e-4", description = "PPR push threshold (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--outputs-per-batch", paramLabel = "N",
      description = "Target output nodes per training batch (default: min(9000, floor(N / (topk + 1)))).")
  Integer outputsPerBatch;

  @Option(names = "--aux-per-batch", paramLabel = "A", defaultValue = "0",
      description = "ibmb-node only: cap auxiliary nodes per batch instead (auxiliary-oriented merging; "
          + "0 = off, the default).")
  int auxPerBatch;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of random methods (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--norm", defaultValue = "sym",
      description = "Adjacency normalisation of batches: sym or rw (default: ${DEFAULT-VALUE}).")
  Normalization norm;

  @Option(names = "--no-features", description = "Do not gather features into the batches.")
  boolean noFeatures;

  @Option(names = "--cache", paramLabel = "DIR", description = "Read/write materialised batches here.")
  Path cacheDir;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    Dataset d = data.load();
    Split s = data.split(d);
    int[] outputs;
    try {
      outputs = s.part(split);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--split is '" + split + "', expected train, val or test");
    }
    if (outputs.length == 0) {
      throw new UserInputException("split part '" + split + "' of " + d.name() + " has no nodes");
    }
    BatchMethods.Method m = BatchMethods.get(method);
    boolean eval = !split.equals("train");
    int target = outputsPerBatch != null ? outputsPerBatch : NodeWiseIbmbOptions.defaultOutputsPerBatch(d.numNodes(), topk);
    NodeWiseIbmbOptions opts = new NodeWiseIbmbOptions(topk, alpha, eps, target, eval, auxPerBatch);
    CsrGraph g = GraphOps.withSelfLoops(d.graph());

    BatchMaterializer mat = new BatchMaterializer(g, norm, d.features(), d.labels(), !noFeatures);
    String desc = method + "{seed=" + seed + "," + opts.describe() + "},split=" + s.name() + "/" + split
        + ",norm=" + norm + ",features=" + !noFeatures;
    double pprSeconds = 0;
    double mergeSeconds = 0;
    double matSeconds = 0;
    double cacheSeconds = 0;
    int cap = -1;
    PprMatrix ppr = null;
    BatchPlan plan = null;
    List<Batch> batches;
    Boolean cacheHit = null;
    if (cacheDir != null) {
      long t0 = System.nanoTime();
      byte[] key = BatchCache.key(BatchCache.fingerprint(d), desc, outputs);
      BatchMethods.Planned[] planned = new BatchMethods.Planned[1];
      double[] built = new double[1];
      BatchCache.Result r = new BatchCache(cacheDir).getOrBuild(key, () -> {
        planned[0] = m.plan(new BatchMethods.Request(g, outputs, opts, seed, progress));
        long b0 = System.nanoTime();
        List<Batch> l = mat.materializeAll(planned[0].plan().batches());
        built[0] = (System.nanoTime() - b0) / 1e9;
        return l;
      });
      batches = r.batches();
      cacheHit = r.hit();
      if (r.rebuiltBecause() != null) {
        progress.message("cache file was unusable (" + r.rebuiltBecause() + "); rebuilt");
      }
      double planS = 0;
      if (planned[0] != null) {
        plan = planned[0].plan();
        ppr = planned[0].ppr();
        cap = planned[0].cap();
        pprSeconds = planned[0].pprSeconds();
        mergeSeconds = planned[0].mergeSeconds();
        planS = pprSeconds + mergeSeconds;
      } else {
        plan = planOf(batches, outputs);
        // the cap follows from the options alone (every registered method uses the normalised cap)
        cap = auxPerBatch > 0 && method.equals("ibmb-node") ? auxPerBatch
            : NodeWiseIbmbOptions.normalizedCap(outputs.length, opts.targetOutputs());
      }
      matSeconds = built[0];
      cacheSeconds = (System.nanoTime() - t0) / 1e9 - matSeconds - planS;
    } else {
      BatchMethods.Planned planned = m.plan(new BatchMethods.Request(g, outputs, opts, seed, progress));
      plan = planned.plan();
      ppr = planned.ppr();
      cap = planned.cap();
      pprSeconds = planned.pprSeconds();
      mergeSeconds = planned.mergeSeconds();
      long t0 = System.nanoTime();
      batches = mat.materializeAll(plan.batches());
      matSeconds = (System.nanoTime() - t0) / 1e9;
    }
    if (ppr == null) {
      // the metric needs each output's top-k PPR even when the plan came from the cache
      long t0 = System.nanoTime();
      ppr = new PprPush(alpha, eps, topk).compute(g, outputs, progress);
      pprSeconds += (System.nanoTime() - t0) / 1e9;
    }
    double captured = InfluenceCaptured.mean(plan, ppr);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("method", method);
    out.put("split", split);
    out.put("splitName", s.name());
    out.put("splitSize", outputs.length);
    out.put("batches", batches.size());
    long totalOut = 0;
    for (Batch b : batches) {
      totalOut += b.numOutputs();
    }
    out.put("outputNodes", totalOut);
    out.put("outputsPerBatch", stats(batches, b -> b.numOutputs()));
    out.put("auxNodes", stats(batches, b -> b.numNodes()));
    out.put("edges", stats(batches, b -> b.numEntries()));
    out.put("influenceCaptured", captured);
    out.put("targetOutputsPerBatch", opts.targetOutputs());
    out.put("cap", cap);
    out.put("topk", topk);
    out.put("alpha", alpha);
    out.put("eps", eps);
    out.put("normalization", norm.name().toLowerCase(java.util.Locale.ROOT));
    out.put("pprPushedEntries", ppr.pushedEntries());
    if (cacheHit != null) {
      out.put("cacheHit", cacheHit);
    }
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("ppr", pprSeconds);
    sec.put("merge", mergeSeconds);
    sec.put("materialize", matSeconds);
    sec.put("cache", cacheSeconds);
    out.put("seconds", sec);
    Output.print(spec.commandLine().getOut(), common, out);
    return ExitCodes.OK;
  }

  /** The node sets of cached batches (outputs first in each, then the rest). */
  static BatchPlan planOf(List<Batch> batches, int[] outputs) {
    List<BatchSpec> specs = new java.util.ArrayList<>(batches.size());
    for (Batch b : batches) {
      int[] aux = b.nodes().clone();
      java.util.Arrays.sort(aux);
      int[] out = b.outputNodes();
      java.util.Arrays.sort(out);
      specs.add(new BatchSpec(out, aux));
    }
    return new BatchPlan("cached", outputs, specs);
  }

  private static Map<String, Object> stats(List<Batch> batches, ToDoubleFunction<Batch> f) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (Batch b : batches) {
      double v = f.applyAsDouble(b);
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min", (long) min);
    m.put("mean", sum / batches.size());
    m.put("max", (long) max);
    return m;
  }
}
