package io.github.ibmb4j.batching.ibmb;

/**
 * Output-node-oriented merging of node-wise IBMB (§1.3 steps 3–4): a Kruskal-like greedy union of
 * output-node groups over the affinity pairs in descending order under a size cap, then a min-heap
 * post-processing pass that packs the smallest groups together.
 *
 * <p><b>Greedy</b> (official {@code prime_orient_merge} semantics): every output node starts as its
 * own group, group id = smallest member index; for each pair (i, j), if g(i) ≠ g(j) and
 * |G1| + |G2| ≤ cap, the groups merge (id = the smaller id, its members first). Implemented as a
 * union-find with linked member lists ({@link GroupMerger}) instead of relabelling lists: O(P·α(n) + n)
 * for P pairs.
 *
 * <p><b>Post-processing</b> ({@code prime_post_process}): a binary min-heap keyed by (size, smallest
 * member index); pop the two smallest, merge if the total ≤ cap and push back, otherwise stop at the
 * first failure. // Deviation from the reference: the heap key's second component (smallest member)
 * makes ties deterministic (the official heap compares Python lists, §5.2 item 9). O(g log g).
 *
 * <p>The final groups are returned sorted by their smallest member, each group's members sorted.
 * Deterministic and single-threaded; stateless.
 */
public final class OutputMerging {
  private OutputMerging() {}

  /**
   * The merged groups.
   *
   * @param groups member positions (sorted) per group, groups ordered by smallest member
   * @param groupsAfterGreedy number of groups before post-processing
   */
  public record Groups(int[][] groups, int groupsAfterGreedy) {}

  /** Runs greedy merging over {@code pairs} and the post-processing pass, for n output nodes. */
  public static Groups merge(AffinityPairs pairs, int n, int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap is " + cap + ", expected >= 1");
    }
    GroupMerger g = new GroupMerger(n);
    int[] pr = pairs.rows();
    int[] pc = pairs.cols();
    for (int t = 0; t < pr.length; t++) {
      int a = g.find(pr[t]);
      int b = g.find(pc[t]);
      if (a != b && g.size(a) + g.size(b) <= cap) {
        g.union(a, b);
      }
    }
    return g.postProcess(g::size,
        (first, second, s1, s2) -> (long) s1 + s2 <= cap ? s1 + s2 : -1);
  }
}
