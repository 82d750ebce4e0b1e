package io.github.ibmb4j.cli;

import io.github.ibmb4j.cli.report.Charts;
import io.github.ibmb4j.experiment.ModelOptions;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.TrainOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb demo}, the README's main job: trains a GCN with node-wise IBMB batches on the embedded
 * synthetic graph (arxiv-shaped by default), then compares test inference with node-wise IBMB, the
 * full graph and the other registered inference methods, printing accuracy and time per method and
 * writing the run directory with its learning-curve and accuracy-vs-time plots.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train a GCN with node-wise IBMB on the synthetic default graph and compare "
        + "inference methods (accuracy and time).")
public final class DemoCommand implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "synthetic",
      description = "Dataset (default: ${DEFAULT-VALUE}, the arxiv-shaped generated graph).")
  String dataset;

  @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--hidden", defaultValue = "256", description = "Hidden channels (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--out", paramLabel = "RUN_DIR", defaultValue = "runs/demo",
      description = "Run directory, replaced if it holds an earlier demo (default: ${DEFAULT-VALUE}).")
  Path out;

  /** Size of the random test subset of the serving comparison. */
  static final int SERVING_NODES = 1000;

  /**
   * Inference for a random subset of test nodes with node-wise IBMB and with the full graph (median of
   * 3 passes each; batch preparation reported separately).
   */
  private Map<String, Map<String, Object>> servingComparison(RunConfig config,
      ProgressListener progress) throws java.io.IOException {
    io.github.ibmb4j.data.Dataset d = config.dataset().toOptions().load(progress);
    int[] test = d.splits().get(config.dataset().splitIndex()).test();
    int[] subset = new java.util.SplittableRandom(7).ints(0, test.length).distinct()
        .limit(Math.min(SERVING_NODES, test.length)).map(i -> test[i]).sorted().toArray();
    io.github.ibmb4j.model.GnnModel model =
        io.github.ibmb4j.model.Checkpoints.load(out.resolve(RunDirectory.CHECKPOINT));
    io.github.ibmb4j.experiment.SplitBatches prep = new io.github.ibmb4j.experiment.SplitBatches(d,
        config.batching().normalization(), true, null, progress);
    Map<String, Map<String, Object>> result = new java.util.LinkedHashMap<>();
    // IBMB's accuracy grows with the auxiliary nodes per output (k); the paper tunes k for inference
    // (§1.9 grid k = 2..64), so the serving case shows the reference k = 16 and k = 64.
    BatchingSettings b = config.batching();
    var variants = new java.util.LinkedHashMap<String, io.github.ibmb4j.batching.BatchingMethod>();
    var node = (io.github.ibmb4j.batching.IbmbNodeMethod) b.method("ibmb-node");
    variants.put("ibmb-node", node);
    variants.put("ibmb-node k=64", new io.github.ibmb4j.batching.IbmbNodeMethod(64, node.alpha(),
        node.eps(), node.outputsPerBatch(), node.auxPerBatch()));
    variants.put("full", b.method("full"));
    for (var v : variants.entrySet()) {
      String method = v.getKey();
      var p = prep.prepare(subset, true, v.getValue(),
          io.github.ibmb4j.experiment.TrainingRun.batchingModel(model.spec()));
      var source = p.source("sequential", d.numClasses(), 0);
      io.github.ibmb4j.train.Evaluation e =
          io.github.ibmb4j.train.Evaluator.evaluateRepeated(model, source, 3);
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("accuracy", e.accuracy());
      m.put("seconds", e.seconds());
      m.put("preparationSeconds", p.seconds().total());
      m.put("nodes", e.size());
      result.put(method, m);
    }
    return result;
  }

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    if (epochs < 1) {
      throw new UserInputException("--epochs is " + epochs + ", expected >= 1");
    }
    if (Files.isRegularFile(out.resolve(RunConfig.FILE))) {
      // a previous demo: start afresh, keeping its batch cache (same data and options → same batches)
      try (var files = Files.list(out)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f)) {
            Files.delete(f);
          }
        }
      }
    }
    Files.createDirectories(out);
    DatasetOptions d = new DatasetOptions();
    d.dataset = dataset;
    RunConfig config = new RunConfig(RunConfig.DatasetSettings.of(d),
        BatchingSettings.defaults("ibmb-node", 0), "ibmb-node",
        new ModelOptions(ModelSpec.Type.GCN, hidden, 3, 0, -1, -1),
        TrainOptions.reference(0).withEpochs(epochs));
    config.write(out);
    Map<String, Object> summary = TrainCommand.runAndRecord(config, out, null, common, progress);

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> byMethod =
        (Map<String, Map<String, Object>>) summary.get("testByMethod");
    Map<String, Map<String, Object>> serving = servingComparison(config, progress);
    summary.put("servingSubset", serving);
    List<Charts.MethodPoint> points = new ArrayList<>();
    for (var e : byMethod.entrySet()) {
      points.add(new Charts.MethodPoint(e.getKey(), (double) e.getValue().get("seconds"),
          (double) e.getValue().get("accuracy")));
    }
    Path plot = Charts.writeAccuracyVsTime(points, "Test inference on " + summary.get("dataset"),
        out, "inference-accuracy-vs-time");
    if (common.json) {
      summary.put("inferencePlot", plot.toString());
      Output.print(spec.commandLine().getOut(), common, summary);
      return ExitCodes.OK;
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "%nGCN trained with node-wise IBMB batches on %s: %d epochs, %.2f s per "
        + "epoch, best validation accuracy %.4f (epoch %d).%n%n", summary.get("dataset"),
        (int) summary.get("epochs"), (double) summary.get("epochSeconds"),
        (double) summary.get("valAccuracy"), (int) summary.get("bestEpoch"));
    w.printf(Locale.ROOT, "%-12s %14s %16s %18s%n", "inference", "test accuracy", "inference (s)",
        "batch prep (s)");
    for (var e : byMethod.entrySet()) {
      Map<String, Object> m = e.getValue();
      w.printf(Locale.ROOT, "%-12s %14.4f %16.3f %18.3f%n", e.getKey(), (double) m.get("accuracy"),
          (double) m.get("seconds"), (double) m.get("preparationSeconds"));
    }
    w.printf(Locale.ROOT, "%nPredictions for %d random test nodes only (the serving case: IBMB batches "
        + "hold just their influential neighbourhoods,%nfull-graph inference computes every node):%n",
        SERVING_NODES);
    w.printf(Locale.ROOT, "%-15s %11s %16s %18s%n", "inference", "accuracy", "inference (s)",
        "batch prep (s)");
    for (var e : serving.entrySet()) {
      Map<String, Object> m = e.getValue();
      w.printf(Locale.ROOT, "%-15s %11.4f %16.3f %18.3f%n", e.getKey(), (double) m.get("accuracy"),
          (double) m.get("seconds"), (double) m.get("preparationSeconds"));
    }
    w.printf(Locale.ROOT, "%nRun directory: %s%nLearning curve: %s%nInference plot: %s%n", out,
        summary.get("plot"), plot);
    w.flush();
    return ExitCodes.OK;
  }
}
