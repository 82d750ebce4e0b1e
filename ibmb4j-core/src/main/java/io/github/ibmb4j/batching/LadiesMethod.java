package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.LadiesSampler;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.List;
import java.util.Optional;

/**
 * LADIES layer-dependent importance sampling (§2.4, {@link LadiesSampler}): the outputs split into a
 * fixed number of batches, each with one sampled block per graph layer.
 *
 * @param layerNodes nodes sampled per hop, hop 0 at the outputs, one per graph layer, all ≥ 1;
 *     empty = [N/4, N/2, N/2] (deeper models repeat N/2)
 * @param batches training batches per epoch, ≥ 0; 0 = 4; val/test use half (at least 1)
 * @param seed base seed
 */
public record LadiesMethod(List<Integer> layerNodes, int batches, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = LadiesSampler.METHOD;

  public LadiesMethod {
    layerNodes = LayerSampling.checkPerLayer(layerNodes, "nodes per layer");
    LayerSampling.checkBatches(batches);
  }

  /** The defaults with {@code seed}. */
  public static LadiesMethod defaults(long seed) {
    return new LadiesMethod(List.of(), 0, seed);
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
  public LadiesMethod resolve(CsrGraph graph, Model model) {
    return new LadiesMethod(LayerSampling.perLayer(layerNodes, model.layers(),
        () -> LadiesSampler.defaultLayerNodes(graph.numNodes(), model.layers()), "nodes per layer"),
        LayerSampling.batches(batches, false), seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "layerNodes", LayerSampling.toArray(layerNodes), "batches",
        batches, "seed", seed);
  }

  @Override
  public String settings() {
    return LayerSampling.settings("nodes per layer", layerNodes, batches, seed);
  }

  @Override
  public Preparation prepare(Request r) {
    LadiesMethod o = resolve(r.graph(), r.model());
    LadiesSampler s = new LadiesSampler(r.graph(), r.materializer().values(), r.outputs(),
        LayerSampling.toArray(o.layerNodes()), LayerSampling.batches(batches, r.evaluation()),
        !r.evaluation(), seed);
    return new Preparation.Sampler(s, Optional.empty(), 0, 0);
  }
}
