package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.RandFixMethod;
import io.github.ibmb4j.batching.RandMethod;
import java.util.List;
import picocli.CommandLine.Option;

/** PPR flags of the influence-based methods: ibmb-node, rand, randfix (and α for ibmb-batch, shadow). */
public final class PprOptionGroup implements MethodOptionGroup {
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

  @Override
  public List<String> methods() {
    return List.of(IbmbNodeMethod.NAME, RandFixMethod.NAME, RandMethod.NAME);
  }

  @Override
  public BatchingMethod method(String name, BatchingSettings flags) {
    return switch (name) {
      case IbmbNodeMethod.NAME -> new IbmbNodeMethod(topk, alpha, eps, outputsPerBatch, auxPerBatch);
      case RandFixMethod.NAME -> new RandFixMethod(topk, alpha, eps, outputsPerBatch, flags.seed());
      case RandMethod.NAME -> new RandMethod(topk, alpha, eps, outputsPerBatch, flags.seed());
      default -> throw new IllegalArgumentException(name);
    };
  }
}
