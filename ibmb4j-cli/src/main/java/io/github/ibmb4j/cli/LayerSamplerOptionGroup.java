package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.LadiesMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of the layer-wise samplers: neighbor, ladies. */
public final class LayerSamplerOptionGroup implements MethodOptionGroup {
  @Option(names = "--fanout", paramLabel = "F,F,F", split = ",",
      description = "neighbor: neighbours per target and hop, hop 0 at the outputs, one per graph "
          + "layer (default 2,3,2, deeper models repeat 2, scaled by sqrt(mean degree / 13.7) on "
          + "graphs denser than ogbn-arxiv).")
  List<Integer> fanout;

  @Option(names = "--layer-nodes", paramLabel = "S,S,S", split = ",",
      description = "ladies: nodes sampled per hop, hop 0 at the outputs (default N/4,N/2,N/2).")
  List<Integer> layerNodes;

  @Option(names = "--sampler-batches", paramLabel = "B", defaultValue = "0",
      description = "neighbor, ladies: training batches per epoch; val/test use half (default 0 = 4).")
  int batches;

  @Override
  public List<String> methods() {
    return List.of(NeighborMethod.NAME, LadiesMethod.NAME);
  }

  @Override
  public BatchingMethod method(String name, BatchingSettings flags) {
    return switch (name) {
      case NeighborMethod.NAME -> new NeighborMethod(fanout, batches, flags.seed());
      case LadiesMethod.NAME -> new LadiesMethod(layerNodes, batches, flags.seed());
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Override
  public boolean inSamplerSection() {
    return true;
  }
}
