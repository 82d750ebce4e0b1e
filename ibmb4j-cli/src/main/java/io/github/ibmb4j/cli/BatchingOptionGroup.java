package io.github.ibmb4j.cli;

import io.github.ibmb4j.graph.Normalization;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The batching options of the commands that choose a method (train, batches): the method, every
 * method's flags ({@link MethodOptions}), the normalisation, the schedule and the batch cache
 * (defaults: the paper's, §2.3).
 */
public final class BatchingOptionGroup {
  @Option(names = "--method", paramLabel = "M", defaultValue = "ibmb-node",
      description = "Batching method (default: ${DEFAULT-VALUE}): ibmb-node, ibmb-batch, cluster-gcn, "
          + "saint-rw, neighbor, ladies, shadow, rand, randfix or full. saint-rw, neighbor, ladies, "
          + "shadow and rand draw fresh training batches every epoch (never cached).")
  public String method;

  @Mixin MethodOptions methodOptions;

  @Option(names = "--norm", defaultValue = "rw",
      description = "Adjacency normalisation of batches and full-graph inference: rw or sym "
          + "(default: ${DEFAULT-VALUE}).")
  public Normalization norm;

  @Option(names = "--schedule", defaultValue = "order",
      description = "Training batch order: order (maximum label-divergence tour), sample, rand or "
          + "sequential (default: ${DEFAULT-VALUE}).")
  public String schedule;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Read and write materialised batches in this directory.")
  public Path cacheDir;

  /** The flags as given, validating the method name and every method's options. */
  public BatchingSettings toSettings(long seed) {
    BatchingSettings s = methodOptions.settings(method, seed, norm, schedule);
    InputChecks.batching(s);
    try {
      for (String name : io.github.ibmb4j.batching.BatchingMethod.NAMES) {
        s.method(name);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    return s;
  }
}
