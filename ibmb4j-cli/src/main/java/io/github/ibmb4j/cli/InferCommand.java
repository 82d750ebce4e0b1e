package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.experiment.SplitBatches;
import io.github.ibmb4j.experiment.TrainingRun;
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
public final class InferCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin TrainedRunOptions trained;

  @Option(names = "--method", paramLabel = "M",
      description = "Inference batching method (default: the run's training method); 'full' runs "
          + "full-graph inference.")
  String method;

  @Option(names = "--split", defaultValue = "test", description = "train, val or test (default: ${DEFAULT-VALUE}).")
  String split;

  /** Method flags given on the command line override the run's (the others keep the run's values). */
  @Mixin MethodOptions methodOptions;

  @Option(names = "--repeats", defaultValue = "1",
      description = "Inference passes; the reported time is the median (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Batch cache directory (default: the run directory's batches/).")
  Path cache;

  @Option(names = "--predictions", paramLabel = "FILE.csv", description = "Write predictions here.")
  Path predictions;

  @Override
  public Integer call() throws Exception {
    common.apply();
    InputChecks.inference(this);
    ProgressListener progress = ConsoleProgress.of(common);
    RunConfig config = RunConfig.read(trained.run);
    GnnModel model = Checkpoints.load(trained.run.resolve(RunDirectory.CHECKPOINT));
    DatasetOptions dopts = trained.datasetOptions(config);
    Dataset d = dopts.load(progress);
    if (d.features().dim() != model.spec().inputDim() || d.numClasses() > model.spec().numClasses()) {
      throw new UserInputException("dataset " + d.name() + " has " + d.features().dim()
          + " features and " + d.numClasses() + " classes; the model expects "
          + model.spec().inputDim() + " features and " + model.spec().numClasses() + " classes");
    }
    var parsed = spec.commandLine().getParseResult();
    BatchingSettings settings = methodOptions.over(config.batching(), parsed::hasMatchedOption);
    InputChecks.batching(settings);
    InputChecks.againstDataset(settings, method != null ? method : settings.method(), d,
        dopts.splitIndex);
    BatchingMethod b;
    try {
      b = settings.method(method != null ? method : settings.method());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    int[] outputs;
    try {
      outputs = d.splits().get(dopts.splitIndex).part(split);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--split is '" + split + "', expected train, val or test");
    }
    SplitBatches prep = new SplitBatches(d, settings.normalization(), true,
        cache != null ? cache : trained.run.resolve("batches"), progress);
    // the trained model's layers (layer-wise samplers build one block per layer) and output limit
    SplitBatches.Prepared p = prep.prepare(outputs, !split.equals("train"), b,
        TrainingRun.batchingModel(model.spec()));
    var source = p.source("sequential", d.numClasses(), 0);
    Evaluation e = Evaluator.evaluateRepeated(model, source, repeats);
    if (predictions != null) {
      RunDirectory.writePredictions(predictions, e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("model", model.spec().type().id());
    out.put("method", b.name());
    out.put("split", split);
    out.put("accuracy", e.accuracy());
    out.put("macroF1", e.macroF1());
    // the same canonical digest as the Spark predict job's, over the dataset's original node ids
    out.put("predictionsDigest", io.github.ibmb4j.experiment.Digests.predictions(e.nodes(),
        e.predicted(), e.probability(), io.github.ibmb4j.data.NodeIds.forDataset(dopts.dataset,
            d.numNodes())));
    out.put("seconds", e.seconds());
    out.put("nodes", e.size());
    out.put("batches", p.numBatches());
    out.put("preparationSeconds", p.seconds().total());
    if (p instanceof SplitBatches.Prepared.Fixed f && f.cache() != SplitBatches.CacheUse.NOT_CACHED) {
      out.put("cacheHit", f.cache() == SplitBatches.CacheUse.HIT);
    }
    common.print(out);
    return ExitCodes.OK;
  }
}
