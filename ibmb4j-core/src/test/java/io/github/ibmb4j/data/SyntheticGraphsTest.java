package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SyntheticGraphsTest {

  private static SyntheticGraphs.Options small(long seed) {
    return SyntheticGraphs.Options.ofNodes(3000).withSeed(seed);
  }

  @Test
  void smallGraphHasTheRequestedShape() {
    Dataset d = SyntheticGraphs.generate(small(1), ProgressListener.NONE);
    CsrGraph g = d.graph();
    assertThat(d.numNodes()).isEqualTo(3000);
    assertThat(GraphOps.isSymmetric(g)).isTrue();
    assertThat(GraphOps.countSelfLoops(g)).isZero();
    assertThat(GraphOps.countIsolated(g)).isZero();
    long e = GraphOps.undirectedEdgeCount(g);
    long target = small(1).edges();
    assertThat(e).isBetween(target, target + 300);
    assertThat(GraphOps.edgeHomophily(g, d.labels())).isBetween(0.62, 0.68);
    assertThat(d.features().dim()).isEqualTo(128);
    assertThat(d.numClasses()).isEqualTo(40);
    Split s = d.split();
    assertThat(s.train().length + s.val().length + s.test().length).isEqualTo(3000);
  }

  @Test
  void inInterClassEdgesMostGoToTheTwin() {
    Dataset d = SyntheticGraphs.generate(small(2), ProgressListener.NONE);
    CsrGraph g = d.graph();
    int[] y = d.labels();
    long inter = 0;
    long twin = 0;
    for (int u = 0; u < g.numNodes(); u++) {
      for (int v : g.neighbors(u)) {
        if (y[u] != y[v]) {
          inter++;
          if ((y[u] ^ 1) == y[v]) {
            twin++;
          }
        }
      }
    }
    assertThat((double) twin / inter).isBetween(0.85, 0.95);
  }

  @Test
  void degreesAreHeavyTailed() {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(20000), ProgressListener.NONE);
    int[] deg = GraphOps.degrees(d.graph());
    int[] s = deg.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(deg).average().orElseThrow();
    assertThat(s[s.length - 1]).isGreaterThan((int) (20 * mean));
    assertThat((double) s[s.length / 2]).isLessThan(mean);
  }

  @Test
  void sameSeedSameGraphWhateverTheThreadCount() {
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      Dataset a = SyntheticGraphs.generate(small(7), ProgressListener.NONE);
      Parallel.setThreads(2);
      Dataset b = SyntheticGraphs.generate(small(7), ProgressListener.NONE);
      assertThat(b.graph()).isEqualTo(a.graph());
      assertThat(b.labels()).isEqualTo(a.labels());
      assertThat(b.features()).isEqualTo(a.features());
      assertThat(b.split()).isEqualTo(a.split());
      Dataset c = SyntheticGraphs.generate(small(8), ProgressListener.NONE);
      assertThat(c.graph()).isNotEqualTo(a.graph());
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Property(tries = 20)
  void toCsrMatchesTheGraphBuilder(@ForAll @IntRange(min = 2, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 300) int m, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] keys = new long[m];
    int[] src = new int[m];
    int[] dst = new int[m];
    int k = 0;
    for (int i = 0; i < m; i++) {
      int u = r.nextInt(n);
      int v = r.nextInt(n);
      if (u == v) {
        continue;
      }
      keys[k] = (long) Math.min(u, v) * n + Math.max(u, v);
      src[k] = u;
      dst[k++] = v;
    }
    long[] sorted = Arrays.stream(keys, 0, k).sorted().distinct().toArray();
    CsrGraph expected = GraphBuilder.fromEdges(n, Arrays.copyOf(src, k), Arrays.copyOf(dst, k), true);
    assertThat(SyntheticGraphs.toCsr(n, sorted)).isEqualTo(expected);
  }

  @Property(tries = 50)
  void aliasTableReproducesTheWeights(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 30) int offset, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[offset + n];
    double sum = 0;
    for (int i = offset; i < offset + n; i++) {
      w[i] = r.nextInt(4) == 0 ? Math.pow(i + 1.0, -2 / 3.0) : r.nextDouble() * 10 + 1e-9;
      sum += w[i];
    }
    double[] prob = new double[offset + n];
    int[] alias = new int[offset + n];
    SyntheticGraphs.Sampler.buildAlias(w, offset, offset + n, prob, alias, new int[offset + n]);
    double[] implied = new double[offset + n];
    for (int i = offset; i < offset + n; i++) {
      assertThat(prob[i]).isBetween(0.0, 1.0 + 1e-12);
      assertThat(alias[i]).isBetween(offset, offset + n - 1);
      implied[i] += prob[i] / n;
      implied[alias[i]] += (1 - prob[i]) / n;
    }
    for (int i = offset; i < offset + n; i++) {
      assertThat(implied[i]).isCloseTo(w[i] / sum, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void parallelSortEqualsArraysSort() {
    int before = Parallel.threads();
    try {
      for (int threads : new int[] {1, 2, 3}) {
        Parallel.setThreads(threads);
        for (int m : new int[] {0, 5, (1 << 20) + 7, 3_000_001}) {
          long[] a = new SplittableRandom(m).longs(m, 0, 1L << 40).toArray();
          long[] want = a.clone();
          Arrays.sort(want);
          SyntheticGraphs.sortParallel(a);
          assertThat(a).isEqualTo(want);
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void defaultSizeIsArxivShaped() {
    Dataset d = SyntheticGraphs.generate();
    assertThat(d.numNodes()).isEqualTo(169_343);
    long e = GraphOps.undirectedEdgeCount(d.graph());
    assertThat(e).isBetween(1_170_000L, 1_172_000L);
    assertThat(GraphOps.countIsolated(d.graph())).isZero();
    assertThat(d.split().train()).hasSize(90941);
    assertThat(d.split().val()).hasSize(29799);
    assertThat(d.split().test()).hasSize(48603);
  }

  @Test
  void badOptionsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> SyntheticGraphs.Options.ofNodes(1))
        .hasMessageContaining("nodes is 1");
    assertThatThrownBy(() -> SyntheticGraphs.Options.defaults().withHomophily(1.5))
        .hasMessageContaining("homophily is 1.5");
    assertThatThrownBy(() -> SyntheticGraphs.Options.ofNodes(10).withEdges(1000))
        .hasMessageContaining("edges is 1000");
  }

  @Test
  void specSyntaxIsParsed() {
    SyntheticGraphs.Options o = Datasets.parseSynthetic("synthetic:nodes=500,seed=3,classes=4");
    assertThat(o.nodes()).isEqualTo(500);
    assertThat(o.seed()).isEqualTo(3);
    assertThat(o.classes()).isEqualTo(4);
    assertThat(o.edges()).isEqualTo(SyntheticGraphs.Options.ofNodes(500).edges());
    assertThatThrownBy(() -> Datasets.parseSynthetic("synthetic:size=3"))
        .hasMessageContaining("'size' is unknown");
  }
}
