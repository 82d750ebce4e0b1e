package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.baseline.ClusterGcnPlanner;
import io.github.ibmb4j.batching.baseline.LadiesSampler;
import io.github.ibmb4j.batching.baseline.NeighborSampler;
import io.github.ibmb4j.batching.baseline.SaintRwSampler;
import io.github.ibmb4j.batching.baseline.ShadowSampler;
import io.github.ibmb4j.batching.ibmb.BatchWiseIbmbPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.Dataset;
import java.util.Arrays;
import java.util.List;

/**
 * Batching options with the defaults a method would pick filled in (for the run record): the
 * values that "0 = default" in {@link BatchingOptions} and {@link SamplerOptions} stand for, computed
 * by the same functions {@link BatchingMethods} calls. Planning with the resolved options gives the
 * same batches as planning with the given ones (tested for every method).
 *
 * <p>Only the fields the method reads are resolved; fields it ignores keep their given value, so a 0
 * left in a resolved record means "not used by this method". Every method gets the model's layer count.
 */
public final class ResolvedOptions {
  private ResolvedOptions() {}

  /** {@code given} resolved for {@code dataset} and a model with {@code layers} graph layers. */
  public static BatchingOptions batching(BatchingOptions given, Dataset dataset, int layers) {
    int n = dataset.numNodes();
    BatchingOptions b = given.withLayers(layers);
    SamplerOptions s = b.sampler();
    switch (b.method()) {
      case "ibmb-node", "randfix", "rand" -> {
        if (b.outputsPerBatch() == 0) {
          b = b.withOutputsPerBatch(NodeWiseIbmbOptions.defaultOutputsPerBatch(n, b.topk()));
        }
      }
      case "ibmb-batch" -> b = withParts(b, BatchWiseIbmbPlanner.Options.training().numParts(),
          BatchWiseIbmbPlanner.Options.evaluation().numParts());
      case "cluster-gcn" -> b = withParts(b, ClusterGcnPlanner.Options.training().numParts(),
          ClusterGcnPlanner.Options.evaluation().numParts());
      case SaintRwSampler.METHOD -> b = b.withSampler(new SamplerOptions(s.fanout(), s.layerNodes(),
          s.batches(), s.roots() > 0 ? s.roots() : SaintRwSampler.defaultRoots(n),
          s.walkLength() > 0 ? s.walkLength() : 2, s.steps() > 0 ? s.steps() : 4,
          s.coverage() > 0 ? s.coverage() : 100, s.shadowTopk(), s.shadowEps()));
      case NeighborSampler.METHOD -> b = b.withSampler(new SamplerOptions(
          list(s.fanout(layers, NeighborSampler.defaultFanout(layers, dataset.graph()))),
          s.layerNodes(), s.batches(false), s.roots(), s.walkLength(), s.steps(), s.coverage(),
          s.shadowTopk(), s.shadowEps()));
      case LadiesSampler.METHOD -> b = b.withSampler(new SamplerOptions(s.fanout(),
          list(s.layerNodes(layers, LadiesSampler.defaultLayerNodes(n, layers))), s.batches(false),
          s.roots(), s.walkLength(), s.steps(), s.coverage(), s.shadowTopk(), s.shadowEps()));
      case ShadowSampler.METHOD -> {
        int k = s.shadowTopkOrDefault();
        b = b.withSampler(new SamplerOptions(s.fanout(), s.layerNodes(), s.batches(), s.roots(),
            s.walkLength(), s.steps(), s.coverage(), k, s.shadowEpsOrDefault()));
        if (b.outputsPerBatch() == 0) {
          b = b.withOutputsPerBatch(NodeWiseIbmbOptions.defaultOutputsPerBatch(n, k));
        }
      }
      default -> { } // full: nothing to resolve
    }
    return b;
  }

  private static BatchingOptions withParts(BatchingOptions b, int train, int eval) {
    return new BatchingOptions(b.method(), b.topk(), b.alpha(), b.eps(), b.outputsPerBatch(),
        b.auxPerBatch(), b.trainParts() > 0 ? b.trainParts() : train,
        b.evalParts() > 0 ? b.evalParts() : eval, b.seed(), b.normalization(), b.schedule(),
        b.layers(), b.sampler());
  }

  private static List<Integer> list(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
