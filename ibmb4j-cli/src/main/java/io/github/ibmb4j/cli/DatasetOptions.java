package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.FeatureProjection;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.data.Splits;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --dataset} option group every command that takes a dataset mixes in. */
public final class DatasetOptions {
  @Option(names = "--dataset", paramLabel = "D", defaultValue = "synthetic",
      description = "'synthetic' (or synthetic:nodes=N,edges=M,classes=C,features=F,homophily=H,"
          + "seed=S), a graph.npz file or directory, a binary dataset directory, an OGB directory, "
          + "or an edge-list file (default: ${DEFAULT-VALUE}).")
  public String dataset;

  @Option(names = "--split-index", paramLabel = "S", defaultValue = "0",
      description = "Which split set to use where the dataset has several (default: ${DEFAULT-VALUE}).")
  public int splitIndex;

  @Option(names = "--split-seed", paramLabel = "SEED",
      description = "Replace the dataset's splits by a seeded stratified random split with this seed "
          + "(default: keep the file's split; datasets without one use seed 0).")
  public Long splitSeed;

  @Option(names = "--split-fractions", paramLabel = "TRAIN,VAL",
      description = "Train and validation fractions of that random split (default 0.6,0.2; the rest "
          + "is test). Implies a random split.")
  public String splitFractions;

  @Option(names = "--project-features", paramLabel = "K",
      description = "Project the features to K dense dimensions by a seeded Gaussian random "
          + "projection (sparse-aware; default: keep the features).")
  public Integer projectFeatures;

  @Option(names = "--projection-seed", paramLabel = "SEED", defaultValue = "0",
      description = "Seed of the random projection (default: ${DEFAULT-VALUE}).")
  public long projectionSeed;

  @Option(names = "--features-storage", paramLabel = "S", defaultValue = "auto",
      description = "Binary datasets: keep dense features on the heap, or leave them in the "
          + "memory-mapped file (for features larger than the heap): heap, mapped or auto = mapped "
          + "when they exceed a quarter of the maximum heap (default: ${DEFAULT-VALUE}). Other "
          + "formats are parsed into the heap; convert them with 'ibmb dataset convert'.")
  public String featuresStorage = "auto";

  /** Opens the dataset. */
  public Dataset load() throws IOException {
    return load(ProgressListener.NONE);
  }

  /** Opens the dataset, reporting progress, and applies the split and projection options. */
  public Dataset load(ProgressListener progress) throws IOException {
    BinaryDatasetFormat.FeatureStorage storage;
    try {
      storage = BinaryDatasetFormat.FeatureStorage.valueOf(
          featuresStorage.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--features-storage is '" + featuresStorage
          + "', expected heap, mapped or auto");
    }
    Dataset d = Datasets.open(dataset, progress, storage);
    if (splitSeed != null || splitFractions != null) {
      double tr = Splits.DEFAULT_TRAIN;
      double va = Splits.DEFAULT_VAL;
      if (splitFractions != null) {
        String[] p = splitFractions.split(",");
        try {
          if (p.length != 2) {
            throw new NumberFormatException();
          }
          tr = Double.parseDouble(p[0].trim());
          va = Double.parseDouble(p[1].trim());
        } catch (NumberFormatException e) {
          throw new UserInputException("--split-fractions is '" + splitFractions
              + "', expected TRAIN,VAL such as 0.6,0.2");
        }
      }
      Split s = Splits.stratified(d.labels(), tr, va, splitSeed == null ? Splits.DEFAULT_SEED
          : splitSeed);
      d = new Dataset(d.name(), d.graph(), d.features(), d.labels(), d.numClasses(), List.of(s));
    }
    if (projectFeatures != null) {
      if (projectFeatures < 1) {
        throw new UserInputException("--project-features is " + projectFeatures + ", expected >= 1");
      }
      progress.start("random projection to " + projectFeatures + " dims", -1);
      d = FeatureProjection.project(d, projectFeatures, projectionSeed);
      progress.finish();
    }
    return d;
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
