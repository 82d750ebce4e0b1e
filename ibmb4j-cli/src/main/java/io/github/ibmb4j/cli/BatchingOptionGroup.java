package io.github.ibmb4j.cli;

import io.github.ibmb4j.experiment.BatchingMethods;
import io.github.ibmb4j.experiment.BatchingOptions;
import io.github.ibmb4j.experiment.SamplerOptions;
import io.github.ibmb4j.graph.Normalization;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The batching options every command that builds batches mixes in (defaults: the paper's, §2.3). */
public final class BatchingOptionGroup {
  @Option(names = "--method", paramLabel = "M", defaultValue = "ibmb-node",
      description = "Batching method (default: ${DEFAULT-VALUE}): ibmb-node, ibmb-batch, cluster-gcn, "
          + "saint-rw, neighbor, ladies, shadow, rand, randfix or full. saint-rw, neighbor, ladies, "
          + "shadow and rand draw fresh training batches every epoch (never cached).")
  public String method;

  @Option(names = "--topk", defaultValue = "16",
      description = "Auxiliary nodes per output node, PPR top-k (default: ${DEFAULT-VALUE}).")
  public int topk;

  @Option(names = "--alpha", defaultValue = "0.25",
      description = "PPR teleport probability alpha (default: ${DEFAULT-VALUE}).")
  public double alpha;

  @Option(names = "--eps", defaultValue = "2e-4",
      description = "PPR push threshold epsilon (default: ${DEFAULT-VALUE}).")
  public double eps;

  @Option(names = "--outputs-per-batch", paramLabel = "N", defaultValue = "0",
      description = "Target output nodes per training batch, doubled for val/test "
          + "(default 0 = min(9000, floor(N / (topk + 1)))).")
  public int outputsPerBatch;

  @Option(names = "--aux-per-batch", paramLabel = "A", defaultValue = "0",
      description = "ibmb-node: cap auxiliary nodes per batch instead (auxiliary-oriented merging; 0 = off).")
  public int auxPerBatch;

  @Option(names = "--parts", paramLabel = "K", defaultValue = "0",
      description = "Partition-based methods: parts for training batches (0 = method default).")
  public int trainParts;

  @Option(names = "--eval-parts", paramLabel = "K", defaultValue = "0",
      description = "Partition-based methods: parts for val/test batches (0 = method default).")
  public int evalParts;

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

  @Option(names = "--fanout", paramLabel = "F,F,F", split = ",",
      description = "neighbor: neighbours per target and hop, hop 0 at the outputs, one per graph "
          + "layer (default 2,3,2, deeper models repeat 2, scaled by sqrt(mean degree / 13.7) on "
          + "graphs denser than ogbn-arxiv).")
  public java.util.List<Integer> fanout;

  @Option(names = "--layer-nodes", paramLabel = "S,S,S", split = ",",
      description = "ladies: nodes sampled per hop, hop 0 at the outputs (default N/4,N/2,N/2).")
  public java.util.List<Integer> layerNodes;

  @Option(names = "--sampler-batches", paramLabel = "B", defaultValue = "0",
      description = "neighbor, ladies: training batches per epoch; val/test use half (default 0 = 4).")
  public int samplerBatches;

  @Option(names = "--saint-roots", paramLabel = "R", defaultValue = "0",
      description = "saint-rw: walk roots per batch (default 0 = 24000 * N / 169343, at most 24000).")
  public int saintRoots;

  @Option(names = "--walk-length", paramLabel = "L", defaultValue = "0",
      description = "saint-rw: steps per random walk (default 0 = 2).")
  public int walkLength;

  @Option(names = "--saint-steps", paramLabel = "S", defaultValue = "0",
      description = "saint-rw: batches per epoch (default 0 = 4).")
  public int saintSteps;

  @Option(names = "--coverage", paramLabel = "C", defaultValue = "0",
      description = "saint-rw: pre-sample C * N nodes to estimate the norms (default 0 = 100).")
  public double coverage;

  @Option(names = "--shadow-topk", paramLabel = "K", defaultValue = "0",
      description = "shadow: nodes of each output's own sub-graph, its top-k PPR nodes (default 0 = 6).")
  public int shadowTopk;

  @Option(names = "--shadow-eps", paramLabel = "EPS", defaultValue = "0",
      description = "shadow: push threshold of that PPR (default 0 = 1e-3).")
  public double shadowEps;

  /** The sampler settings (validated). */
  SamplerOptions samplerOptions() {
    try {
      return new SamplerOptions(fanout, layerNodes, samplerBatches, saintRoots, walkLength,
          saintSteps, coverage, shadowTopk, shadowEps);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  /** The options record, validating the method name. */
  public BatchingOptions toOptions(long seed) {
    BatchingMethods.get(method);
    InputChecks.batching(this);
    return new BatchingOptions(method, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, norm, schedule, 0, samplerOptions());
  }
}
