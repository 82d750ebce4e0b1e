package io.github.ibmb4j.batching.ibmb;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Auxiliary-node-oriented merging of node-wise IBMB (§1.3 step 8, official {@code aux_orient_merge} +
 * {@code aux_post_process}; unused in every official run, off by default here): the same greedy over
 * affinity pairs, but two groups merge only if the union of their auxiliary sets has at most
 * {@code maxAux} nodes.
 *
 * <p>Cheap pre-check as in the reference: if |aux1| + |aux2| ≤ 1.0005·maxAux the pair merges without
 * the exact test (the union can then exceed maxAux by at most 0.05 %); otherwise the exact union is
 * computed by a linear merge of the two sorted arrays. Failed group pairs are remembered (a failure
 * stays a failure as groups only grow) and not retried. Post-processing: a min-heap on (aux size,
 * smallest member); merge the two smallest while their union fits, stop at the first failure.
 *
 * <p>Cost: O(P·α(n)) finds plus O(|aux1| + |aux2|) per attempted merge. The failed-pair memo is a hash
 * set, acceptable for this off-by-default variant. Deterministic, single-threaded.
 */
public final class AuxiliaryMerging {
  private AuxiliaryMerging() {}

  /** The reference's slack on the cheap size pre-check. */
  static final double PRECHECK_SLACK = 1.0005;

  /**
   * Merges output nodes 0..n-1 with per-node sorted auxiliary sets {@code aux}.
   *
   * @return groups of member positions (sorted), ordered by smallest member
   */
  public static OutputMerging.Groups merge(AffinityPairs pairs, int[][] aux, int maxAux) {
    if (maxAux < 1) {
      throw new IllegalArgumentException("auxiliary cap is " + maxAux + ", expected >= 1");
    }
    int n = aux.length;
    GroupMerger g = new GroupMerger(n);
    // auxiliary set per group: by root during the greedy phase, by label in the post-processing
    int[][] gAux = aux.clone();
    Set<Long> failed = new HashSet<>();
    int[] pr = pairs.rows();
    int[] pc = pairs.cols();
    for (int t = 0; t < pr.length; t++) {
      int a = g.find(pr[t]);
      int b = g.find(pc[t]);
      if (a == b) {
        continue;
      }
      // the pair of labels, smaller first
      long key = ((long) Math.min(g.label(a), g.label(b)) << 32) | Math.max(g.label(a), g.label(b));
      if (failed.contains(key)) {
        continue;
      }
      int[] ua = gAux[a];
      int[] ub = gAux[b];
      int[] union = union(ua, ub);
      boolean ok = ua.length + ub.length <= PRECHECK_SLACK * maxAux || union.length <= maxAux;
      if (!ok) {
        failed.add(key);
        continue;
      }
      int root = g.union(a, b);
      gAux[a] = null;
      gAux[b] = null;
      gAux[root] = union;
    }
    int[][] lAux = new int[n][];
    for (int i = 0; i < n; i++) {
      if (gAux[i] != null && g.find(i) == i) {
        lAux[g.label(i)] = gAux[i];
      }
    }
    return g.postProcess(root -> gAux[root].length, (first, second, s1, s2) -> {
      int[] union = union(lAux[first], lAux[second]);
      if (union.length > maxAux) {
        return -1;
      }
      lAux[first] = union;
      lAux[second] = null;
      return union.length;
    });
  }

  /** Sorted-merge union of two sorted, duplicate-free arrays. */
  static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < a.length && j < b.length) {
      int x = a[i];
      int y = b[j];
      if (x < y) {
        out[w++] = x;
        i++;
      } else if (y < x) {
        out[w++] = y;
        j++;
      } else {
        out[w++] = x;
        i++;
        j++;
      }
    }
    while (i < a.length) {
      out[w++] = a[i++];
    }
    while (j < b.length) {
      out[w++] = b[j++];
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }
}
