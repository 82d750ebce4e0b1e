package io.github.ibmb4j.graph;

import java.util.Arrays;

/**
 * An immutable directed graph in compressed sparse row (CSR) form: node {@code v}'s out-neighbours are
 * {@code targets[offsets[v] .. offsets[v+1])}, sorted ascending and free of duplicates.
 *
 * <p>Undirected graphs are stored symmetrically (every edge in both rows). Offsets are {@code long} so
 * that the API stays valid beyond 2^31 entries; the target array itself is an {@code int[]}, which
 * currently bounds the number of stored entries to {@code Integer.MAX_VALUE - 8}.
 *
 * <p>The arrays returned by {@link #offsets()} and {@link #targets()} are the internal ones, exposed
 * without copying for hot loops: callers must never write to them. Instances are thread-safe.
 */
public final class CsrGraph {
  private final int numNodes;
  private final long[] offsets;
  private final int[] targets;

  /**
   * Wraps CSR arrays after validating them: {@code offsets.length == numNodes + 1}, {@code offsets[0] == 0},
   * offsets non-decreasing, {@code offsets[numNodes] == targets.length}, targets in range and strictly
   * increasing within each row. O(numNodes + entries).
   *
   * @throws IllegalArgumentException naming the first violation
   */
  public CsrGraph(int numNodes, long[] offsets, int[] targets) {
    this(numNodes, offsets, targets, true);
  }

  private CsrGraph(int numNodes, long[] offsets, int[] targets, boolean validate) {
    this.numNodes = numNodes;
    this.offsets = offsets;
    this.targets = targets;
    if (validate) {
      validate();
    }
  }

  /** Wraps arrays known to be valid (built by this package); no O(E) check. */
  static CsrGraph trusted(int numNodes, long[] offsets, int[] targets) {
    return new CsrGraph(numNodes, offsets, targets, false);
  }

  private void validate() {
    if (numNodes < 0) {
      throw new IllegalArgumentException("number of nodes is " + numNodes + ", expected >= 0");
    }
    if (offsets.length != numNodes + 1) {
      throw new IllegalArgumentException(
          "CSR offsets have length " + offsets.length + ", expected numNodes + 1 = " + (numNodes + 1));
    }
    if (offsets[0] != 0) {
      throw new IllegalArgumentException("CSR offsets[0] is " + offsets[0] + ", expected 0");
    }
    if (offsets[numNodes] != targets.length) {
      throw new IllegalArgumentException("CSR offsets end at " + offsets[numNodes]
          + " but there are " + targets.length + " targets");
    }
    // Offsets first: a decreasing pair could otherwise send the entry scan out of bounds.
    for (int v = 0; v < numNodes; v++) {
      if (offsets[v + 1] < offsets[v]) {
        throw new IllegalArgumentException("CSR offsets are not monotone at node " + v + ": "
            + offsets[v] + " > " + offsets[v + 1]);
      }
    }
    for (int v = 0; v < numNodes; v++) {
      long s = offsets[v];
      long e = offsets[v + 1];
      int prev = -1;
      for (long i = s; i < e; i++) {
        int t = targets[(int) i];
        if (t < 0 || t >= numNodes) {
          throw new IllegalArgumentException(
              "neighbour id " + t + " of node " + v + " is out of range [0, " + numNodes + ")");
        }
        if (t <= prev) {
          throw new IllegalArgumentException("neighbours of node " + v
              + " are not strictly increasing (" + prev + " then " + t + ")");
        }
        prev = t;
      }
    }
  }

  /** Number of nodes N. */
  public int numNodes() {
    return numNodes;
  }

  /** Number of stored (directed) entries; an undirected edge counts twice, a self-loop once. */
  public long numEntries() {
    return offsets[numNodes];
  }

  /** Row offsets, length N + 1. Do not modify. */
  public long[] offsets() {
    return offsets;
  }

  /** Neighbour ids, length {@link #numEntries()}. Do not modify. */
  public int[] targets() {
    return targets;
  }

  /** Out-degree of {@code v} (a self-loop counts once). */
  public int degree(int v) {
    return (int) (offsets[v + 1] - offsets[v]);
  }

  /** Whether the entry (u, v) is stored; O(log degree(u)). */
  public boolean hasEdge(int u, int v) {
    return Arrays.binarySearch(targets, (int) offsets[u], (int) offsets[u + 1], v) >= 0;
  }

  /** Position of entry (u, v) in {@link #targets()}, or -1; O(log degree(u)). */
  public long entryIndex(int u, int v) {
    int i = Arrays.binarySearch(targets, (int) offsets[u], (int) offsets[u + 1], v);
    return i >= 0 ? i : -1;
  }

  /** A copy of node {@code v}'s sorted neighbour ids. */
  public int[] neighbors(int v) {
    return Arrays.copyOfRange(targets, (int) offsets[v], (int) offsets[v + 1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsrGraph g && g.numNodes == numNodes && Arrays.equals(g.offsets, offsets)
        && Arrays.equals(g.targets, targets);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(targets);
  }

  @Override
  public String toString() {
    return "CsrGraph[nodes=" + numNodes + ", entries=" + numEntries() + "]";
  }
}
