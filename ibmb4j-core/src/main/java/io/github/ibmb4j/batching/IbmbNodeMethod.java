package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Node-wise IBMB (§1.3): each output node's top-k PPR nodes, output nodes merged into batches by
 * shared influence ({@link NodeWiseIbmbPlanner}). A fixed plan.
 *
 * @param topk auxiliary nodes per output node (PPR top-k), ≥ 1; default 16
 * @param alpha PPR teleport probability α in (0, 1); default 0.25
 * @param eps PPR push threshold ε in (0, 1); default 2e-4
 * @param outputsPerBatch target output nodes per training batch (doubled for evaluation), ≥ 0;
 *     0 = min(model limit, floor(N / (topk + 1))) ({@link NodeWiseIbmbOptions#defaultOutputsPerBatch})
 * @param auxPerBatch cap on auxiliary nodes per batch for auxiliary-oriented merging, ≥ 0; 0 = off
 */
public record IbmbNodeMethod(int topk, double alpha, double eps, int outputsPerBatch, int auxPerBatch)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = NodeWiseIbmbPlanner.METHOD;

  /** The paper's defaults (§2.3). */
  public static final IbmbNodeMethod DEFAULTS = new IbmbNodeMethod(16, 0.25, 2e-4, 0, 0);

  /** All defaults ({@link #DEFAULTS}: the method is deterministic, the seed is not used). */
  public static IbmbNodeMethod defaults(long seed) {
    return DEFAULTS;
  }

  public IbmbNodeMethod {
    new NodeWisePush(topk, alpha, eps, outputsPerBatch); // validates
    if (auxPerBatch < 0) {
      throw new IllegalArgumentException(
          "auxiliary nodes per batch is " + auxPerBatch + ", expected >= 0 (0 = off)");
    }
  }

  /** The push and output-target options (shared with {@link RandFixMethod} and {@link RandMethod}). */
  NodeWisePush push() {
    return new NodeWisePush(topk, alpha, eps, outputsPerBatch);
  }

  /** The planner options for one request. */
  public NodeWiseIbmbOptions nodeWise(CsrGraph graph, Model model, boolean evaluation) {
    return push().options(graph, model, evaluation, auxPerBatch);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IbmbNodeMethod resolve(CsrGraph graph, Model model) {
    return new IbmbNodeMethod(topk, alpha, eps,
        push().outputsPerBatch(graph, model), auxPerBatch);
  }

  @Override
  public String canonical() {
    return push().canonical(NAME, "auxPerBatch", auxPerBatch);
  }

  @Override
  public String settings() {
    return push().settings()
        + (auxPerBatch > 0 ? ", at most " + auxPerBatch + " auxiliary nodes per batch" : "");
  }

  @Override
  public Preparation prepare(Request r) {
    NodeWiseIbmbPlanner.Detailed d = new NodeWiseIbmbPlanner(nodeWise(r.graph(), r.model(),
        r.evaluation()), r.progress()).planDetailed(r.graph(), r.outputs());
    return new Preparation.FixedPlan(d.plan(), Optional.of(d.ppr()), d.pprSeconds(), d.mergeSeconds());
  }

  @Override
  public OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return OptionalInt.of(auxPerBatch > 0 ? auxPerBatch : NodeWiseIbmbOptions.normalizedCap(numOutputs,
        nodeWise(graph, model, evaluation).targetOutputs()));
  }
}
