package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.RandomGroupingPlanner;
import io.github.ibmb4j.batching.baseline.RandomRegroupingSampler;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * 'rand' (§2.4): like {@link RandFixMethod}, but training outputs are regrouped at random every
 * epoch (the auxiliary sets are pushed once); evaluation uses one fixed random grouping.
 *
 * @param topk auxiliary nodes per output node (PPR top-k), ≥ 1; default 16
 * @param alpha PPR teleport probability α in (0, 1); default 0.25
 * @param eps PPR push threshold ε in (0, 1); default 2e-4
 * @param outputsPerBatch target output nodes per training batch (doubled for evaluation), ≥ 0;
 *     0 = the node-wise default
 * @param seed grouping seed (epoch e regroups with a seed derived from (seed, e))
 */
public record RandMethod(int topk, double alpha, double eps, int outputsPerBatch, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = "rand";

  public RandMethod {
    new NodeWisePush(topk, alpha, eps, outputsPerBatch); // validates
  }

  /** The defaults with {@code seed}. */
  public static RandMethod defaults(long seed) {
    IbmbNodeMethod d = IbmbNodeMethod.DEFAULTS;
    return new RandMethod(d.topk(), d.alpha(), d.eps(), 0, seed);
  }

  /** The push and output-target options (shared with {@link RandFixMethod}). */
  NodeWisePush push() {
    return new NodeWisePush(topk, alpha, eps, outputsPerBatch);
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
  public RandMethod resolve(CsrGraph graph, Model model) {
    return new RandMethod(topk, alpha, eps, push().outputsPerBatch(graph, model), seed);
  }

  @Override
  public String canonical() {
    return push().canonical(NAME, "seed", seed);
  }

  @Override
  public String settings() {
    return push().settings() + ", regrouped at random every epoch, seed " + seed;
  }

  @Override
  public Preparation prepare(Request r) {
    NodeWiseIbmbOptions o = push().options(r.graph(), r.model(), r.evaluation(), 0);
    if (r.evaluation()) {
      return RandFixMethod.plan(NAME, o, seed, r);
    }
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(o.alpha(), o.eps(), o.topk()).compute(r.graph(), r.outputs(),
        r.progress());
    double pprSeconds = (System.nanoTime() - t0) / 1e9;
    RandomGroupingPlanner planner = new RandomGroupingPlanner(NAME, o, seed, r.progress());
    int cap = NodeWiseIbmbOptions.normalizedCap(r.outputs().length, o.targetOutputs());
    int batches = r.outputs().length == 0 ? 0 : (r.outputs().length + cap - 1) / cap;
    RandomRegroupingSampler s = new RandomRegroupingSampler(planner, ppr, r.outputs(), batches, seed);
    return new Preparation.Sampler(s, Optional.of(ppr), pprSeconds, 0);
  }

  @Override
  public OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return push().outputCap(numOutputs, evaluation, graph, model); // the same grouping as randfix
  }
}
