package io.github.ibmb4j.experiment;

import java.util.List;

/**
 * Settings of the sampling baselines (§2.3 of docs/algorithm.md); every 0 or empty value means the
 * method's default scaled to the graph (see {@link BatchingMethods}).
 *
 * @param fanout neighbour sampling: neighbours per target and hop, hop 0 at the outputs (one per
 *     graph layer), empty = [2, 3, 2] scaled by the graph's mean degree
 *     ({@link io.github.ibmb4j.batching.baseline.NeighborSampler#defaultFanout(int, double)})
 * @param layerNodes LADIES: nodes sampled per hop, hop 0 at the outputs, empty = [N/4, N/2, N/2]
 * @param batches neighbor / ladies: training batches per epoch, 0 = 4 (val/test: half, at least 1)
 * @param roots GraphSAINT: walk roots per batch, 0 = 24 000 · N / 169 343 (at most 24 000)
 * @param walkLength GraphSAINT: steps per walk, 0 = 2
 * @param steps GraphSAINT: batches per epoch, 0 = 4
 * @param coverage GraphSAINT: pre-sample coverage · N nodes for the norms, 0 = 100
 * @param shadowTopk ShaDow-PPR: nodes of each output's own sub-graph (its top-k PPR nodes), 0 = 6
 * @param shadowEps ShaDow-PPR: push threshold ε of that PPR, 0 = 1e-3
 */
public record SamplerOptions(List<Integer> fanout, List<Integer> layerNodes, int batches, int roots,
    int walkLength, int steps, double coverage, int shadowTopk, double shadowEps) {

  /** All defaults. */
  public static final SamplerOptions DEFAULTS =
      new SamplerOptions(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0);

  /** ShaDow's default sub-graph size k (§2.3, arxiv). */
  public static final int DEFAULT_SHADOW_TOPK = 6;

  /** ShaDow's default push threshold ε (§2.3, arxiv at HEAD; the paper era used 2e-4). */
  public static final double DEFAULT_SHADOW_EPS = 1e-3;

  public SamplerOptions {
    fanout = fanout == null ? List.of() : List.copyOf(fanout);
    layerNodes = layerNodes == null ? List.of() : List.copyOf(layerNodes);
    for (int f : fanout) {
      if (f < 1) {
        throw new IllegalArgumentException("fan-out is " + fanout + ", expected values >= 1");
      }
    }
    for (int s : layerNodes) {
      if (s < 1) {
        throw new IllegalArgumentException("nodes per layer are " + layerNodes + ", expected values >= 1");
      }
    }
    if (batches < 0 || roots < 0 || walkLength < 0 || steps < 0 || !(coverage >= 0)) {
      throw new IllegalArgumentException("sampler batches, roots, walk length, steps and coverage "
          + "must be >= 0 (0 = default); got " + batches + ", " + roots + ", " + walkLength + ", "
          + steps + ", " + coverage);
    }
    if (shadowTopk < 0) {
      throw new IllegalArgumentException("ShaDow top-k is " + shadowTopk + ", expected >= 1 (0 = default 6)");
    }
    if (!(shadowEps >= 0 && shadowEps < 1)) {
      throw new IllegalArgumentException("ShaDow push threshold is " + shadowEps
          + ", expected a value in (0, 1) (0 = default 1e-3)");
    }
  }

  /** ShaDow's sub-graph size k in effect. */
  public int shadowTopkOrDefault() {
    return shadowTopk > 0 ? shadowTopk : DEFAULT_SHADOW_TOPK;
  }

  /** ShaDow's push threshold ε in effect. */
  public double shadowEpsOrDefault() {
    return shadowEps > 0 ? shadowEps : DEFAULT_SHADOW_EPS;
  }

  /** The fan-out for {@code numLayers} layers (an explicit list must have one entry per layer). */
  int[] fanout(int numLayers, int[] dflt) {
    return perLayer(fanout, numLayers, dflt, "--fanout");
  }

  /** LADIES nodes per layer for {@code numLayers} layers. */
  int[] layerNodes(int numLayers, int[] dflt) {
    return perLayer(layerNodes, numLayers, dflt, "--layer-nodes");
  }

  private static int[] perLayer(List<Integer> given, int numLayers, int[] dflt, String name) {
    if (given.isEmpty()) {
      return dflt;
    }
    if (given.size() != numLayers) {
      throw new IllegalArgumentException(name + " has " + given.size() + " values " + given
          + ", expected one per graph layer (" + numLayers + ")");
    }
    return given.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Batches for training or evaluation (reference [4, 2, 2]: val/test use half). */
  int batches(boolean evaluation) {
    int train = batches > 0 ? batches : 4;
    return evaluation ? Math.max(1, train / 2) : train;
  }
}
