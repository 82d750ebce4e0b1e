package io.github.ibmb4j.batching;

import io.github.ibmb4j.tensor.Batch;
import java.util.Arrays;
import java.util.List;

/**
 * What a sampler decides about one batch, without values or features: the nodes (outputs first), the
 * output count, the adjacency structure and the outputs' loss weights. {@link BatchMaterializer}
 * turns it into a {@link Batch} (normalised values, features, labels).
 *
 * @param nodes global node ids in local order, outputs first; distinct for {@link Induced} and
 *     {@link WeightedInduced}, repeats allowed with {@link Blocks} (e.g. ShaDow's per-output copies)
 * @param numOutputs number of output nodes (the first {@code numOutputs} nodes)
 * @param adjacency the adjacency structure
 * @param lossWeights per-output loss weights (GraphSAINT's normalisation), or null for uniform
 */
public record BatchTopology(int[] nodes, int numOutputs, Adjacency adjacency, float[] lossWeights) {

  public BatchTopology {
    if (numOutputs < 0 || numOutputs > nodes.length) {
      throw new IllegalArgumentException(
          "numOutputs is " + numOutputs + ", expected in [0, " + nodes.length + "]");
    }
    java.util.Objects.requireNonNull(adjacency, "adjacency");
  }

  /** The adjacency structure of a batch. */
  public sealed interface Adjacency {}

  /** The sub-graph induced on the nodes, with the graph's normalised values. */
  public record Induced() implements Adjacency {}

  /**
   * The sub-graph induced on the nodes, each entry's normalised value multiplied by a weight per
   * graph entry (GraphSAINT's edge normalisation).
   *
   * @param entryWeights one weight per entry of the graph (aligned with its targets); not copied,
   *     must not be modified
   */
  public record WeightedInduced(float[] entryWeights) implements Adjacency {}

  /**
   * Explicit blocks in {@link Batch}'s layout: one square block over the nodes, or one bipartite
   * block per graph layer (first layer first, node lists nested prefixes).
   */
  public record Blocks(List<Block> blocks) implements Adjacency {
    public Blocks {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * One block in local CSR form whose entry q is the graph entry {@code entries[q]} (its value is
   * that entry's normalised value).
   */
  public record Block(int rows, int cols, int[] rowPtr, int[] colIdx, int[] entries) {}

  /** The topology of a fixed batch: its local order (outputs, then the rest), induced sub-graph. */
  public static BatchTopology of(BatchSpec spec) {
    return new BatchTopology(BatchMaterializer.localOrder(spec), spec.outputs().length,
        new Induced(), null);
  }

  /** The node sets: outputs and all nodes, each sorted with repeats reported once. */
  public BatchSpec spec() {
    return new BatchSpec(Arrays.stream(nodes, 0, numOutputs).sorted().distinct().toArray(),
        Arrays.stream(nodes).sorted().distinct().toArray());
  }
}
