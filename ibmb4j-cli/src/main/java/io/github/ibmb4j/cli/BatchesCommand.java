package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.InfluenceCaptured;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.experiment.BatchingOptions;
import io.github.ibmb4j.experiment.SplitBatches;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
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

  @Mixin BatchingOptionGroup batching;

  @Option(names = "--split", paramLabel = "S", defaultValue = "train",
      description = "Output nodes: train, val or test (default: ${DEFAULT-VALUE}); val/test double the "
          + "outputs per batch.")
  String split;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of random methods (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--layers", defaultValue = "3",
      description = "Graph layers of the model the batches are for; neighbor and ladies build one "
          + "block per layer (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--no-features", description = "Do not gather features into the batches.")
  boolean noFeatures;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    if (layers < 1) {
      throw new UserInputException("--layers is " + layers + ", expected >= 1");
    }
    BatchingOptions options = batching.toOptions(seed).withLayers(layers);
    Dataset d = data.load();
    Split s = data.split(d);
    InputChecks.againstDataset(options, d, data.splitIndex);
    if (batching.cacheDir != null) {
      io.github.ibmb4j.files.TempFiles.cleanStale(batching.cacheDir); // left by a killed run
    }
    int[] outputs;
    try {
      outputs = s.part(split);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--split is '" + split + "', expected train, val or test");
    }
    if (outputs.length == 0) {
      throw new UserInputException("split part '" + split + "' of " + d.name() + " has no nodes");
    }
    boolean eval = !split.equals("train");
    SplitBatches prep = new SplitBatches(d, options.normalization(), !noFeatures, batching.cacheDir,
        progress);
    SplitBatches.Prepared p = prep.prepare(outputs, eval, options);
    List<Batch> batches = p.batches();
    double pprSeconds = p.seconds().ppr();
    NodeWiseIbmbOptions nodeWise = options.nodeWise(d.numNodes(), eval);
    PprMatrix ppr = p.ppr();
    if (ppr == null) {
      // the metric needs each output's top-k PPR even when the plan came from the cache or the
      // method computes none
      long t0 = System.nanoTime();
      ppr = new PprPush(nodeWise.alpha(), nodeWise.eps(), nodeWise.topk()).compute(prep.graph(),
          outputs, progress);
      pprSeconds += (System.nanoTime() - t0) / 1e9;
    }
    double captured = InfluenceCaptured.mean(p.plan(), ppr);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("method", options.method());
    // the resolved settings, defaults included (e.g. the degree-scaled fan-out)
    out.put("settings", p.description());
    out.put("split", split);
    out.put("splitName", s.name());
    out.put("splitSize", outputs.length);
    out.put("batches", batches.size());
    // a sampler's statistics are those of its epoch 0
    out.put("stochastic", p.isStochastic() || io.github.ibmb4j.experiment.BatchingMethods
        .isStochastic(options.method()));
    out.put("outputNodes", p.outputNodes());
    out.put("outputsPerBatch", stats(batches, b -> b.numOutputs()));
    out.put("auxNodes", stats(batches, b -> b.numNodes()));
    out.put("edges", stats(batches, b -> b.numEntries()));
    out.put("influenceCaptured", captured);
    out.put("targetOutputsPerBatch", nodeWise.targetOutputs());
    int cap = p.cap();
    if (cap < 0 && p.cacheHit() == Boolean.TRUE && !options.method().equals("full")) {
      // cached plans do not carry the cap; it follows from the options alone
      cap = options.auxPerBatch() > 0 && options.method().equals("ibmb-node") ? options.auxPerBatch()
          : NodeWiseIbmbOptions.normalizedCap(outputs.length, nodeWise.targetOutputs());
    }
    out.put("cap", cap);
    out.put("topk", nodeWise.topk());
    out.put("alpha", nodeWise.alpha());
    out.put("eps", nodeWise.eps());
    out.put("normalization", options.normalization().name().toLowerCase(java.util.Locale.ROOT));
    out.put("pprPushedEntries", ppr.pushedEntries());
    if (p.cacheHit() != null) {
      out.put("cacheHit", p.cacheHit());
    }
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("ppr", pprSeconds);
    sec.put("merge", p.seconds().merge());
    sec.put("materialize", p.seconds().materialize());
    sec.put("cache", p.seconds().cache());
    out.put("seconds", sec);
    Output.print(spec.commandLine().getOut(), common, out);
    return ExitCodes.OK;
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
