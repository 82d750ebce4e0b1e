package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.BatchingMethod.Model;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The options the node-wise methods share ({@link IbmbNodeMethod}, {@link RandFixMethod},
 * {@link RandMethod}): the PPR push that picks each output's auxiliary nodes and the output target
 * per batch. One place for their validation, default, canonical description and readable line.
 * Immutable.
 *
 * @param topk auxiliary nodes per output node (PPR top-k), ≥ 1
 * @param alpha PPR teleport probability α in (0, 1)
 * @param eps PPR push threshold ε in (0, 1)
 * @param outputsPerBatch target output nodes per training batch (doubled for evaluation), ≥ 0;
 *     0 = min(model limit, floor(N / (topk + 1)))
 */
record NodeWisePush(int topk, double alpha, double eps, int outputsPerBatch) {

  NodeWisePush {
    if (topk < 1) {
      throw new IllegalArgumentException("top-k is " + topk + ", expected >= 1");
    }
    checkAlpha(alpha);
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("eps is " + eps + ", expected a value in (0, 1)");
    }
    checkOutputsPerBatch(outputsPerBatch);
  }

  /** Validates a teleport probability α of the batching methods (open interval (0, 1)). */
  static void checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha is " + alpha + ", expected a value in (0, 1)");
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

  /** The output target in effect for {@code graph} and {@code model}. */
  int outputsPerBatch(CsrGraph graph, Model model) {
    return outputsPerBatch(outputsPerBatch, topk, graph, model);
  }

  /** The planner options for one request. */
  NodeWiseIbmbOptions options(CsrGraph graph, Model model, boolean evaluation, int auxPerBatch) {
    return new NodeWiseIbmbOptions(topk, alpha, eps, outputsPerBatch(graph, model), evaluation,
        auxPerBatch);
  }

  /** The normalised output cap of the node-wise grouping (no auxiliary cap). */
  OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return OptionalInt.of(NodeWiseIbmbOptions.normalizedCap(numOutputs,
        options(graph, model, evaluation, 0).targetOutputs()));
  }

  /** {@code name/vN{topk=..,alpha=..,eps=..,outputsPerBatch=..,key=value}}. */
  String canonical(String name, String key, Object value) {
    return BatchingMethod.canonical(name, "topk", topk, "alpha", alpha, "eps", eps,
        "outputsPerBatch", outputsPerBatch, key, value);
  }

  /** These options as the start of a readable settings line. */
  String settings() {
    return String.format(Locale.ROOT, "top-k %d, alpha %s, eps %s, %s outputs per training batch "
        + "(doubled for val/test)", topk, alpha, eps, outputsPerBatch == 0 ? "default" : outputsPerBatch);
  }
}
