package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.ibmb.BatchWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;

/**
 * Batch-wise IBMB (§1.4): the outputs partitioned into parts, each part's auxiliary nodes chosen by
 * topic-sensitive PageRank ({@link BatchWiseIbmbPlanner}). A fixed plan.
 *
 * @param alpha PageRank teleport probability α in (0, 1); default 0.25
 * @param trainParts parts of training plans, ≥ 0; 0 = 4 (§2.3)
 * @param evalParts parts of val/test plans, ≥ 0; 0 = 2 (§2.3)
 * @param seed partitioner seed
 */
public record IbmbBatchMethod(double alpha, int trainParts, int evalParts, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = "ibmb-batch";

  public IbmbBatchMethod {
    NodeWisePush.checkAlpha(alpha);
    ClusterGcnMethod.checkParts(trainParts, evalParts);
  }

  /** The defaults with {@code seed}. */
  public static IbmbBatchMethod defaults(long seed) {
    return new IbmbBatchMethod(IbmbNodeMethod.DEFAULTS.alpha(), 0, 0, seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IbmbBatchMethod resolve(CsrGraph graph, Model model) {
    return new IbmbBatchMethod(alpha, options(false).numParts(), options(true).numParts(), seed);
  }

  /** The planner options of training or evaluation plans. */
  public BatchWiseIbmbPlanner.Options options(boolean evaluation) {
    BatchWiseIbmbPlanner.Options d = evaluation ? BatchWiseIbmbPlanner.Options.evaluation()
        : BatchWiseIbmbPlanner.Options.training();
    int given = evaluation ? evalParts : trainParts;
    return new BatchWiseIbmbPlanner.Options(given > 0 ? given : d.numParts(), d.ratio(), alpha,
        d.iterations(), d.partsPerSweep(), d.outputWeight(), seed, d.imbalance());
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "alpha", alpha, "trainParts", trainParts, "evalParts",
        evalParts, "seed", seed);
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "alpha %s, %s, seed %d", alpha,
        ClusterGcnMethod.partsSettings(trainParts, evalParts), seed);
  }

  @Override
  public Preparation prepare(Request r) {
    // the topic-sensitive PageRank is part of the planner; its whole time counts as set-up
    return Preparation.FixedPlan.timed(
        () -> new BatchWiseIbmbPlanner(options(r.evaluation())).plan(r.graph(), r.outputs()));
  }
}
