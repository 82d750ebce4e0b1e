package io.github.ibmb4j.cli;

import io.github.ibmb4j.cli.report.Charts;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.experiment.ModelOptions;
import io.github.ibmb4j.experiment.RunRecord;
import io.github.ibmb4j.experiment.SplitBatches;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.EpochRecord;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.Evaluator;
import io.github.ibmb4j.train.TrainOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb compare}: trains one model with several batching methods on one dataset (same seeds),
 * then evaluates every trained model with every inference method, and writes a report: the training
 * table (time per epoch, time to a target validation accuracy, best validation accuracy,
 * preprocessing), the training × inference cross table of test accuracy and inference time, and a plot
 * of inference accuracy against inference time per method (the paper's Figure 2 kind).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Train with several batching methods, evaluate each model with several inference "
        + "methods, and write a comparison report (Markdown tables and plots).")
public final class CompareCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DatasetOptions data;
  @Mixin MethodOptions methodOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "gcn", description = "gcn, sage or gat (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--methods", required = true, split = ",", paramLabel = "M1,M2,...",
      description = "Training methods to compare.")
  List<String> methods;

  @Option(names = "--infer-methods", split = ",", paramLabel = "M1,M2,...",
      description = "Inference methods (default: the training methods).")
  List<String> inferMethods;

  @Option(names = "--epochs", defaultValue = "50", description = "Epochs per training run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--hidden", defaultValue = "0", description = "Hidden channels (default: the model's).")
  int hidden;

  @Option(names = "--seeds", split = ",", defaultValue = "0",
      description = "Seeds; every method runs once per seed and tables report means (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--target-accuracy", paramLabel = "A",
      description = "Validation accuracy for the time-to-accuracy column (default: 98 %% of the lowest "
          + "best validation accuracy among the methods, so that every method reaches it).")
  Double targetAccuracy;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Inference passes per cell; the time is the median (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory.")
  Path out;

  private record Trained(String method, long seed, Path runDir, RunRecord record) {

    List<EpochRecord> curve() {
      return record.curve();
    }
  }

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    ModelSpec.Type type;
    try {
      type = ModelSpec.Type.parse(model);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--model is '" + model + "', expected gcn, sage or gat");
    }
    List<String> infer = inferMethods == null || inferMethods.isEmpty() ? methods : inferMethods;
    // the flags shared by every run; the cross table's inference batches use seed 0
    BatchingSettings flags = methodOptions.settings(methods.get(0), 0,
        io.github.ibmb4j.batching.BatchMaterializer.DEFAULT_NORMALIZATION, "order");
    try {
      for (String m : methods) {
        flags.method(m);
      }
      for (String m : infer) {
        flags.method(m);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    InputChecks.atLeast("--epochs", epochs, 1);
    InputChecks.atLeast("--repeats", repeats, 1);
    InputChecks.atLeast("--hidden", hidden, 0);
    // the validation pass: the dataset is loaded and checked before anything is written
    Dataset d = data.load(progress);
    for (String m : methods) {
      InputChecks.againstDataset(BatchingSettings.defaults(m, 0), m, d, data.splitIndex);
    }
    io.github.ibmb4j.data.DatasetChecks.requireTrainable(d, data.splitIndex);
    Files.createDirectories(out);
    Path cache = out.resolve("batches");

    List<Trained> trained = new ArrayList<>();
    for (long seed : seeds) {
      for (String m : methods) {
        Path runDir = out.resolve("runs").resolve(m + "-seed" + seed);
        Files.createDirectories(runDir);
        RunConfig config = new RunConfig(RunConfig.DatasetSettings.of(data),
            methodOptions.settings(m, seed, flags.normalization(), flags.schedule()), "ibmb-node",
            new ModelOptions(type, hidden, 0, 0, -1, -1),
            TrainOptions.reference(seed).withEpochs(epochs));
        config.write(runDir);
        progress.message("training " + type.id() + " with " + m + " (seed " + seed + ")");
        TrainCommand.runAndRecord(config, runDir, null, common, progress);
        // read back what was written: the report is built from the run records alone
        trained.add(new Trained(m, seed, runDir, RunRecordFile.read(runDir)));
      }
    }

    // Cross table: every trained model x every inference method on the test split.
    int[] test = data.split(d).test();
    Map<String, double[]> acc = new LinkedHashMap<>(); // key train|infer -> per-run values
    Map<String, double[]> time = new LinkedHashMap<>();
    Map<String, Double> prepTime = new LinkedHashMap<>();
    SplitBatches prep = new SplitBatches(d, flags.normalization(), true, cache, progress);
    // Samplers build one block per graph layer: take the layer count of the trained models.
    BatchingMethod.Model batchingModel = TrainingRun.batchingModel(
        Checkpoints.readSpec(trained.get(0).runDir().resolve(RunDirectory.CHECKPOINT)));
    for (String im : infer) {
      SplitBatches.Prepared p = prep.prepare(test, true, flags.method(im), batchingModel);
      prepTime.put(im, p.seconds().total());
      var source = p.source("sequential", d.numClasses(), 0);
      for (int i = 0; i < trained.size(); i++) {
        Trained t = trained.get(i);
        GnnModel gm = Checkpoints.load(t.runDir().resolve(RunDirectory.CHECKPOINT));
        Evaluation e = Evaluator.evaluateRepeated(gm, source, repeats);
        String key = t.method() + "|" + im;
        acc.computeIfAbsent(key, k -> new double[seeds.size()])[seeds.indexOf(t.seed())] = e.accuracy();
        time.computeIfAbsent(key, k -> new double[seeds.size()])[seeds.indexOf(t.seed())] = e.seconds();
      }
    }

    double target = targetAccuracy != null ? targetAccuracy : defaultTarget(trained);
    StringBuilder md = new StringBuilder();
    md.append("# Comparison on ").append(d.name()).append(": ").append(type.id().toUpperCase(Locale.ROOT))
        .append("\n\n");
    md.append(String.format(Locale.ROOT, "%d epochs per run, seeds %s, %d threads; inference times "
        + "are medians of %d passes over the test split (batch preparation excluded, listed "
        + "separately). Command: `ibmb compare --dataset %s --model %s --methods %s --epochs %d "
        + "--out %s`.%n%n", epochs, seeds, io.github.ibmb4j.concurrent.Parallel.threads(), repeats,
        data.dataset, model, String.join(",", methods), epochs, out));
    md.append(String.format(Locale.ROOT, "## Training%n%n| method | time per epoch (s) | time to val acc "
        + "%.3f (s) | best val acc | best epoch | preprocessing (s) |%n|---|---:|---:|---:|---:|---:|%n",
        target));
    Map<String, Object> json = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String m : methods) {
      List<Trained> runs = trained.stream().filter(t -> t.method().equals(m)).toList();
      double epochS = mean(runs, t -> t.record().timings().trainEpochMean());
      double val = mean(runs, t -> t.record().metrics().valAccuracy());
      double best = mean(runs, t -> t.record().metrics().bestEpoch());
      double tta = mean(runs, t -> secondsTo(t.curve(), target));
      double pre = mean(runs, t -> t.record().timings().preprocessing());
      md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %.4f | %.0f | %.2f |%n", m, epochS,
          Double.isNaN(tta) ? "not reached" : String.format(Locale.ROOT, "%.2f", tta), val, best, pre));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("method", m);
      row.put("epochSeconds", epochS);
      row.put("secondsToTarget", tta);
      row.put("valAccuracy", val);
      row.put("preprocessingSeconds", pre);
      rows.add(row);
    }
    json.put("training", rows);
    json.put("targetAccuracy", target);

    md.append("\n## Test accuracy (rows: training method, columns: inference method)\n\n| trained with |");
    StringBuilder sep = new StringBuilder("|---|");
    for (String im : infer) {
      md.append(' ').append(im).append(" |");
      sep.append("---:|");
    }
    md.append('\n').append(sep).append('\n');
    Map<String, Object> cross = new LinkedHashMap<>();
    for (String m : methods) {
      md.append("| ").append(m).append(" |");
      Map<String, Object> crow = new LinkedHashMap<>();
      for (String im : infer) {
        double a = mean(acc.get(m + "|" + im));
        double s = mean(time.get(m + "|" + im));
        md.append(String.format(Locale.ROOT, " %.4f (%.3f s) |", a, s));
        crow.put(im, Map.of("accuracy", a, "seconds", s));
      }
      md.append('\n');
      cross.put(m, crow);
    }
    json.put("crossTable", cross);
    md.append("\nBatch preparation for the test split, per inference method (s): ");
    prepTime.forEach((k, v) -> md.append(String.format(Locale.ROOT, "%s %.2f; ", k, v)));
    md.append("\n");

    // Figure 2 kind: per inference method, its accuracy and time on the models trained with the
    // same method where that exists (else the mean over all trained models).
    List<Charts.MethodPoint> points = new ArrayList<>();
    for (String im : infer) {
      String trainedWith = methods.contains(im) ? im : null;
      double a = trainedWith != null ? mean(acc.get(im + "|" + im))
          : methods.stream().mapToDouble(m -> mean(acc.get(m + "|" + im))).average().orElse(Double.NaN);
      double s = trainedWith != null ? mean(time.get(im + "|" + im))
          : methods.stream().mapToDouble(m -> mean(time.get(m + "|" + im))).average().orElse(Double.NaN);
      points.add(new Charts.MethodPoint(im, s, a));
    }
    Path plot = Charts.writeAccuracyVsTime(points, "Inference on " + d.name() + " ("
        + type.id().toUpperCase(Locale.ROOT) + ")", out, "inference-accuracy-vs-time");
    md.append("\n![inference accuracy against time](inference-accuracy-vs-time.png)\n\n"
        + "Each point: a method's test accuracy and inference time on the model trained with the same "
        + "method (or the mean over all trained models for an inference-only method).\n\n");
    md.append("Learning curves of every run: `runs/<method>-seed<seed>/learning-curve-*.png`.\n");
    Path report = out.resolve("report.md");
    io.github.ibmb4j.files.AtomicFiles.writeString(report, md.toString());
    json.put("report", report.toString());
    json.put("plot", plot.toString());
    if (common.json) {
      common.print(json);
    } else {
      spec.commandLine().getOut().println(md);
      spec.commandLine().getOut().println("Report: " + report + "\nPlot: " + plot);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  private static double defaultTarget(List<Trained> trained) {
    double lowest = Double.POSITIVE_INFINITY;
    for (Trained t : trained) {
      double best = t.curve().stream().mapToDouble(EpochRecord::valAccuracy).max().orElse(0);
      lowest = Math.min(lowest, best);
    }
    return Double.isInfinite(lowest) ? Double.NaN : 0.98 * lowest;
  }

  private static double secondsTo(List<EpochRecord> curve, double target) {
    for (EpochRecord r : curve) {
      if (r.valAccuracy() >= target) {
        // training time only: validation passes are not part of the method's cost
        return curve.stream().filter(x -> x.epoch() <= r.epoch())
            .mapToDouble(EpochRecord::trainSeconds).sum();
      }
    }
    return Double.NaN;
  }

  private static double mean(List<Trained> runs, java.util.function.ToDoubleFunction<Trained> f) {
    return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static double mean(double[] v) {
    return v == null ? Double.NaN : Arrays.stream(v).average().orElse(Double.NaN);
  }
}
