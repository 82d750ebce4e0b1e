package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.ClusterGcnPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;

/**
 * Cluster-GCN (§2.4): the graph partitioned into parts, each batch one part's nodes with their
 * outputs ({@link ClusterGcnPlanner}). A fixed plan.
 *
 * @param trainParts parts of training plans, ≥ 0; 0 = 4 (§2.3)
 * @param evalParts parts of val/test plans, ≥ 0; 0 = 2 (§2.3)
 * @param seed seed of the partitioner and of the grouping of parts
 */
public record ClusterGcnMethod(int trainParts, int evalParts, long seed) implements BatchingMethod {
  /** Method name. */
  public static final String NAME = "cluster-gcn";

  public ClusterGcnMethod {
    checkParts(trainParts, evalParts);
  }

  static void checkParts(int trainParts, int evalParts) {
    if (trainParts < 0 || evalParts < 0) {
      throw new IllegalArgumentException("part counts are " + trainParts + " (training) and "
          + evalParts + " (evaluation), expected >= 0 (0 = default)");
    }
  }

  static String partsSettings(int trainParts, int evalParts) {
    return String.format(Locale.ROOT, "%s parts for training, %s for val/test",
        trainParts == 0 ? "default" : trainParts, evalParts == 0 ? "default" : evalParts);
  }

  /** The defaults with {@code seed}. */
  public static ClusterGcnMethod defaults(long seed) {
    return new ClusterGcnMethod(0, 0, seed);
  }

  /** The planner options of training or evaluation plans. */
  public ClusterGcnPlanner.Options options(boolean evaluation) {
    ClusterGcnPlanner.Options d = evaluation ? ClusterGcnPlanner.Options.evaluation()
        : ClusterGcnPlanner.Options.training();
    int given = evaluation ? evalParts : trainParts;
    return new ClusterGcnPlanner.Options(given > 0 ? given : d.numParts(), d.partsPerBatch(), seed,
        d.imbalance());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ClusterGcnMethod resolve(CsrGraph graph, Model model) {
    return new ClusterGcnMethod(options(false).numParts(), options(true).numParts(), seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "trainParts", trainParts, "evalParts", evalParts, "seed",
        seed);
  }

  @Override
  public String settings() {
    return partsSettings(trainParts, evalParts) + ", seed " + seed;
  }

  @Override
  public Preparation prepare(Request r) {
    return Preparation.FixedPlan.timed(
        () -> new ClusterGcnPlanner(options(r.evaluation())).plan(r.graph(), r.outputs()));
  }
}
