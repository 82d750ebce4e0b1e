package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetChecks;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.util.List;

/**
 * The validation pass of the commands: range checks of options, each failure a
 * {@link UserInputException} naming the option, the value given and what was expected, run before
 * anything is loaded; and the checks that need the dataset ({@link #againstDataset},
 * {@link #trainingData}), run right after loading it (the dataset's own checks run on opening, see
 * {@link DatasetChecks}), still before any output exists. Stateless.
 */
final class InputChecks {
  private InputChecks() {}

  static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new UserInputException(option + " is " + value + ", expected >= " + min);
    }
  }

  /** {@code value} in [0, 1) or absent (null: the default). */
  static void fraction(String option, Double value) {
    if (value != null && !(value >= 0 && value < 1)) {
      throw new UserInputException(option + " is " + value + ", expected a value in [0, 1)");
    }
  }

  static void nonNegative(String option, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw new UserInputException(option + " is " + value + ", expected a finite value >= 0");
    }
  }

  static void positive(String option, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new UserInputException(option + " is " + value + ", expected a finite value > 0");
    }
  }

  static void eachAtLeast(String option, List<Integer> values, int min) {
    if (values == null) {
      return;
    }
    for (Integer v : values) {
      if (v == null || v < min) {
        throw new UserInputException(option + " is " + values + ", expected values >= " + min);
      }
    }
  }

  /** {@code train}'s model and training options. */
  static void training(TrainCommand c) {
    atLeast("--hidden", c.hidden, 0);
    atLeast("--layers", c.layers, 0);
    atLeast("--heads", c.heads, 0);
    fraction("--dropout", Double.isNaN(c.dropout) ? null : c.dropout);
    nonNegative("--weight-decay", Double.isNaN(c.weightDecay) ? null : c.weightDecay);
    positive("--lr", c.lr);
    if (c.epochs != null) {
      atLeast("--epochs", c.epochs, 1);
    } else {
      atLeast("--max-epochs", c.maxEpochs, 1);
      atLeast("--min-epochs", c.minEpochs, 0);
      if (c.minEpochs > c.maxEpochs) {
        throw new UserInputException("--min-epochs is " + c.minEpochs + ", expected at most "
            + "--max-epochs (" + c.maxEpochs + ")");
      }
      atLeast("--patience", c.patience, 0);
    }
    atLeast("--micro-batch", c.microBatch, 1);
  }

  /** {@code infer}'s own options (the batching flags: {@link #batching}). */
  static void inference(InferCommand c) {
    atLeast("--repeats", c.repeats, 1);
    if (!List.of("train", "val", "test").contains(c.split)) {
      throw new UserInputException("--split is '" + c.split + "', expected train, val or test");
    }
    outputFile("--predictions", c.predictions);
  }

  /** An output file path that can be a file: not an existing directory. */
  static void outputFile(String option, java.nio.file.Path p) {
    if (p != null && java.nio.file.Files.isDirectory(p)) {
      throw new UserInputException(option + " " + p + " is a directory, expected a file path");
    }
  }

  /**
   * Loads a run's dataset and checks it against the run's options and what training needs (labelled
   * training and validation nodes in the chosen split).
   */
  static Dataset trainingData(RunConfig config, ProgressListener progress) throws IOException {
    DatasetOptions o = config.dataset().toOptions();
    Dataset d = o.load(progress);
    againstDataset(config.batching(), config.batching().method(), d, o.splitIndex);
    DatasetChecks.requireTrainable(d, o.splitIndex);
    return d;
  }

  /** The batching flags' ranges (0 means "the method's default" where documented). */
  static void batching(BatchingSettings b) {
    PprOptionGroup ppr = b.group(PprOptionGroup.class);
    atLeast("--topk", ppr.topk, 1);
    if (!(ppr.alpha > 0 && ppr.alpha < 1)) {
      throw new UserInputException("--alpha is " + ppr.alpha + ", expected a value in (0, 1)");
    }
    if (!(ppr.eps > 0 && ppr.eps < 1)) {
      throw new UserInputException("--eps is " + ppr.eps + ", expected a value in (0, 1)");
    }
    atLeast("--outputs-per-batch", ppr.outputsPerBatch, 0);
    atLeast("--aux-per-batch", ppr.auxPerBatch, 0);
    PartitionOptionGroup part = b.group(PartitionOptionGroup.class);
    atLeast("--parts", part.trainParts, 0);
    atLeast("--eval-parts", part.evalParts, 0);
    LayerSamplerOptionGroup layer = b.group(LayerSamplerOptionGroup.class);
    eachAtLeast("--fanout", layer.fanout, 1);
    eachAtLeast("--layer-nodes", layer.layerNodes, 1);
    atLeast("--sampler-batches", layer.batches, 0);
    SaintOptionGroup saint = b.group(SaintOptionGroup.class);
    atLeast("--saint-roots", saint.roots, 0);
    atLeast("--walk-length", saint.walkLength, 0);
    atLeast("--saint-steps", saint.steps, 0);
    nonNegative("--coverage", saint.coverage);
    ShadowOptionGroup shadow = b.group(ShadowOptionGroup.class);
    atLeast("--shadow-topk", shadow.shadowTopk, 0);
    nonNegative("--shadow-eps", shadow.shadowEps);
  }

  /**
   * Relations between the batching options and the dataset: a partition cannot have more parts than
   * the graph has nodes, a split index must name one of the dataset's splits.
   */
  static void againstDataset(BatchingSettings b, String method, Dataset d, int splitIndex) {
    if (splitIndex < 0 || splitIndex >= d.splits().size()) {
      throw new UserInputException("--split-index is " + splitIndex + ", expected 0.."
          + (d.splits().size() - 1) + " (dataset " + d.name() + " has " + d.splits().size()
          + (d.splits().size() == 1 ? " split)" : " splits)"));
    }
    boolean partitions = method.equals("cluster-gcn") || method.equals("ibmb-batch");
    PartitionOptionGroup part = b.group(PartitionOptionGroup.class);
    if (partitions) {
      atMostNodes("--parts", part.trainParts, d);
      atMostNodes("--eval-parts", part.evalParts, d);
    }
    // sizes that scale allocations: beyond the node count they only exhaust the heap
    LayerSamplerOptionGroup layer = b.group(LayerSamplerOptionGroup.class);
    SaintOptionGroup saint = b.group(SaintOptionGroup.class);
    atMostNodes("--sampler-batches", layer.batches, d);
    atMostNodes("--saint-steps", saint.steps, d);
    atMostNodes("--shadow-topk", b.group(ShadowOptionGroup.class).shadowTopk, d);
    for (int f : layer.fanout == null ? List.<Integer>of() : layer.fanout) {
      atMostNodes("--fanout", f, d);
    }
    for (int f : layer.layerNodes == null ? List.<Integer>of() : layer.layerNodes) {
      atMostNodes("--layer-nodes", f, d);
    }
    if ((long) saint.roots > 100L * d.numNodes()) {
      throw new UserInputException("--saint-roots is " + saint.roots + ", expected at most 100 x the "
          + d.numNodes() + " nodes of " + d.name());
    }
    if (saint.walkLength > MAX_WALK_LENGTH) {
      throw new UserInputException("--walk-length is " + saint.walkLength + ", expected at most "
          + MAX_WALK_LENGTH);
    }
    if (saint.coverage > MAX_COVERAGE) {
      throw new UserInputException("--coverage is " + saint.coverage + ", expected at most "
          + MAX_COVERAGE);
    }
  }

  /** Random-walk steps: the reference uses 2; far beyond any graph's useful receptive field. */
  static final int MAX_WALK_LENGTH = 10_000;
  /** SAINT's pre-sampled nodes per node for the norms: the reference uses 100. */
  static final double MAX_COVERAGE = 10_000;

  private static void atMostNodes(String option, int value, Dataset d) {
    if (value > d.numNodes()) {
      throw new UserInputException(option + " is " + value + ", expected at most the "
          + d.numNodes() + " nodes of " + d.name());
    }
  }
}
