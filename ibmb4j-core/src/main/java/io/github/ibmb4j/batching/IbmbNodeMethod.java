package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;
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
    checkPush(topk, alpha, eps);
    checkOutputsPerBatch(outputsPerBatch);
    if (auxPerBatch < 0) {
      throw new IllegalArgumentException(
          "auxiliary nodes per batch is " + auxPerBatch + ", expected >= 0 (0 = off)");
    }
  }

  /** Validates PPR push settings shared by the methods that push: top-k, α, ε. */
  static void checkPush(int topk, double alpha, double eps) {
    if (topk < 1) {
      throw new IllegalArgumentException("top-k is " + topk + ", expected >= 1");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha is " + alpha + ", expected a value in (0, 1)");
    }
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("eps is " + eps + ", expected a value in (0, 1)");
    }
  }

  /** Validates an output target where 0 means the default. */
  static void checkOutputsPerBatch(int outputsPerBatch) {
    if (outputsPerBatch < 0) {
      throw new IllegalArgumentException(
          "outputs per batch is " + outputsPerBatch + ", expected >= 0 (0 = default)");
    }
  }

  /** The output target in effect: the given one, or the default for the graph and model. */
  static int outputsPerBatch(int given, int topk, CsrGraph graph, Model model) {
    return given > 0 ? given
        : NodeWiseIbmbOptions.defaultOutputsPerBatch(graph.numNodes(), topk, model.maxOutputsPerBatch());
  }

  /** The planner options for one request. */
  public NodeWiseIbmbOptions nodeWise(CsrGraph graph, Model model, boolean evaluation) {
    return new NodeWiseIbmbOptions(topk, alpha, eps, outputsPerBatch(outputsPerBatch, topk, graph,
        model), evaluation, auxPerBatch);
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
  public IbmbNodeMethod resolve(CsrGraph graph, Model model) {
    return new IbmbNodeMethod(topk, alpha, eps, outputsPerBatch(outputsPerBatch, topk, graph, model),
        auxPerBatch);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "topk", topk, "alpha", alpha, "eps", eps,
        "outputsPerBatch", outputsPerBatch, "auxPerBatch", auxPerBatch);
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "top-k %d, alpha %s, eps %s, %s outputs per training batch "
        + "(doubled for val/test)%s", topk, alpha, eps, outputsPerBatch == 0 ? "default" : outputsPerBatch,
        auxPerBatch > 0 ? ", at most " + auxPerBatch + " auxiliary nodes per batch" : "");
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
