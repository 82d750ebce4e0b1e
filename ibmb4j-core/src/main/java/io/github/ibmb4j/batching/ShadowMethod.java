package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.ShadowSampler;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import java.util.Locale;
import java.util.Optional;

/**
 * ShaDow-PPR (§2.4, {@link ShadowSampler}): every output node gets its own sub-graph of its top-k PPR
 * nodes; batches are disjoint unions of such sub-graphs, regrouped at random every training epoch.
 *
 * @param topk nodes of each output's own sub-graph (its top-k PPR nodes), ≥ 0; 0 = 6 (§2.3)
 * @param eps push threshold ε of that PPR, in [0, 1); 0 = 1e-3 (§2.3, arxiv at HEAD; the paper era
 *     used 2e-4)
 * @param alpha PPR teleport probability α in (0, 1); default 0.25
 * @param outputsPerBatch output nodes per batch (training and val/test), ≥ 0; 0 =
 *     min(model limit, floor(N / (k + 1)))
 * @param seed base seed
 */
public record ShadowMethod(int topk, double eps, double alpha, int outputsPerBatch, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = ShadowSampler.METHOD;

  /** The default sub-graph size k. */
  public static final int DEFAULT_TOPK = 6;

  /** The default push threshold ε. */
  public static final double DEFAULT_EPS = 1e-3;

  public ShadowMethod {
    if (topk < 0) {
      throw new IllegalArgumentException("ShaDow top-k is " + topk + ", expected >= 1 (0 = default 6)");
    }
    if (!(eps >= 0 && eps < 1)) {
      throw new IllegalArgumentException("ShaDow push threshold is " + eps
          + ", expected a value in (0, 1) (0 = default 1e-3)");
    }
    NodeWisePush.checkAlpha(alpha);
    NodeWisePush.checkOutputsPerBatch(outputsPerBatch);
  }

  /** The defaults with {@code seed}. */
  public static ShadowMethod defaults(long seed) {
    return new ShadowMethod(0, 0, IbmbNodeMethod.DEFAULTS.alpha(), 0, seed);
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
  public ShadowMethod resolve(CsrGraph graph, Model model) {
    int k = topk > 0 ? topk : DEFAULT_TOPK;
    return new ShadowMethod(k, eps > 0 ? eps : DEFAULT_EPS, alpha,
        NodeWisePush.outputsPerBatch(outputsPerBatch, k, graph, model), seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "topk", topk, "eps", eps, "alpha", alpha,
        "outputsPerBatch", outputsPerBatch, "seed", seed);
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "sub-graphs of each output's top-k PPR nodes k=%s,eps=%s, "
        + "alpha %s, %s outputs per batch, seed %d", topk == 0 ? "default" : topk,
        eps == 0 ? "default" : eps, alpha, outputsPerBatch == 0 ? "default" : outputsPerBatch, seed);
  }

  @Override
  public Preparation prepare(Request r) {
    ShadowMethod o = resolve(r.graph(), r.model());
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(alpha, o.eps(), o.topk()).compute(r.graph(), r.outputs(),
        r.progress());
    double pprSeconds = (System.nanoTime() - t0) / 1e9;
    ShadowSampler s = new ShadowSampler(r.graph(), ppr, r.outputs(), o.outputsPerBatch(),
        !r.evaluation(), seed);
    return new Preparation.Sampler(s, Optional.of(ppr), pprSeconds, 0);
  }
}
