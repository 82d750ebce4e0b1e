package io.github.ibmb4j.influence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void matchesFullSortWithTieBreakBySmallerId() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 500; trial++) {
      int n = r.nextInt(0, 120);
      final int k = r.nextInt(0, 70);
      int[] all = IntStream.range(0, 400).toArray();
      for (int i = all.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      int[] ids = Arrays.copyOf(all, n);
      double[] vals = new double[n];
      for (int i = 0; i < n; i++) {
        vals[i] = r.nextInt(6) / 8.0; // many ties
      }
      int[] oi = new int[Math.max(1, k)];
      double[] ov = new double[Math.max(1, k)];
      int m = TopK.select(ids, vals, n, k, oi, ov);
      Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(order, (a, b) -> vals[a] != vals[b] ? Double.compare(vals[b], vals[a])
          : Integer.compare(ids[a], ids[b]));
      int[] expect = Arrays.stream(order).limit(k).mapToInt(i -> ids[i]).sorted().toArray();
      assertThat(Arrays.copyOf(oi, m)).containsExactly(expect);
      for (int i = 0; i < m; i++) {
        final int id = oi[i];
        int pos = IntStream.range(0, n).filter(j -> ids[j] == id).findFirst().orElseThrow();
        assertThat(ov[i]).isEqualTo(vals[pos]);
      }
    }
  }
}
