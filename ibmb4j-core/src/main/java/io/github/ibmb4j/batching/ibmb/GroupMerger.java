package io.github.ibmb4j.batching.ibmb;

import java.util.Arrays;

/**
 * The group bookkeeping shared by output- and auxiliary-oriented merging (§1.3): groups of output
 * positions 0..n-1, each labelled by its smallest member, merged first greedily along affinity pairs
 * and then by a min-heap post-processing pass. The merge criteria (a size cap, an auxiliary-set cap)
 * belong to the callers; this class only keeps the groups.
 *
 * <p><b>Greedy phase:</b> a union-find (union by size, path halving) whose groups carry linked member
 * lists, so a merge is O(α(n)) instead of relabelling members. The merged group keeps the smaller
 * label and lists that group's members first, as the reference's list concatenation does.
 *
 * <p><b>Post-processing phase</b> ({@link #postProcess}): groups keyed by (weight, label) in a binary
 * min-heap; the two smallest are popped and merged if the caller's {@link Criterion} accepts them,
 * and the pass stops at the first refusal (the reference's semantics). The label in the key makes
 * ties deterministic (§5.2 item 9). O(g log g) heap operations.
 *
 * <p>Deterministic; single-threaded; not thread-safe (one instance per merge).
 */
final class GroupMerger {
  private final int n;
  private final int[] parent;
  private final int[] size;
  private final int[] label;
  private final int[] head;
  private final int[] tail;
  private final int[] next;

  /** Whether two groups may merge in the post-processing pass, and the merged group's weight. */
  interface Criterion {
    /**
     * Called with the labels of the two lightest groups ({@code first < second}) and their member
     * counts.
     *
     * @return the weight of the merged group, or -1 to refuse (which ends the pass)
     */
    long mergedWeight(int first, int second, int firstSize, int secondSize);
  }

  /** n singleton groups; group i has label i. */
  GroupMerger(int n) {
    this.n = n;
    parent = new int[n];
    size = new int[n];
    label = new int[n];
    head = new int[n];
    tail = new int[n];
    next = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
      label[i] = i;
      head[i] = i;
      tail[i] = i;
      next[i] = -1;
    }
  }

  /** The root of member x's group (path halving). */
  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** The label (smallest member) of the group rooted at {@code root}. */
  int label(int root) {
    return label[root];
  }

  /** The member count of the group rooted at {@code root}. */
  int size(int root) {
    return size[root];
  }

  /**
   * Merges the groups rooted at {@code a} and {@code b} (distinct roots): the members of the group
   * with the smaller label come first, and the merged group keeps that label.
   *
   * @return the root of the merged group
   */
  int union(int a, int b) {
    if (label[a] > label[b]) {
      int x = a;
      a = b;
      b = x;
    }
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
    return root;
  }

  /**
   * Ends the greedy phase and runs the post-processing pass.
   *
   * @param weight a group's heap weight, by the root of the group (e.g. its size or its auxiliary
   *     count); must fit in 31 bits
   * @param criterion decides each attempted merge, by label
   * @return the number of groups after the greedy phase, and the final groups: member positions
   *     (sorted) per group, ordered by label
   */
  OutputMerging.Groups postProcess(java.util.function.IntToLongFunction weight, Criterion criterion) {
    // Re-key the surviving groups by their label for the heap phase.
    int[] gHead = new int[n];
    int[] gTail = new int[n];
    int[] gSize = new int[n];
    long[] heap = new long[n];
    int groups = 0;
    for (int i = 0; i < n; i++) {
      if (parent[i] == i) {
        int l = label[i];
        gHead[l] = head[i];
        gTail[l] = tail[i];
        gSize[l] = size[i];
        heap[groups++] = (weight.applyAsLong(i) << 32) | l;
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
      int first = Math.min((int) k1, (int) k2);
      int second = Math.max((int) k1, (int) k2);
      long w = criterion.mergedWeight(first, second, gSize[first], gSize[second]);
      if (w < 0) {
        // first refusal: put k1 back and stop (k2 is still at the root)
        heap[hs++] = k1;
        siftUp(heap, hs - 1);
        break;
      }
      next[gTail[first]] = gHead[second];
      gTail[first] = gTail[second];
      gSize[first] += gSize[second];
      heap[0] = (w << 32) | first;
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
    return new OutputMerging.Groups(out, afterGreedy);
  }

  private static void siftDown(long[] h, int size, int i) {
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

  private static void siftUp(long[] h, int i) {
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
