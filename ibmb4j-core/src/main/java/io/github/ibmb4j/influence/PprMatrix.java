package io.github.ibmb4j.influence;

import java.util.Arrays;

/**
 * The compact result of {@link PprPush}: for each output node (row i = {@code sources[i]}) its top-k
 * approximate PPR entries and, separately, its entries that fall on the output set itself (needed for
 * the pair affinities of node-wise IBMB, §1.3 step 2).
 *
 * <p>Memory: the top-k part is flat CSR with int offsets (rows × k entries; k ≤ a few hundred, so it
 * fits up to hundreds of millions of rows × k); the output-set part is one array pair per row, so no
 * single array must hold all entries of millions of sources. Only these two parts are kept; all other
 * pushed entries are dropped after each source. Values are the double-precision push estimates p_s(v).
 * Arrays are exposed without copying and must not be modified; instances are then thread-safe.
 *
 * @param numNodes N, the number of graph nodes (column space of the top-k part)
 * @param sources the output nodes, one per row, in the order given to the push
 * @param topkOffsets row offsets into {@code topkNodes}/{@code topkValues}, length rows + 1
 * @param topkNodes node ids of each row's top-k entries, sorted ascending within a row
 * @param topkValues p_s(v) aligned with {@code topkNodes}
 * @param outputCols per row: positions j (into {@code sources}) of the row's entries on output nodes,
 *     sorted ascending, the diagonal (j = i) excluded
 * @param outputValues per row: p_{sources[i]}(sources[j]) aligned with {@code outputCols}
 * @param pushedEntries total number of non-zero p entries over all rows (before top-k)
 */
public record PprMatrix(int numNodes, int[] sources, int[] topkOffsets, int[] topkNodes,
    double[] topkValues, int[][] outputCols, double[][] outputValues, long pushedEntries) {

  /** Number of rows (output nodes). */
  public int numRows() {
    return sources.length;
  }

  /** Row {@code i}'s top-k node ids (a copy), sorted ascending. */
  public int[] topkRow(int i) {
    return Arrays.copyOfRange(topkNodes, topkOffsets[i], topkOffsets[i + 1]);
  }

  /**
   * The auxiliary set of row {@code i} as in §1.2 step 4: its top-k node ids united with the source
   * itself, sorted and duplicate-free.
   */
  public int[] auxiliarySet(int i) {
    int s = topkOffsets[i];
    int e = topkOffsets[i + 1];
    int src = sources[i];
    int pos = Arrays.binarySearch(topkNodes, s, e, src);
    if (pos >= 0) {
      return Arrays.copyOfRange(topkNodes, s, e);
    }
    int ins = -pos - 1;
    int[] out = new int[e - s + 1];
    System.arraycopy(topkNodes, s, out, 0, ins - s);
    out[ins - s] = src;
    System.arraycopy(topkNodes, ins, out, ins - s + 1, e - ins);
    return out;
  }

  /** Total number of stored output-set entries. */
  public long numOutputEntries() {
    long c = 0;
    for (int[] r : outputCols) {
      c += r.length;
    }
    return c;
  }
  /**
   * The row blocks of consecutive row ranges of one output set ({@link PprPush#computeRows}) stacked
   * in order into the matrix of the whole set: identical to computing it at once. O(total entries).
   *
   * @throws IllegalArgumentException for no blocks or blocks over different graphs
   */
  public static PprMatrix concat(java.util.List<PprMatrix> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("no PPR row blocks to concatenate");
    }
    int n = blocks.get(0).numNodes();
    int rows = 0;
    long entries = 0;
    long pushed = 0;
    for (PprMatrix b : blocks) {
      if (b.numNodes() != n) {
        throw new IllegalArgumentException("PPR row blocks over " + n + " and " + b.numNodes()
            + " nodes cannot be concatenated");
      }
      rows += b.numRows();
      entries += b.topkNodes().length;
      pushed += b.pushedEntries();
    }
    if (entries > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(entries + " top-k entries exceed 2^31");
    }
    int[] src = new int[rows];
    int[] off = new int[rows + 1];
    int[] nodes = new int[(int) entries];
    double[] vals = new double[(int) entries];
    int[][] oc = new int[rows][];
    double[][] ov = new double[rows][];
    int r = 0;
    int w = 0;
    for (PprMatrix b : blocks) {
      int m = b.numRows();
      System.arraycopy(b.sources(), 0, src, r, m);
      System.arraycopy(b.outputCols(), 0, oc, r, m);
      System.arraycopy(b.outputValues(), 0, ov, r, m);
      int len = b.topkNodes().length;
      System.arraycopy(b.topkNodes(), 0, nodes, w, len);
      System.arraycopy(b.topkValues(), 0, vals, w, len);
      for (int i = 0; i < m; i++) {
        off[r + i + 1] = w + b.topkOffsets()[i + 1];
      }
      r += m;
      w += len;
    }
    return new PprMatrix(n, src, off, nodes, vals, oc, ov, pushed);
  }
}
