package io.github.ibmb4j.batching.ibmb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.influence.PprMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The fast merging kernels against a naive, list-based re-statement of §1.3 on random instances. */
class MergingReferenceTest {

  /** A random output-set PPR matrix; values on a coarse grid so that ties are frequent. */
  static PprMatrix randomMatrix(int n, double density, SplittableRandom r) {
    int[][] cols = new int[n][];
    double[][] vals = new double[n][];
    int k = 3;
    int[] off = new int[n + 1];
    int[] topk = new int[n * k];
    double[] topv = new double[n * k];
    int numNodes = 3 * n + 5;
    for (int i = 0; i < n; i++) {
      List<Integer> c = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i && r.nextDouble() < density) {
          c.add(j);
        }
      }
      cols[i] = c.stream().mapToInt(x -> x).toArray();
      vals[i] = new double[cols[i].length];
      for (int q = 0; q < vals[i].length; q++) {
        vals[i][q] = (1 + r.nextInt(5)) / 64.0;
      }
      TreeSet<Integer> t = new TreeSet<>();
      while (t.size() < k) {
        t.add(r.nextInt(numNodes));
      }
      int w = i * k;
      for (int x : t) {
        topk[w] = x;
        topv[w] = 0.1;
        w++;
      }
      off[i + 1] = w;
    }
    int[] sources = new int[n];
    for (int i = 0; i < n; i++) {
      sources[i] = 3 * i;
    }
    return new PprMatrix(numNodes, sources, off, topk, topv, cols, vals, 0);
  }

  /** Naive pairs: dense S = M + M^T, strict lower triangle, sorted by (value desc, row, col). */
  static List<double[]> naivePairs(PprMatrix m) {
    int n = m.numRows();
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < m.outputCols()[i].length; q++) {
        int j = m.outputCols()[i][q];
        s[i][j] += m.outputValues()[i][q];
        s[j][i] += m.outputValues()[i][q];
      }
    }
    List<double[]> pairs = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        if (s[a][b] > 0) {
          pairs.add(new double[] {a, b, s[a][b]});
        }
      }
    }
    pairs.sort(Comparator.<double[]>comparingDouble(p -> -p[2]).thenComparingDouble(p -> p[0])
        .thenComparingDouble(p -> p[1]));
    return pairs;
  }

  /** §1.3 steps 3-4 with plain lists and relabelling, no union-find. */
  static List<List<Integer>> naiveOutputMerge(List<double[]> pairs, int n, int cap) {
    List<List<Integer>> groups = new ArrayList<>();
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>(List.of(i)));
      g[i] = i;
    }
    for (double[] p : pairs) {
      int id1 = g[(int) p[0]];
      int id2 = g[(int) p[1]];
      if (id1 > id2) {
        int t = id1;
        id1 = id2;
        id2 = t;
      }
      if (id1 == id2 || groups.get(id1).size() + groups.get(id2).size() > cap) {
        continue;
      }
      for (int x : groups.get(id2)) {
        g[x] = id1;
      }
      groups.get(id1).addAll(groups.get(id2));
      groups.set(id2, null);
    }
    List<List<Integer>> live = new ArrayList<>();
    for (List<Integer> l : groups) {
      if (l != null) {
        live.add(l);
      }
    }
    Comparator<List<Integer>> bySizeThenMin = Comparator.<List<Integer>>comparingInt(List::size)
        .thenComparingInt(l -> l.stream().mapToInt(x -> x).min().orElseThrow());
    while (live.size() > 1) {
      live.sort(bySizeThenMin);
      List<Integer> a = live.get(0);
      List<Integer> b = live.get(1);
      if (a.size() + b.size() > cap) {
        break;
      }
      List<Integer> m = new ArrayList<>(a);
      m.addAll(b);
      live.remove(1);
      live.remove(0);
      live.add(m);
    }
    return canonical(live);
  }

  /** The auxiliary-oriented variant, naively with sets. */
  static List<List<Integer>> naiveAuxMerge(List<double[]> pairs, int[][] aux, int max) {
    int n = aux.length;
    List<List<Integer>> groups = new ArrayList<>();
    List<TreeSet<Integer>> gaux = new ArrayList<>();
    List<TreeSet<Integer>> failed = new ArrayList<>();
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>(List.of(i)));
      TreeSet<Integer> s = new TreeSet<>();
      for (int x : aux[i]) {
        s.add(x);
      }
      gaux.add(s);
      failed.add(new TreeSet<>());
      g[i] = i;
    }
    for (double[] p : pairs) {
      int id1 = g[(int) p[0]];
      int id2 = g[(int) p[1]];
      if (id1 > id2) {
        int t = id1;
        id1 = id2;
        id2 = t;
      }
      if (id1 == id2 || failed.get(id1).contains(id2)) {
        continue;
      }
      TreeSet<Integer> u = new TreeSet<>(gaux.get(id1));
      u.addAll(gaux.get(id2));
      boolean ok = gaux.get(id1).size() + gaux.get(id2).size() <= 1.0005 * max || u.size() <= max;
      if (!ok) {
        failed.get(id1).add(id2);
        continue;
      }
      for (int x : groups.get(id2)) {
        g[x] = id1;
      }
      groups.get(id1).addAll(groups.get(id2));
      gaux.set(id1, u);
      failed.get(id1).addAll(failed.get(id2));
      groups.set(id2, null);
    }
    List<List<Integer>> live = new ArrayList<>();
    List<TreeSet<Integer>> liveAux = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (groups.get(i) != null) {
        live.add(groups.get(i));
        liveAux.add(gaux.get(i));
      }
    }
    while (live.size() > 1) {
      Integer[] ord = new Integer[live.size()];
      for (int i = 0; i < ord.length; i++) {
        ord[i] = i;
      }
      final List<List<Integer>> lv = live;
      final List<TreeSet<Integer>> la = liveAux;
      Arrays.sort(ord, Comparator.<Integer>comparingInt(i -> la.get(i).size())
          .thenComparingInt(i -> lv.get(i).stream().mapToInt(x -> x).min().orElseThrow()));
      TreeSet<Integer> u = new TreeSet<>(liveAux.get(ord[0]));
      u.addAll(liveAux.get(ord[1]));
      if (u.size() > max) {
        break;
      }
      List<Integer> m = new ArrayList<>(live.get(ord[0]));
      m.addAll(live.get(ord[1]));
      int hi = Math.max(ord[0], ord[1]);
      int lo = Math.min(ord[0], ord[1]);
      live.remove(hi);
      live.remove(lo);
      liveAux.remove(hi);
      liveAux.remove(lo);
      live.add(m);
      liveAux.add(u);
    }
    return canonical(live);
  }

  static List<List<Integer>> canonical(List<List<Integer>> groups) {
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> l : groups) {
      List<Integer> s = new ArrayList<>(l);
      s.sort(null);
      out.add(s);
    }
    out.sort(Comparator.comparingInt(l -> l.get(0)));
    return out;
  }

  static List<List<Integer>> asLists(int[][] groups) {
    List<List<Integer>> out = new ArrayList<>();
    for (int[] g : groups) {
      out.add(Arrays.stream(g).boxed().toList());
    }
    return out;
  }

  @Test
  void pairsMatchTheDenseDefinition() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 100; trial++) {
      PprMatrix m = randomMatrix(1 + r.nextInt(40), r.nextDouble() * 0.5, r);
      AffinityPairs fast = AffinityPairs.of(m);
      List<double[]> naive = naivePairs(m);
      assertThat(fast.size()).isEqualTo(naive.size());
      for (int i = 0; i < naive.size(); i++) {
        assertThat(fast.rows()[i]).isEqualTo((int) naive.get(i)[0]);
        assertThat(fast.cols()[i]).isEqualTo((int) naive.get(i)[1]);
        assertThat(fast.values()[i]).isEqualTo(naive.get(i)[2]);
      }
    }
  }

  @Test
  void outputMergeMatchesNaiveRestatement() {
    SplittableRandom r = new SplittableRandom(2);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(60);
      PprMatrix m = randomMatrix(n, r.nextDouble() * 0.3, r);
      int cap = 1 + r.nextInt(Math.max(1, n / 2 + 1));
      List<List<Integer>> expect = naiveOutputMerge(naivePairs(m), n, cap);
      OutputMerging.Groups got = OutputMerging.merge(AffinityPairs.of(m), n, cap);
      assertThat(asLists(got.groups())).as("trial %d, n %d, cap %d", trial, n, cap).isEqualTo(expect);
      for (int[] g : got.groups()) {
        assertThat(g.length).isLessThanOrEqualTo(cap);
      }
    }
  }

  @Test
  void auxMergeMatchesNaiveRestatement() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(40);
      PprMatrix m = randomMatrix(n, r.nextDouble() * 0.3, r);
      int[][] aux = new int[n][];
      for (int i = 0; i < n; i++) {
        aux[i] = m.auxiliarySet(i);
      }
      int max = 4 + r.nextInt(3 * n + 4);
      List<List<Integer>> expect = naiveAuxMerge(naivePairs(m), aux, max);
      OutputMerging.Groups got = AuxiliaryMerging.merge(AffinityPairs.of(m), aux, max);
      assertThat(asLists(got.groups())).as("trial %d, n %d, max %d", trial, n, max).isEqualTo(expect);
    }
  }

  @Test
  void capNormalisationMatchesTheReferenceExamples() {
    assertThat(NodeWiseIbmbOptions.normalizedCap(90941, 9000)).isEqualTo(8268);
    assertThat(NodeWiseIbmbOptions.normalizedCap(29799, 18000)).isEqualTo(14900);
    assertThat(NodeWiseIbmbOptions.normalizedCap(48603, 18000)).isEqualTo(16201);
    assertThat(NodeWiseIbmbOptions.normalizedCap(140, 9000)).isEqualTo(140);
    assertThat(NodeWiseIbmbOptions.normalizedCap(10, 3)).isEqualTo(3);
  }
}
