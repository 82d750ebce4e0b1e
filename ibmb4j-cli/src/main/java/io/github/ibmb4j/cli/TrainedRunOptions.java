package io.github.ibmb4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --run} and {@code --dataset} options of the commands that use a trained model. */
final class TrainedRunOptions {
  @Option(names = "--run", paramLabel = "RUN_DIR", required = true,
      description = "Run directory written by 'ibmb train'.")
  Path run;

  @Option(names = "--dataset", paramLabel = "D",
      description = "Dataset (default: the run's); must have the run's feature and class counts.")
  String dataset;

  /** The run's dataset options, with the dataset replaced by {@code --dataset} if given. */
  DatasetOptions datasetOptions(RunConfig config) {
    DatasetOptions o = config.dataset().toOptions();
    if (dataset != null) {
      o.dataset = dataset;
    }
    return o;
  }
}
