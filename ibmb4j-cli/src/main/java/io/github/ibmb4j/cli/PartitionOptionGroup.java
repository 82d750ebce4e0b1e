package io.github.ibmb4j.cli;

import picocli.CommandLine.Option;

/** Flags of the partition-based methods: ibmb-batch, cluster-gcn. */
public final class PartitionOptionGroup {
  @Option(names = "--parts", paramLabel = "K", defaultValue = "0",
      description = "ibmb-batch, cluster-gcn: parts for training batches (0 = method default).")
  int trainParts;

  @Option(names = "--eval-parts", paramLabel = "K", defaultValue = "0",
      description = "ibmb-batch, cluster-gcn: parts for val/test batches (0 = method default).")
  int evalParts;
}
