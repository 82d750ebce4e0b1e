package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.NeighborSampler;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.List;
import java.util.Optional;

/**
 * GraphSAGE-style neighbour sampling (§2.4, {@link NeighborSampler}): the outputs split into a fixed
 * number of batches, each with one sampled bipartite block per graph layer.
 *
 * @param fanout neighbours per target and hop, hop 0 at the outputs, one per graph layer, all ≥ 1;
 *     empty = [2, 3, 2] (deeper models repeat 2) scaled by √(mean degree / 13.7), never below it
 *     ({@link NeighborSampler#defaultFanout(int, CsrGraph)})
 * @param batches training batches per epoch, ≥ 0; 0 = 4; val/test use half (at least 1)
 * @param seed base seed
 */
public record NeighborMethod(List<Integer> fanout, int batches, long seed) implements BatchingMethod {
  /** Method name. */
  public static final String NAME = NeighborSampler.METHOD;

  public NeighborMethod {
    fanout = LayerSampling.checkPerLayer(fanout, "fan-out");
    LayerSampling.checkBatches(batches);
  }

  /** The defaults with {@code seed}. */
  public static NeighborMethod defaults(long seed) {
    return new NeighborMethod(List.of(), 0, seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean samplesEveryEpoch() {
    return true;
  }

  @Override
  public NeighborMethod resolve(CsrGraph graph, Model model) {
    return new NeighborMethod(LayerSampling.perLayer(fanout, model.layers(),
        () -> NeighborSampler.defaultFanout(model.layers(), graph), "fan-out"),
        LayerSampling.batches(batches, false), seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "fanout", LayerSampling.toArray(fanout), "batches", batches,
        "seed", seed);
  }

  @Override
  public String settings() {
    return LayerSampling.settings("fan-out", fanout, batches, seed);
  }

  @Override
  public Preparation prepare(Request r) {
    NeighborMethod o = resolve(r.graph(), r.model());
    NeighborSampler s = new NeighborSampler(r.graph(), r.outputs(),
        LayerSampling.toArray(o.fanout()), LayerSampling.batches(batches, r.evaluation()),
        !r.evaluation(), seed);
    return new Preparation.Sampler(s, Optional.empty(), 0, 0);
  }
}
