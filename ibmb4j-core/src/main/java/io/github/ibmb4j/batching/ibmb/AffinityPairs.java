package io.github.ibmb4j.batching.ibmb;

import io.github.ibmb4j.influence.PprMatrix;

/**
 * Pairwise output-node affinities of node-wise IBMB (§1.3 step 2): with M[i, j] = π_{out_i}(out_j),
 * the strict lower triangle (row &gt; col) of S = M + Mᵀ, sorted by value descending.
 *
 * <p>// Deviation from the reference: ties are broken deterministically by (row, col) ascending (the
 * official code uses an unstable argsort, §5.2 item 11). Construction is O(nnz(M)) (a counting sort
 * for Mᵀ and a per-row merge), then a stable LSD radix sort (16-bit digits) on the 64-bit value keys, O(4·pairs + 4·2^16),
 * which keeps the (row, col) order among equal values. Deterministic, single-threaded.
 *
 * @param rows row (larger index) of each pair, positions into the output set
 * @param cols column (smaller index) of each pair
 * @param values S[row, col] &gt; 0
 */
public record AffinityPairs(int[] rows, int[] cols, double[] values) {

  /** Number of pairs. */
  public int size() {
    return rows.length;
  }

  /**
   * The share of the total pair affinity that lies within groups: Σ S[row, col] over pairs whose
   * endpoints have the same {@code groupOfRow} entry, divided by Σ S over all pairs; 1.0 without
   * pairs. It measures how much of the output nodes' mutual PPR influence a grouping keeps together
   * (what the greedy merge maximises under its size cap). O(pairs).
   *
   * @param groupOfRow group (e.g. batch index) of every output position
   */
  public double fractionWithin(int[] groupOfRow) {
    double inside = 0;
    double total = 0;
    for (int t = 0; t < rows.length; t++) {
      total += values[t];
      if (groupOfRow[rows[t]] == groupOfRow[cols[t]]) {
        inside += values[t];
      }
    }
    return total > 0 ? inside / total : 1.0;
  }

  /** Builds the sorted pairs from the output-set entries of {@code ppr}. */
  public static AffinityPairs of(PprMatrix ppr) {
    int n = ppr.numRows();
    int[][] mc = ppr.outputCols();
    double[][] mv = ppr.outputValues();
    // Upper entries M[b][a] (a > b) go to lower row a as (col b); filled in b order => sorted.
    int[] cnt = new int[n + 1];
    long total = 0;
    for (int b = 0; b < n; b++) {
      for (int a : mc[b]) {
        if (a > b) {
          cnt[a + 1]++;
        }
      }
      total += mc[b].length;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(total + " output-set PPR entries exceed 2^31 pairs; "
          + "raise eps or split the output set");
    }
    for (int a = 0; a < n; a++) {
      cnt[a + 1] += cnt[a];
    }
    int[] upCol = new int[cnt[n]];
    double[] upVal = new double[cnt[n]];
    int[] cursor = java.util.Arrays.copyOf(cnt, n);
    for (int b = 0; b < n; b++) {
      int[] c = mc[b];
      double[] v = mv[b];
      for (int q = 0; q < c.length; q++) {
        int a = c[q];
        if (a > b) {
          int w = cursor[a]++;
          upCol[w] = b;
          upVal[w] = v[q];
        }
      }
    }
    int[] pr = new int[(int) total];
    int[] pc = new int[(int) total];
    double[] pv = new double[(int) total];
    int w = 0;
    for (int a = 0; a < n; a++) {
      int[] c = mc[a];
      double[] v = mv[a];
      int x = 0;
      int xe = c.length;
      int y = cnt[a];
      int ye = cnt[a + 1];
      while (true) {
        int cx = x < xe && c[x] < a ? c[x] : Integer.MAX_VALUE;
        int cy = y < ye ? upCol[y] : Integer.MAX_VALUE;
        if (cx == Integer.MAX_VALUE && cy == Integer.MAX_VALUE) {
          break;
        }
        pr[w] = a;
        if (cx < cy) {
          pc[w] = cx;
          pv[w] = v[x++];
        } else if (cy < cx) {
          pc[w] = cy;
          pv[w] = upVal[y++];
        } else {
          pc[w] = cx;
          pv[w] = v[x++] + upVal[y++];
        }
        w++;
      }
    }
    return sortDescending(java.util.Arrays.copyOf(pr, w), java.util.Arrays.copyOf(pc, w),
        java.util.Arrays.copyOf(pv, w));
  }

  /** Stable sort of (row, col)-ordered pairs by value descending (LSD radix on ~bits). */
  static AffinityPairs sortDescending(int[] r, int[] c, double[] v) {
    int m = r.length;
    long[] key = new long[m];
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) {
      // values are > 0, so raw bits grow with the value; ~bits (unsigned) therefore sorts descending
      key[i] = ~Double.doubleToRawLongBits(v[i]);
      idx[i] = i;
    }
    long[] key2 = new long[m];
    int[] idx2 = new int[m];
    // 16-bit digits: at most 4 passes; a pass whose digit is constant is skipped
    int[] count = new int[(1 << 16) + 1];
    for (int shift = 0; shift < 64; shift += 16) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < m; i++) {
        count[(int) ((key[i] >>> shift) & 0xffff) + 1]++;
      }
      if (m == 0 || count[(int) ((key[0] >>> shift) & 0xffff) + 1] == m) {
        continue;
      }
      for (int b = 0; b < (1 << 16); b++) {
        count[b + 1] += count[b];
      }
      for (int i = 0; i < m; i++) {
        int b = (int) ((key[i] >>> shift) & 0xffff);
        int p = count[b]++;
        key2[p] = key[i];
        idx2[p] = idx[i];
      }
      long[] tk = key;
      key = key2;
      key2 = tk;
      int[] ti = idx;
      idx = idx2;
      idx2 = ti;
    }
    int[] sr = new int[m];
    int[] sc = new int[m];
    double[] sv = new double[m];
    for (int i = 0; i < m; i++) {
      int j = idx[i];
      sr[i] = r[j];
      sc[i] = c[j];
      sv[i] = v[j];
    }
    return new AffinityPairs(sr, sc, sv);
  }
}
