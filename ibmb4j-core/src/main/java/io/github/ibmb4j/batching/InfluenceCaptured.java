package io.github.ibmb4j.batching;

import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.tensor.Batch;
import java.util.Arrays;
import java.util.List;

/**
 * How much of each output node's top-k PPR influence its batch contains: for output node o in batch B,
 * Σ_{v ∈ topk(o) ∩ aux(B)} p_o(v) / Σ_{v ∈ topk(o)} p_o(v); the metric is the mean over output nodes.
 * It is 1.0 for node-wise IBMB by construction (aux ⊇ union of its outputs' top-k sets) and measures
 * how much a method that ignores PPR (Cluster-GCN, random grouping) loses. O(Σ k·log|aux|).
 * Deterministic; stateless.
 */
public final class InfluenceCaptured {
  private InfluenceCaptured() {}

  /**
   * The mean captured fraction over the plan's output nodes; NaN for an empty plan.
   *
   * @param ppr top-k PPR rows of (at least) every output node of the plan
   */
  public static double mean(BatchPlan plan, PprMatrix ppr) {
    return mean(plan.batches(), ppr);
  }

  /**
   * The mean captured fraction over the output nodes of materialised batches (an output's batch holds
   * the batch's nodes); NaN without batches.
   *
   * @param ppr top-k PPR rows of (at least) every output node of the batches
   */
  public static double meanOverBatches(List<Batch> batches, PprMatrix ppr) {
    return mean(batches.stream().map(b -> new BatchSpec(
        Arrays.stream(b.outputNodes()).sorted().distinct().toArray(),
        Arrays.stream(b.nodes()).sorted().distinct().toArray())).toList(), ppr);
  }

  private static double mean(List<BatchSpec> batches, PprMatrix ppr) {
    int[] src = ppr.sources();
    // row lookup by node id via a sorted copy of the sources (sources need not be sorted)
    long[] keyed = new long[src.length];
    for (int i = 0; i < src.length; i++) {
      keyed[i] = ((long) src[i] << 32) | i;
    }
    Arrays.sort(keyed);
    int[] sortedIds = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      sortedIds[i] = (int) (keyed[i] >>> 32);
    }
    int[] off = ppr.topkOffsets();
    int[] nodes = ppr.topkNodes();
    double[] vals = ppr.topkValues();
    double sum = 0;
    long count = 0;
    for (BatchSpec b : batches) {
      int[] aux = b.auxiliary();
      for (int o : b.outputs()) {
        int pos = Arrays.binarySearch(sortedIds, o);
        if (pos < 0) {
          throw new IllegalArgumentException("output node " + o + " has no PPR row");
        }
        int row = (int) keyed[pos];
        double total = 0;
        double inside = 0;
        for (int q = off[row]; q < off[row + 1]; q++) {
          total += vals[q];
          if (Arrays.binarySearch(aux, nodes[q]) >= 0) {
            inside += vals[q];
          }
        }
        sum += total > 0 ? inside / total : 1.0;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
