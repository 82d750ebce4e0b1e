package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.List;

/**
 * Full-batch training and full-graph inference (§1.10) as a plan: one batch whose output nodes are the
 * whole output set and whose auxiliary nodes are all N nodes. Materialised like any other plan, so
 * full-graph inference uses exactly the batches' normalisation. O(N); deterministic.
 */
public final class FullGraphPlanner implements BatchPlanner {
  /** Method name. */
  public static final String METHOD = "full";

  @Override
  public BatchPlan plan(CsrGraph graph, int[] outputNodes) {
    int[] all = new int[graph.numNodes()];
    java.util.Arrays.setAll(all, i -> i);
    return new BatchPlan(METHOD, outputNodes,
        outputNodes.length == 0 ? List.of() : List.of(new BatchSpec(outputNodes, all)));
  }

  @Override
  public String method() {
    return METHOD;
  }
}
