package io.github.ibmb4j.batching.ibmb;

import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.influence.PprMatrix;
import java.util.Arrays;
import java.util.List;

/**
 * Turns groups of output positions into batch specs (§1.3 step 5): a batch's outputs are its members'
 * output nodes and its auxiliary set is the sorted union of their top-k PPR sets and the outputs
 * themselves. Groups are processed in parallel (one group per task, results in group order), each
 * union by concatenation and a primitive sort, O(Σ (k+1)·|group| log). Deterministic.
 */
public final class GroupBatches {
  private GroupBatches() {}

  /** Builds one spec per group; {@code ppr} row i belongs to output node {@code outputs[i]}. */
  public static List<BatchSpec> build(PprMatrix ppr, int[] outputs, int[][] groups) {
    BatchSpec[] specs = new BatchSpec[groups.length];
    int[] off = ppr.topkOffsets();
    int[] nodes = ppr.topkNodes();
    Parallel.forEachChunk(groups.length, g -> {
      int[] members = groups[g];
      int total = members.length;
      for (int m : members) {
        total += off[m + 1] - off[m];
      }
      int[] all = new int[total];
      int w = 0;
      int[] outs = new int[members.length];
      for (int q = 0; q < members.length; q++) {
        int m = members[q];
        outs[q] = outputs[m];
        all[w++] = outputs[m];
        int len = off[m + 1] - off[m];
        System.arraycopy(nodes, off[m], all, w, len);
        w += len;
      }
      Arrays.sort(all);
      int u = 0;
      for (int i = 0; i < all.length; i++) {
        if (i == 0 || all[i] != all[i - 1]) {
          all[u++] = all[i];
        }
      }
      Arrays.sort(outs);
      specs[g] = new BatchSpec(outs, Arrays.copyOf(all, u));
    });
    return List.of(specs);
  }
}
