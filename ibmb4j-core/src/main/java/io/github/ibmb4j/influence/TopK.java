package io.github.ibmb4j.influence;

/**
 * Selection of the k largest entries of a sparse vector, with a deterministic tie-break: a larger
 * value first, then a smaller node id (§5.2 item 11 of docs/algorithm.md: the official code's argsort
 * leaves ties arbitrary).
 *
 * <p>Algorithm: a bounded binary min-heap (worst kept entry at the root) over the candidates,
 * O(n log k) time, O(k) extra memory supplied by the caller; the result is returned sorted by node
 * id. Stateless and thread-safe; callers own the scratch arrays.
 */
public final class TopK {
  private TopK() {}

  /** Whether entry (va, ia) ranks before (vb, ib): larger value, then smaller id. */
  static boolean better(double va, int ia, double vb, int ib) {
    return va > vb || (va == vb && ia < ib);
  }

  /**
   * Selects the top {@code k} of the {@code n} entries {@code (ids[i], vals[i])}; writes them sorted by
   * id into {@code outIds}/{@code outVals} (length ≥ min(k, n)) and returns their count min(k, n).
   * Ids must be distinct.
   */
  public static int select(int[] ids, double[] vals, int n, int k, int[] outIds, double[] outVals) {
    if (k < 0) {
      throw new IllegalArgumentException("k is " + k + ", expected >= 0");
    }
    int m = Math.min(k, n);
    if (m == 0) {
      return 0;
    }
    // Heap of the m best so far; the root is the worst of them.
    int size = 0;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      double v = vals[i];
      if (size < m) {
        int c = size++;
        while (c > 0) {
          int parent = (c - 1) >>> 1;
          if (better(outVals[parent], outIds[parent], v, id)) {
            outIds[c] = outIds[parent];
            outVals[c] = outVals[parent];
            c = parent;
          } else {
            break;
          }
        }
        outIds[c] = id;
        outVals[c] = v;
      } else if (better(v, id, outVals[0], outIds[0])) {
        siftDown(outIds, outVals, m, id, v);
      }
    }
    sortById(outIds, outVals, m);
    return m;
  }

  private static void siftDown(int[] hi, double[] hv, int size, int id, double v) {
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= size) {
        break;
      }
      int w = l;
      int r = l + 1;
      // pick the worse child (the one that should be nearer the root)
      if (r < size && better(hv[l], hi[l], hv[r], hi[r])) {
        w = r;
      }
      if (better(v, id, hv[w], hi[w])) {
        hi[c] = hi[w];
        hv[c] = hv[w];
        c = w;
      } else {
        break;
      }
    }
    hi[c] = id;
    hv[c] = v;
  }

  /** Insertion sort for the usual small k, a packed sort otherwise; values stay aligned. */
  static void sortById(int[] ids, double[] vals, int m) {
    if (m <= 48) {
      for (int i = 1; i < m; i++) {
        int id = ids[i];
        double v = vals[i];
        int j = i - 1;
        while (j >= 0 && ids[j] > id) {
          ids[j + 1] = ids[j];
          vals[j + 1] = vals[j];
          j--;
        }
        ids[j + 1] = id;
        vals[j + 1] = v;
      }
      return;
    }
    long[] packed = new long[m];
    for (int i = 0; i < m; i++) {
      packed[i] = ((long) ids[i] << 32) | i;
    }
    java.util.Arrays.sort(packed);
    double[] v2 = java.util.Arrays.copyOf(vals, m);
    for (int i = 0; i < m; i++) {
      int src = (int) packed[i];
      ids[i] = (int) (packed[i] >>> 32);
      vals[i] = v2[src];
    }
  }
}
