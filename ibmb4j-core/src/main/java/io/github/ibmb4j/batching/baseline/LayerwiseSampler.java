package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchSampler;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.random.Shuffle;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the layer-wise samplers ({@link NeighborSampler}, {@link LadiesSampler}) share: the outputs
 * split into a fixed number of groups per epoch (reshuffled every epoch for training, sorted chunks
 * for evaluation), one batch per group with one sampled block per graph layer, a per-layer size
 * (fan-out or nodes per layer; hop 0 at the outputs). Subclasses sample one batch
 * ({@link #build}). Deterministic per (seed, epoch) whatever the thread count; thread-safe.
 */
abstract class LayerwiseSampler extends BatchSampler {
  /** The graph with self-loops. */
  protected final CsrGraph graph;
  /** Sorted output nodes. */
  protected final int[] outputs;
  /** Per-layer size, hop 0 at the outputs. */
  protected final int[] perLayer;
  private final int numBatches;
  private final boolean shuffle;

  /**
   * @param what what the per-layer sizes are, for messages ("fan-out", "LADIES nodes per layer")
   * @param graph the graph with self-loops
   * @param outputs sorted output nodes
   * @param perLayer per-layer sizes, hop 0 at the outputs (one per graph layer), all ≥ 1
   * @param numBatches batches per epoch (capped at the number of outputs), ≥ 1
   * @param shuffle regroup the outputs at random every epoch (training) or keep sorted chunks
   * @param seed base seed
   */
  LayerwiseSampler(String method, String what, CsrGraph graph, int[] outputs, int[] perLayer,
      int numBatches, boolean shuffle, long seed) {
    super(method, seed);
    if (perLayer.length == 0) {
      throw new IllegalArgumentException(what + " is empty, expected one value per graph layer");
    }
    for (int f : perLayer) {
      if (f < 1) {
        throw new IllegalArgumentException(what + " is " + Arrays.toString(perLayer) + ", expected all >= 1");
      }
    }
    if (numBatches < 1) {
      throw new IllegalArgumentException("number of batches is " + numBatches + ", expected >= 1");
    }
    this.graph = graph;
    this.outputs = outputs.clone();
    this.perLayer = perLayer.clone();
    this.numBatches = Math.max(1, Math.min(numBatches, outputs.length));
    this.shuffle = shuffle;
  }

  @Override
  public int numBatches() {
    return numBatches;
  }

  /** Whether the outputs are regrouped at random every epoch. */
  protected boolean reshuffles() {
    return shuffle;
  }

  @Override
  protected List<BatchTopology> sample(int epoch, long epochSeed) {
    int[][] groups = groups(outputs, numBatches, shuffle, epochSeed);
    return buildAll(groups.length, i -> build(groups[i], batchSeed(epochSeed, i)));
  }

  /** Samples the blocks of the batch of outputs {@code outs} (sorted) from {@code seed}. */
  abstract BatchTopology build(int[] outs, long seed);

  /**
   * Splits {@code outputs} into {@code count} near-equal groups, after a seeded shuffle if asked;
   * each group sorted.
   */
  static int[][] groups(int[] outputs, int count, boolean shuffle, long seed) {
    int n = outputs.length;
    int[] perm = outputs.clone();
    if (shuffle) {
      Shuffle.shuffle(perm, new SplittableRandom(seed));
    }
    int g = n == 0 ? 0 : Math.min(count, n);
    int[][] out = new int[g][];
    for (int q = 0; q < g; q++) {
      out[q] = Arrays.copyOfRange(perm, (int) ((long) n * q / g), (int) ((long) n * (q + 1) / g));
      Arrays.sort(out[q]);
    }
    return out;
  }

  /**
   * The batch of nodes {@code list[0, size)} (outputs first) and its blocks, one per hop in
   * {@link io.github.ibmb4j.tensor.Batch}'s layout (hop 0 feeds the last layer).
   */
  static BatchTopology topology(int[] list, int size, int numOutputs, BatchTopology.Block[] byLayer) {
    return new BatchTopology(Arrays.copyOf(list, size), numOutputs,
        new BatchTopology.Blocks(List.of(byLayer)), null);
  }
}
