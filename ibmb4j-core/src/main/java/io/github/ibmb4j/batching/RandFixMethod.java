package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.RandomGroupingPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * 'randfix' (§2.4): the auxiliary sets of node-wise IBMB (each output's top-k PPR nodes), but output
 * nodes grouped at random once ({@link RandomGroupingPlanner}). A fixed plan.
 *
 * @param topk auxiliary nodes per output node (PPR top-k), ≥ 1; default 16
 * @param alpha PPR teleport probability α in (0, 1); default 0.25
 * @param eps PPR push threshold ε in (0, 1); default 2e-4
 * @param outputsPerBatch target output nodes per training batch (doubled for evaluation), ≥ 0;
 *     0 = the node-wise default
 * @param seed grouping seed
 */
public record RandFixMethod(int topk, double alpha, double eps, int outputsPerBatch, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = "randfix";

  public RandFixMethod {
    IbmbNodeMethod.checkPush(topk, alpha, eps);
    IbmbNodeMethod.checkOutputsPerBatch(outputsPerBatch);
  }

  /** The defaults with {@code seed}. */
  public static RandFixMethod defaults(long seed) {
    IbmbNodeMethod d = IbmbNodeMethod.DEFAULTS;
    return new RandFixMethod(d.topk(), d.alpha(), d.eps(), 0, seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean samplesEveryEpoch() {
    return false;
  }

  @Override
  public RandFixMethod resolve(CsrGraph graph, Model model) {
    return new RandFixMethod(topk, alpha, eps,
        IbmbNodeMethod.outputsPerBatch(outputsPerBatch, topk, graph, model), seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "topk", topk, "alpha", alpha, "eps", eps,
        "outputsPerBatch", outputsPerBatch, "seed", seed);
  }

  @Override
  public String settings() {
    return randomGroupingSettings(topk, alpha, eps, outputsPerBatch, seed, "grouped at random once");
  }

  static String randomGroupingSettings(int topk, double alpha, double eps, int outputsPerBatch,
      long seed, String grouping) {
    return String.format(Locale.ROOT, "top-k %d, alpha %s, eps %s, %s outputs per training batch "
        + "(doubled for val/test), %s, seed %d", topk, alpha, eps,
        outputsPerBatch == 0 ? "default" : outputsPerBatch, grouping, seed);
  }

  @Override
  public Preparation prepare(Request r) {
    return plan(NAME, nodeWise(topk, alpha, eps, outputsPerBatch, r), seed, r);
  }

  @Override
  public OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return OptionalInt.of(NodeWiseIbmbOptions.normalizedCap(numOutputs, new NodeWiseIbmbOptions(topk,
        alpha, eps, IbmbNodeMethod.outputsPerBatch(outputsPerBatch, topk, graph, model), evaluation, 0)
        .targetOutputs()));
  }

  static NodeWiseIbmbOptions nodeWise(int topk, double alpha, double eps, int outputsPerBatch,
      Request r) {
    return new NodeWiseIbmbOptions(topk, alpha, eps,
        IbmbNodeMethod.outputsPerBatch(outputsPerBatch, topk, r.graph(), r.model()), r.evaluation(), 0);
  }

  /** The PPR push and one random grouping of the outputs, as a fixed plan named {@code name}. */
  static Preparation plan(String name, NodeWiseIbmbOptions o, long seed, Request r) {
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(o.alpha(), o.eps(), o.topk()).compute(r.graph(), r.outputs(),
        r.progress());
    long t1 = System.nanoTime();
    BatchPlan plan = new RandomGroupingPlanner(name, o, seed, r.progress()).plan(ppr, r.outputs());
    long t2 = System.nanoTime();
    return new Preparation.FixedPlan(plan, Optional.of(ppr), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }
}
