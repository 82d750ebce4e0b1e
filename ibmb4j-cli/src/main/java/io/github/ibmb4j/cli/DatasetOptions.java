package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.Split;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The {@code --dataset} option group every command that takes a dataset mixes in. */
public final class DatasetOptions {
  @Option(names = "--dataset", paramLabel = "D", defaultValue = "synthetic",
      description = "A graph.npz file, an OGB directory, a binary dataset directory, "
          + "or 'synthetic' (default: ${DEFAULT-VALUE}).")
  public String dataset;

  @Option(names = "--split-index", paramLabel = "S", defaultValue = "0",
      description = "Which split set to use where the dataset has several (default: ${DEFAULT-VALUE}).")
  public int splitIndex;

  /** Opens the dataset. */
  public Dataset load() throws IOException {
    return Datasets.open(dataset);
  }

  /** The split chosen by {@code --split-index}. */
  public Split split(Dataset d) {
    if (splitIndex < 0 || splitIndex >= d.splits().size()) {
      throw new UserInputException("--split-index is " + splitIndex + ", expected 0.."
          + (d.splits().size() - 1) + " for dataset " + d.name());
    }
    return d.splits().get(splitIndex);
  }
}
