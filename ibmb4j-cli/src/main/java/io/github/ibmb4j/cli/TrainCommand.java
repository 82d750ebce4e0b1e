package io.github.ibmb4j.cli;

import io.github.ibmb4j.cli.report.Charts;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.experiment.ModelOptions;
import io.github.ibmb4j.experiment.Provenance;
import io.github.ibmb4j.experiment.RunRecord;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.EpochRecord;
import io.github.ibmb4j.train.TrainListener;
import io.github.ibmb4j.train.TrainOptions;
import io.github.ibmb4j.train.TrainState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb train}: trains a GNN with a batching method, selects it on validation accuracy, tests it
 * with its own method, node-wise IBMB and full-graph inference, and writes a run directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a GCN, GraphSAGE or GAT with a batching method (default: node-wise IBMB) and "
        + "write a run directory with the configuration, checkpoint, record, predictions and plots.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DatasetOptions data;
  @Mixin BatchingOptionGroup batching;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "gcn", description = "gcn, sage or gat (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--hidden", defaultValue = "0",
      description = "Hidden channels, per head for GAT (default 0 = 256; GAT 128).")
  int hidden;

  @Option(names = "--layers", defaultValue = "0", description = "Graph layers (default 0 = 3).")
  int layers;

  @Option(names = "--heads", defaultValue = "0", description = "GAT heads (default 0 = 4).")
  int heads;

  // NaN = the model's default, so that any negative value given is an error, never the default
  @Option(names = "--dropout", defaultValue = "NaN", description = "Dropout (default 0.5).")
  double dropout;

  @Option(names = "--weight-decay", defaultValue = "NaN",
      description = "L2 weight decay of convolution weights (default: 1e-4 for GCN, 0 otherwise).")
  double weightDecay;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Train exactly N epochs (default: early stopping between --min-epochs and "
          + "--max-epochs).")
  Integer epochs;

  @Option(names = "--min-epochs", defaultValue = "300", description = "Default: ${DEFAULT-VALUE}.")
  int minEpochs;

  @Option(names = "--max-epochs", defaultValue = "800", description = "Default: ${DEFAULT-VALUE}.")
  int maxEpochs;

  @Option(names = "--patience", defaultValue = "100",
      description = "Epochs without a better validation accuracy before stopping (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--optimizer", defaultValue = "adam",
      description = "adam (coupled L2, the reference) or adamw (default: ${DEFAULT-VALUE}).")
  TrainOptions.OptimizerKind optimizer;

  @Option(names = "--no-plateau", description = "Disable ReduceLROnPlateau.")
  boolean noPlateau;

  @Option(names = "--micro-batch", defaultValue = "1",
      description = "Accumulate gradients over this many batches per step (default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Option(names = "--val-method", defaultValue = "ibmb-node",
      description = "Batching method of the validation batches used for model selection "
          + "(default: ${DEFAULT-VALUE}).")
  String valMethod;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "RUN_DIR",
      description = "Run directory (default: runs/<dataset>-<model>-<method>-<time>).")
  Path out;

  @Option(names = "--config", paramLabel = "FILE.yaml",
      description = "Read options from a YAML file with sections dataset, method, model and training "
          + "(see configs/); options given on the command line override the file.")
  Path configFile;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "Continue an interrupted run from its last completed epoch (its configuration is "
          + "used; other options are ignored).")
  Path resume;

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    RunConfig config;
    Path runDir;
    if (resume != null) {
      runDir = resume;
      config = RunConfig.read(runDir);
      Path sf = runDir.resolve(RunDirectory.STATE);
      if (Files.isRegularFile(sf)) {
        TrainState.read(sf); // validated before the lock is taken; read again under it
      }
    } else {
      config = configFromOptions();
      runDir = out != null ? out : defaultRunDir(config);
      requireNoRun(runDir);
    }
    // the validation pass: nothing is created or written before the dataset passed it
    long t0 = System.nanoTime();
    Dataset d = InputChecks.trainingData(config, progress);
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    try (RunDirectory.Lock lock = RunDirectory.lock(runDir)) {
      if (lock.staleHolder() != null) {
        progress.message("took over the lock of a run that no longer runs (" + lock.staleHolder()
            + "); removed " + lock.cleaned().size() + " temporary file(s) it left");
      }
      TrainState state = null;
      if (resume != null) {
        Path sf = runDir.resolve(RunDirectory.STATE);
        if (Files.isRegularFile(sf)) {
          state = TrainState.read(sf);
          progress.message("resuming " + runDir + " at epoch " + state.nextEpoch());
        } else {
          progress.message("no completed epoch in " + runDir + "; starting from scratch");
        }
      } else {
        requireNoRun(runDir); // again under the lock: another run may have started meanwhile
        config.write(runDir);
      }
      Outcome result = runAndRecord(config, runDir, state, common, progress, d,
          loadSeconds);
      common.print(result.summary());
    }
    return ExitCodes.OK;
  }

  private static void requireNoRun(Path runDir) {
    if (Files.isDirectory(runDir) && Files.isRegularFile(runDir.resolve(RunConfig.FILE))) {
      throw new UserInputException("run directory " + runDir
          + " already holds a run; use --resume to continue it or choose another --out");
    }
  }

  private RunConfig configFromOptions() {
    ModelSpec.Type type;
    try {
      type = ModelSpec.Type.parse(model);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--model is '" + model + "', expected gcn, sage or gat");
    }
    InputChecks.training(this);
    BatchingSettings b = batching.toSettings(seed);
    try {
      io.github.ibmb4j.batching.BatchingMethod.checkName(valMethod);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--val-method: " + e.getMessage());
    }
    TrainOptions t = TrainOptions.reference(seed).withLearningRate(lr).withMicroBatch(microBatch)
        .withOptimizer(optimizer, !noPlateau);
    t = epochs != null ? t.withEpochs(epochs) : t.withEpochs(minEpochs, maxEpochs, patience);
    return new RunConfig(RunConfig.DatasetSettings.of(data), b, valMethod,
        new ModelOptions(type, hidden, layers, heads, Double.isNaN(dropout) ? -1 : dropout,
            Double.isNaN(weightDecay) ? -1 : weightDecay), t);
  }

  private static Path defaultRunDir(RunConfig c) {
    String name = Path.of(c.dataset().dataset()).getFileName().toString().replace(".npz", "");
    if (name.equals("graph")) {
      Path parent = Path.of(c.dataset().dataset()).toAbsolutePath().getParent();
      name = parent == null ? name : parent.getFileName().toString();
    }
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", name.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
        + c.model().type().id() + "-" + c.batching().method() + "-" + time);
  }

  /** A finished run: its record (as written to record.json) and the summary {@code train} prints. */
  record Outcome(RunRecord record, Map<String, Object> summary) {}

  /** Runs a configured training in {@code runDir} and writes every artefact. */
  static Outcome runAndRecord(RunConfig config, Path runDir, TrainState state,
      CommonOptions common, ProgressListener progress) throws IOException {
    long t0 = System.nanoTime();
    Dataset d = InputChecks.trainingData(config, progress);
    return runAndRecord(config, runDir, state, common, progress, d, (System.nanoTime() - t0) / 1e9);
  }

  /** As above with the dataset already loaded and validated ({@link InputChecks#trainingData}). */
  static Outcome runAndRecord(RunConfig config, Path runDir, TrainState state,
      CommonOptions common, ProgressListener progress, Dataset d, double loadSeconds)
      throws IOException {
    Provenance provenance = Provenance.capture(home());
    BatchingSettings b = config.batching();
    Path cache = runDir.resolve("batches");
    TrainingRun.Spec spec = new TrainingRun.Spec(b.run(config.validationMethod()), config.model(),
        config.training(), config.dataset().splitIndex());
    EpochListener listener = new EpochListener(runDir, progress, common.quiet);
    TrainingRun.Result r = TrainingRun.run(d, spec, cache, state, listener, progress);

    Checkpoints.save(r.model(), runDir.resolve(RunDirectory.CHECKPOINT),
        Map.of("dataset", d.name(), "method", b.method(), "bestEpoch",
            Integer.toString(r.train().bestEpoch())));
    RunDirectory.writePredictions(runDir.resolve("predictions-test.csv"),
        r.inference("ibmb-node").evaluation());
    List<Path> plots = Charts.writeLearningCurves(r.train().curve(),
        r.spec().type().id().toUpperCase(java.util.Locale.ROOT) + " on " + d.name() + ", "
            + b.method() + " batches", runDir);
    RunRecord record = RunRecord.of(provenance, d, config.dataset().toRecord(), loadSeconds, spec, r,
        RunRecord.measureMemory());
    RunRecordFile.write(runDir, record);
    return new Outcome(record, RunRecordFile.summary(record, runDir, plots));
  }

  /** The checkout the launcher runs from (for the git commit), if known. */
  static Path home() {
    String h = System.getProperty("ibmb.home");
    return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
  }

  /** Shows epoch progress and saves the resumable state after every epoch. */
  static final class EpochListener implements TrainListener {
    private final Path runDir;
    private final ProgressListener progress;
    private final boolean quiet;

    EpochListener(Path runDir, ProgressListener progress, boolean quiet) {
      this.runDir = runDir;
      this.progress = progress;
      this.quiet = quiet;
    }

    @Override
    public void epochFinished(EpochRecord r, boolean newBest) {
      if (!quiet) {
        progress.message(String.format(java.util.Locale.ROOT,
            "epoch %3d  train loss %.4f acc %.4f | val loss %.4f acc %.4f%s | %.2f s (+%.2f s val) lr %.2g",
            r.epoch(), r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy(),
            newBest ? " *" : "  ", r.trainSeconds(), r.valSeconds(), r.learningRate()));
      }
    }

    @Override
    public boolean wantsState() {
      return true;
    }

    @Override
    public void stateAfterEpoch(TrainState state) {
      try {
        state.write(runDir.resolve(RunDirectory.STATE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
