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
    int[] parent = new int[n];
    int[] size = new int[n];
    int[] label = new int[n];
    int[] head = new int[n];
    int[] tail = new int[n];
    int[] next = new int[n];
    int[][] gAux = new int[n][];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
      label[i] = i;
      head[i] = i;
      tail[i] = i;
      next[i] = -1;
      gAux[i] = aux[i];
    }
    Set<Long> failed = new HashSet<>();
    int[] pr = pairs.rows();
    int[] pc = pairs.cols();
    for (int t = 0; t < pr.length; t++) {
      int a = OutputMerging.find(parent, pr[t]);
      int b = OutputMerging.find(parent, pc[t]);
      if (a == b) {
        continue;
      }
      if (label[a] > label[b]) {
        int x = a;
        a = b;
        b = x;
      }
      long key = ((long) label[a] << 32) | label[b];
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
      next[tail[a]] = head[b];
      int h = head[a];
      int tl = tail[b];
      int lab = label[a];
      int sz = size[a] + size[b];
      int root = size[a] >= size[b] ? a : b;
      int child = root == a ? b : a;
      parent[child] = root;
      gAux[child] = null;
      gAux[root] = union;
      head[root] = h;
      tail[root] = tl;
      label[root] = lab;
      size[root] = sz;
    }
    int groups = 0;
    int[] gHead = new int[n];
    int[] gTail = new int[n];
    int[] gSize = new int[n];
    int[][] lAux = new int[n][];
    long[] heap = new long[n];
    for (int i = 0; i < n; i++) {
      if (parent[i] == i) {
        int l = label[i];
        gHead[l] = head[i];
        gTail[l] = tail[i];
        gSize[l] = size[i];
        lAux[l] = gAux[i];
        heap[groups++] = ((long) gAux[i].length << 32) | l;
      }
    }
    int afterGreedy = groups;
    int hs = groups;
    for (int i = hs / 2 - 1; i >= 0; i--) {
      OutputMerging.siftDown(heap, hs, i);
    }
    while (hs > 1) {
      long k1 = heap[0];
      heap[0] = heap[--hs];
      OutputMerging.siftDown(heap, hs, 0);
      long k2 = heap[0];
      int l1 = (int) k1;
      int l2 = (int) k2;
      int[] union = union(lAux[l1], lAux[l2]);
      if (union.length > maxAux) {
        heap[hs++] = k1;
        OutputMerging.siftUp(heap, hs - 1);
        break;
      }
      int first = Math.min(l1, l2);
      int second = Math.max(l1, l2);
      next[gTail[first]] = gHead[second];
      gTail[first] = gTail[second];
      gSize[first] += gSize[second];
      lAux[first] = union;
      lAux[second] = null;
      heap[0] = ((long) union.length << 32) | first;
      OutputMerging.siftDown(heap, hs, 0);
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
      Arrays.sort(m);
      out[g] = m;
    }
    return new OutputMerging.Groups(out, afterGreedy);
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
