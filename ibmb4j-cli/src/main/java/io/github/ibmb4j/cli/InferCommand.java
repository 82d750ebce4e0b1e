package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.experiment.BatchingOptions;
import io.github.ibmb4j.experiment.SplitBatches;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.Evaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb infer}: runs a trained model on a split with any batching method (§1.9: a model trained
 * with one method can be evaluated with any other) and reports accuracy, macro-F1 and time. The batch
 * precomputation is timed separately, as in the paper; {@code seconds} covers the inference pass.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = "Predict a split with a trained model (from 'ibmb train') and any batching method.")
public final class InferCommand implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", paramLabel = "RUN_DIR", required = true,
      description = "Run directory written by 'ibmb train'.")
  Path run;

  @Option(names = "--dataset", paramLabel = "D",
      description = "Dataset (default: the run's); must have the run's feature and class counts.")
  String dataset;

  @Option(names = "--method", paramLabel = "M",
      description = "Inference batching method (default: the run's training method); 'full' runs "
          + "full-graph inference.")
  String method;

  @Option(names = "--split", defaultValue = "test", description = "train, val or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--outputs-per-batch", paramLabel = "N",
      description = "Override the run's target outputs per (training) batch; evaluation doubles it.")
  Integer outputsPerBatch;

  @Option(names = "--topk", description = "Override the run's PPR top-k.")
  Integer topk;

  @Option(names = "--fanout", paramLabel = "F,F,F", split = ",",
      description = "neighbor: override the fan-out per hop (hop 0 at the outputs; one per layer).")
  java.util.List<Integer> fanout;

  @Option(names = "--layer-nodes", paramLabel = "S,S,S", split = ",",
      description = "ladies: override the nodes sampled per hop (one per layer).")
  java.util.List<Integer> layerNodes;

  @Option(names = "--sampler-batches", paramLabel = "B",
      description = "neighbor, ladies: override the training batches per epoch (val/test use half).")
  Integer samplerBatches;

  @Option(names = "--walk-length", paramLabel = "L",
      description = "saint-rw: override the walk length of the evaluation walks.")
  Integer walkLength;

  @Option(names = "--shadow-topk", paramLabel = "K",
      description = "shadow: override the size of each output's own PPR sub-graph.")
  Integer shadowTopk;

  @Option(names = "--shadow-eps", paramLabel = "EPS",
      description = "shadow: override the push threshold of that PPR.")
  Double shadowEps;

  @Option(names = "--repeats", defaultValue = "1",
      description = "Inference passes; the reported time is the median (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Batch cache directory (default: the run directory's batches/).")
  Path cache;

  @Option(names = "--predictions", paramLabel = "FILE.csv", description = "Write predictions here.")
  Path predictions;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws Exception {
    common.apply();
    InputChecks.inference(this);
    ProgressListener progress = ConsoleProgress.of(common);
    RunConfig config = RunConfig.read(run);
    GnnModel model = Checkpoints.load(run.resolve(RunDirectory.CHECKPOINT));
    DatasetOptions dopts = config.dataset().toOptions();
    if (dataset != null) {
      dopts.dataset = dataset;
    }
    Dataset d = dopts.load(progress);
    if (d.features().dim() != model.spec().inputDim() || d.numClasses() > model.spec().numClasses()) {
      throw new UserInputException("dataset " + d.name() + " has " + d.features().dim()
          + " features and " + d.numClasses() + " classes; the model expects "
          + model.spec().inputDim() + " features and " + model.spec().numClasses() + " classes");
    }
    BatchingOptions b = config.batching().withMethod(method != null ? method : config.batching().method());
    if (topk != null) {
      b = b.withTopk(topk);
    }
    if (outputsPerBatch != null) {
      b = b.withOutputsPerBatch(outputsPerBatch);
    }
    // layer-wise samplers build one block per graph layer of the trained model
    b = b.withLayers(model.spec().numLayers());
    if (fanout != null || layerNodes != null || samplerBatches != null || walkLength != null
        || shadowTopk != null || shadowEps != null) {
      io.github.ibmb4j.experiment.SamplerOptions so = b.sampler();
      try {
        b = b.withSampler(new io.github.ibmb4j.experiment.SamplerOptions(
            fanout != null ? fanout : so.fanout(), layerNodes != null ? layerNodes : so.layerNodes(),
            samplerBatches != null ? samplerBatches : so.batches(), so.roots(),
            walkLength != null ? walkLength : so.walkLength(), so.steps(), so.coverage(),
            shadowTopk != null ? shadowTopk : so.shadowTopk(),
            shadowEps != null ? shadowEps : so.shadowEps()));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    InputChecks.againstDataset(b, d, dopts.splitIndex);
    int[] outputs;
    try {
      outputs = d.splits().get(dopts.splitIndex).part(split);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--split is '" + split + "', expected train, val or test");
    }
    SplitBatches prep = new SplitBatches(d, b.normalization(), true,
        cache != null ? cache : run.resolve("batches"), progress);
    SplitBatches.Prepared p = prep.prepare(outputs, !split.equals("train"), b);
    var source = p.source("sequential", d.numClasses(), 0);
    Evaluation e = Evaluator.evaluateRepeated(model, source, repeats);
    if (predictions != null) {
      RunDirectory.writePredictions(predictions, e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("model", model.spec().type().id());
    out.put("method", b.method());
    out.put("split", split);
    out.put("accuracy", e.accuracy());
    out.put("macroF1", e.macroF1());
    out.put("seconds", e.seconds());
    out.put("nodes", e.size());
    out.put("batches", p.batches().size());
    out.put("preparationSeconds", p.seconds().total());
    out.put("cacheHit", p.cacheHit());
    Output.print(spec.commandLine().getOut(), common, out);
    return ExitCodes.OK;
  }
}
