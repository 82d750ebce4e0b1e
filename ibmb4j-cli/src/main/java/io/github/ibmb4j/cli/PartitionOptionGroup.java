package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.ClusterGcnMethod;
import io.github.ibmb4j.batching.IbmbBatchMethod;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of the partition-based methods: ibmb-batch (with PPR's α), cluster-gcn. */
public final class PartitionOptionGroup implements MethodOptionGroup {
  @Option(names = "--parts", paramLabel = "K", defaultValue = "0",
      description = "ibmb-batch, cluster-gcn: parts for training batches (0 = method default).")
  int trainParts;

  @Option(names = "--eval-parts", paramLabel = "K", defaultValue = "0",
      description = "ibmb-batch, cluster-gcn: parts for val/test batches (0 = method default).")
  int evalParts;

  @Override
  public List<String> methods() {
    return List.of(IbmbBatchMethod.NAME, ClusterGcnMethod.NAME);
  }

  @Override
  public BatchingMethod method(String name, BatchingSettings flags) {
    return switch (name) {
      case IbmbBatchMethod.NAME -> new IbmbBatchMethod(flags.group(PprOptionGroup.class).alpha,
          trainParts, evalParts, flags.seed());
      case ClusterGcnMethod.NAME -> new ClusterGcnMethod(trainParts, evalParts, flags.seed());
      default -> throw new IllegalArgumentException(name);
    };
  }
}
