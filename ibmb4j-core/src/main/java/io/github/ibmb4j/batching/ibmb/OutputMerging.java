package io.github.ibmb4j.batching.ibmb;

import java.util.Arrays;

/**
 * Output-node-oriented merging of node-wise IBMB (§1.3 steps 3–4): a Kruskal-like greedy union of
 * output-node groups over the affinity pairs in descending order under a size cap, then a min-heap
 * post-processing pass that packs the smallest groups together.
 *
 * <p><b>Greedy</b> (official {@code prime_orient_merge} semantics): every output node starts as its
 * own group, group id = smallest member index; for each pair (i, j), if g(i) ≠ g(j) and
 * |G1| + |G2| ≤ cap, the groups merge (id = the smaller id, its members first). Implemented as a
 * union-find (union by size, path halving) with linked member lists instead of relabelling lists:
 * O(P·α(n) + n) for P pairs.
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
    int[] parent = new int[n];
    int[] size = new int[n];
    int[] label = new int[n];
    int[] head = new int[n];
    int[] tail = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
      label[i] = i;
      head[i] = i;
      tail[i] = i;
      next[i] = -1;
    }
    int[] pr = pairs.rows();
    int[] pc = pairs.cols();
    for (int t = 0; t < pr.length; t++) {
      int a = find(parent, pr[t]);
      int b = find(parent, pc[t]);
      if (a == b || size[a] + size[b] > cap) {
        continue;
      }
      if (label[a] > label[b]) {
        int x = a;
        a = b;
        b = x;
      }
      // a's members first, then b's (the smaller id group keeps its place)
      next[tail[a]] = head[b];
      int h = head[a];
      int tl = tail[b];
      int lab = label[a];
      int sz = size[a] + size[b];
      int root = size[a] >= size[b] ? a : b;
      int child = root == a ? b : a;
      parent[child] = root;
      head[root] = h;
      tail[root] = tl;
      label[root] = lab;
      size[root] = sz;
    }
    // Re-key the surviving groups by their label (= smallest member) for the post-processing pass.
    int groups = 0;
    int[] gHead = new int[n];
    int[] gTail = new int[n];
    int[] gSize = new int[n];
    long[] heap = new long[n];
    for (int i = 0; i < n; i++) {
      if (parent[i] == i) {
        int l = label[i];
        gHead[l] = head[i];
        gTail[l] = tail[i];
        gSize[l] = size[i];
        heap[groups++] = ((long) size[i] << 32) | l;
      }
    }
    int afterGreedy = groups;
    int hs = groups;
    for (int i = hs / 2 - 1; i >= 0; i--) {
      siftDown(heap, hs, i);
    }
    while (hs > 1) {
      long k1 = heap[0];
      heap[0] = heap[--hs];
      siftDown(heap, hs, 0);
      long k2 = heap[0];
      int s1 = (int) (k1 >>> 32);
      int s2 = (int) (k2 >>> 32);
      if ((long) s1 + s2 > cap) {
        // first failure: put k1 back and stop (k2 is still at the root)
        heap[hs++] = k1;
        siftUp(heap, hs - 1);
        break;
      }
      int l1 = (int) k1;
      int l2 = (int) k2;
      int first = Math.min(l1, l2);
      int second = Math.max(l1, l2);
      next[gTail[first]] = gHead[second];
      gTail[first] = gTail[second];
      gSize[first] = s1 + s2;
      heap[0] = ((long) (s1 + s2) << 32) | first;
      siftDown(heap, hs, 0);
    }
    int[] labels = new int[hs];
    for (int i = 0; i < hs; i++) {
      labels[i] = (int) heap[i];
    }
    Arrays.sort(labels);
    int[][] out = new int[hs][];
    for (int g = 0; g < hs; g++) {
      int l = labels[g];
      int[] m = new int[gSize[l]];
      int c = 0;
      for (int x = gHead[l]; x != -1; x = next[x]) {
        m[c++] = x;
      }
      assert c == m.length;
      Arrays.sort(m);
      out[g] = m;
    }
    return new Groups(out, afterGreedy);
  }

  static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  static void siftDown(long[] h, int size, int i) {
    long x = h[i];
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int c = l + 1 < size && h[l + 1] < h[l] ? l + 1 : l;
      if (h[c] < x) {
        h[i] = h[c];
        i = c;
      } else {
        break;
      }
    }
    h[i] = x;
  }

  static void siftUp(long[] h, int i) {
    long x = h[i];
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (h[p] > x) {
        h[i] = h[p];
        i = p;
      } else {
        break;
      }
    }
    h[i] = x;
  }
}
