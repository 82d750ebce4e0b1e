package io.github.ibmb4j.cli;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.InfluenceCaptured;
import io.github.ibmb4j.batching.RandFixMethod;
import io.github.ibmb4j.batching.RandMethod;
import io.github.ibmb4j.batching.ShadowMethod;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Split;
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

/** {@code ibmb batches}: plan (and optionally cache) the batches of one split and report their sizes. */
@Command(name = "batches", mixinStandardHelpOptions = true,
    description = "Precompute the batches of one split with a batching method and report their sizes, "
        + "the PPR influence they capture and the time per phase.")
public final class BatchesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DatasetOptions data;

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
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    if (layers < 1) {
      throw new UserInputException("--layers is " + layers + ", expected >= 1");
    }
    BatchingSettings settings = batching.toSettings(seed);
    BatchingMethod method = settings.trainingMethod();
    BatchingMethod.Model model = BatchingMethod.Model.DEFAULT.withLayers(layers);
    Dataset d = data.load();
    Split s = data.split(d);
    InputChecks.againstDataset(settings, settings.method(), d, data.splitIndex);
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
    SplitBatches prep = new SplitBatches(d, settings.normalization(), !noFeatures, batching.cacheDir,
        progress);
    // a sampler's statistics are those of its epoch 0
    SplitBatches.Prepared.Fixed p = switch (prep.prepare(outputs, eval, method, model)) {
      case SplitBatches.Prepared.Fixed f -> f;
      case SplitBatches.Prepared.Sampled sampled -> SplitBatches.firstEpoch(sampled);
    };
    List<Batch> batches = p.batches();
    double pprSeconds = p.seconds().ppr();
    PprMatrix ppr;
    if (p.ppr().isPresent()) {
      ppr = p.ppr().get();
    } else {
      // the metric needs each output's top-k PPR (node-wise IBMB's settings) even when the plan
      // came from the cache or the method computes none
      NodeWiseIbmbOptions nodeWise = ((IbmbNodeMethod) settings.method(IbmbNodeMethod.NAME))
          .nodeWise(prep.graph(), model, eval);
      long t0 = System.nanoTime();
      ppr = new PprPush(nodeWise.alpha(), nodeWise.eps(), nodeWise.topk()).compute(prep.graph(),
          outputs, progress);
      pprSeconds += (System.nanoTime() - t0) / 1e9;
    }
    double captured = InfluenceCaptured.meanOverBatches(batches, ppr);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("method", method.name());
    // the options in effect, defaults resolved (e.g. the degree-scaled fan-out)
    out.put("settings", p.method().settings());
    out.put("split", split);
    out.put("splitName", s.name());
    out.put("splitSize", outputs.length);
    out.put("batches", batches.size());
    // a sampler's statistics are those of its epoch 0
    out.put("stochastic", method.samplesEveryEpoch());
    out.put("outputNodes", p.outputNodes());
    out.put("outputsPerBatch", stats(batches, b -> b.numOutputs()));
    out.put("auxNodes", stats(batches, b -> b.numNodes()));
    out.put("edges", stats(batches, b -> b.numEntries()));
    out.put("influenceCaptured", captured);
    // the same canonical digest as the Spark plan job's, over the dataset's original node ids
    out.put("planDigest", io.github.ibmb4j.experiment.Digests.plan(method.name(), batches,
        io.github.ibmb4j.data.NodeIds.forDataset(data.dataset, d.numNodes())));
    // only the methods that have them report an output target, a cap and PPR settings
    switch (p.method()) {
      case IbmbNodeMethod m -> putNodeWise(out, m.nodeWise(prep.graph(), model, eval));
      case RandFixMethod m -> putNodeWise(out, new NodeWiseIbmbOptions(m.topk(), m.alpha(), m.eps(),
          m.outputsPerBatch(), eval, 0));
      case RandMethod m -> putNodeWise(out, new NodeWiseIbmbOptions(m.topk(), m.alpha(), m.eps(),
          m.outputsPerBatch(), eval, 0));
      case ShadowMethod m -> {
        out.put("targetOutputsPerBatch", m.outputsPerBatch());
        out.put("topk", m.topk());
        out.put("alpha", m.alpha());
        out.put("eps", m.eps());
      }
      default -> { }
    }
    method.outputCap(outputs.length, eval, prep.graph(), model).ifPresent(c -> out.put("cap", c));
    out.put("normalization", settings.normalization().name().toLowerCase(java.util.Locale.ROOT));
    out.put("pprPushedEntries", ppr.pushedEntries());
    if (p.cache() != SplitBatches.CacheUse.NOT_CACHED) {
      out.put("cacheHit", p.cache() == SplitBatches.CacheUse.HIT);
    }
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("ppr", pprSeconds);
    sec.put("merge", p.seconds().merge());
    sec.put("materialize", p.seconds().materialize());
    sec.put("cache", p.seconds().cache());
    out.put("seconds", sec);
    common.print(out);
    return ExitCodes.OK;
  }

  private static void putNodeWise(Map<String, Object> out, NodeWiseIbmbOptions o) {
    out.put("targetOutputsPerBatch", o.targetOutputs());
    out.put("topk", o.topk());
    out.put("alpha", o.alpha());
    out.put("eps", o.eps());
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
