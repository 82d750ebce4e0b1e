package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.RandomGroupingPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
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
    new NodeWisePush(topk, alpha, eps, outputsPerBatch); // validates
  }

  /** The defaults with {@code seed}. */
  public static RandFixMethod defaults(long seed) {
    IbmbNodeMethod d = IbmbNodeMethod.DEFAULTS;
    return new RandFixMethod(d.topk(), d.alpha(), d.eps(), 0, seed);
  }

  /** The push and output-target options (shared with {@link RandMethod}). */
  NodeWisePush push() {
    return new NodeWisePush(topk, alpha, eps, outputsPerBatch);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RandFixMethod resolve(CsrGraph graph, Model model) {
    return new RandFixMethod(topk, alpha, eps, push().outputsPerBatch(graph, model), seed);
  }

  @Override
  public String canonical() {
    return push().canonical(NAME, "seed", seed);
  }

  @Override
  public String settings() {
    return push().settings() + ", grouped at random once, seed " + seed;
  }

  @Override
  public Preparation prepare(Request r) {
    return plan(NAME, push().options(r.graph(), r.model(), r.evaluation(), 0), seed, r);
  }

  @Override
  public OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return push().outputCap(numOutputs, evaluation, graph, model);
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
