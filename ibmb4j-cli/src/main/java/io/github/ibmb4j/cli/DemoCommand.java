package io.github.ibmb4j.cli;

import io.github.ibmb4j.cli.report.Charts;
import io.github.ibmb4j.experiment.ModelOptions;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.serving.Predictions;
import io.github.ibmb4j.serving.Predictor;
import io.github.ibmb4j.serving.PredictorOptions;
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
public final class DemoCommand implements Callable<Integer> {
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
  /** How many of them are also predicted alone (single-node requests). */
  static final int SINGLE_NODES = 100;

  /**
   * The serving case through the library's {@link io.github.ibmb4j.serving.Predictor}: a random subset
   * of test nodes as one request, and its first nodes as single-node requests, with node-wise IBMB at
   * the training batch settings (what the paper's batches give), the exact receptive field (the
   * default) and full-graph inference; accuracy, agreement with full-graph inference and time.
   */
  private Map<String, Map<String, Object>> servingComparison(RunConfig config,
      ProgressListener progress) throws java.io.IOException {
    io.github.ibmb4j.data.Dataset d = config.dataset().toOptions().load(progress);
    int[] test = d.splits().get(config.dataset().splitIndex()).test();
    int[] subset = new java.util.SplittableRandom(7).ints(0, test.length).distinct()
        .limit(Math.min(SERVING_NODES, test.length)).map(i -> test[i]).sorted().toArray();
    var variants = new java.util.LinkedHashMap<String, PredictorOptions>();
    variants.put("ibmb-node (training batches)", PredictorOptions.trainingBatches());
    variants.put("receptive-field", PredictorOptions.defaults());
    variants.put("full", PredictorOptions.defaults().withMethod("full"));
    java.util.LinkedHashMap<String, Map<String, Object>> result = new java.util.LinkedHashMap<>();
    int[] full = null;
    for (var v : java.util.List.copyOf(variants.entrySet()).reversed()) {
      try (Predictor p = Predictor.open(out, d, v.getValue().withMaxNodesPerRequest(subset.length))) {
        progress.start("serving: " + v.getKey(), -1);
        Predictions set = p.predict(subset);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("accuracy", set.accuracy());
        m.put("seconds", set.seconds());
        if (full == null) {
          full = set.predicted();
        }
        m.put("agreement", agreement(set.predicted(), full, subset.length));
        if (!v.getValue().method().equals("full")) {
          int single = Math.min(SINGLE_NODES, subset.length);
          int[] alone = new int[single];
          long t0 = System.nanoTime();
          for (int i = 0; i < single; i++) {
            alone[i] = p.predict(subset[i]).get(0).predicted();
          }
          m.put("singleSecondsPerRequest", (System.nanoTime() - t0) / 1e9 / single);
          int ok = 0;
          for (int i = 0; i < single; i++) {
            ok += alone[i] == d.labels()[subset[i]] ? 1 : 0;
          }
          m.put("singleAccuracy", (double) ok / single);
          m.put("singleAgreement", agreement(alone, full, single));
        }
        m.put("nodes", set.size());
        progress.finish();
        result.putFirst(v.getKey(), m);
      }
    }
    return result;
  }

  private static double agreement(int[] a, int[] b, int n) {
    int same = 0;
    for (int i = 0; i < n; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / n;
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
    Map<String, Object> summary = TrainCommand.runAndRecord(config, out, null, common, progress)
        .summary();

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
      common.print(summary);
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
    w.printf(Locale.ROOT, "%nThe serving case (ibmb predict, the Predictor API): %d random test nodes as one request, "
        + "and %d of them%nas single-node requests; agreement = same class as full-graph inference:%n",
        SERVING_NODES, SINGLE_NODES);
    w.printf(Locale.ROOT, "%-29s %9s %10s %9s %14s %10s %12s%n", "inference", "accuracy", "agreement",
        "time (s)", "alone: acc.", "agreement", "s/request");
    for (var e : serving.entrySet()) {
      Map<String, Object> m = e.getValue();
      w.printf(Locale.ROOT, "%-29s %9.4f %10.4f %9.3f", e.getKey(), (double) m.get("accuracy"),
          (double) m.get("agreement"), (double) m.get("seconds"));
      if (m.containsKey("singleAccuracy")) {
        w.printf(Locale.ROOT, " %14.4f %10.4f %12.4f%n", (double) m.get("singleAccuracy"),
            (double) m.get("singleAgreement"), (double) m.get("singleSecondsPerRequest"));
      } else {
        w.printf(Locale.ROOT, " %14s %10s %12s%n", "-", "-", "-");
      }
    }
    w.printf(Locale.ROOT, "%nRun directory: %s%nLearning curve: %s%nInference plot: %s%n", out,
        summary.get("plot"), plot);
    w.flush();
    return ExitCodes.OK;
  }
}
