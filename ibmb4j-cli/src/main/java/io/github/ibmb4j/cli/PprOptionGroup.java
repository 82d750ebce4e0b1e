package io.github.ibmb4j.cli;

import picocli.CommandLine.Option;

/** PPR flags of the influence-based methods: ibmb-node, rand, randfix (and α for ibmb-batch, shadow). */
public final class PprOptionGroup {
  @Option(names = "--topk", defaultValue = "16",
      description = "ibmb-node, rand, randfix: auxiliary nodes per output node, PPR top-k "
          + "(default: ${DEFAULT-VALUE}).")
  int topk;

  @Option(names = "--alpha", defaultValue = "0.25",
      description = "PPR teleport probability alpha (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--eps", defaultValue = "2e-4",
      description = "ibmb-node, rand, randfix: PPR push threshold epsilon (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--outputs-per-batch", paramLabel = "N", defaultValue = "0",
      description = "ibmb-node, rand, randfix, shadow: target output nodes per training batch, "
          + "doubled for val/test (default 0 = min(9000, floor(N / (topk + 1))); GAT: at most 4000).")
  int outputsPerBatch;

  @Option(names = "--aux-per-batch", paramLabel = "A", defaultValue = "0",
      description = "ibmb-node: cap auxiliary nodes per batch instead (auxiliary-oriented merging; 0 = off).")
  int auxPerBatch;
}
