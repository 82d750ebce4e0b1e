package io.github.ibmb4j.batching;

import java.util.List;

/**
 * A fixed set of batches for one output-node set, in the planner's order (scheduling reorders later).
 *
 * @param method the method name (e.g. {@code ibmb-node})
 * @param outputNodes the output-node set the plan covers (sorted)
 * @param batches the batches; together their outputs partition {@code outputNodes}
 */
public record BatchPlan(String method, int[] outputNodes, List<BatchSpec> batches) {

  public BatchPlan {
    batches = List.copyOf(batches);
  }

  /** Number of batches. */
  public int size() {
    return batches.size();
  }
}
