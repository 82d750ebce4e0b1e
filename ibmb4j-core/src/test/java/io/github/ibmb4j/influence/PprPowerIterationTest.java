package io.github.ibmb4j.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PprPowerIterationTest {

  static CsrGraph randomGraph(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] s = new int[m];
    int[] t = new int[m];
    for (int i = 0; i < m; i++) {
      s[i] = r.nextInt(n);
      t[i] = r.nextInt(n);
    }
    return GraphOps.withSelfLoops(GraphBuilder.fromEdges(n, s, t, true));
  }

  /** α(I − (1−α)D⁻¹A)⁻¹ x₀ by Gaussian elimination with partial pivoting (the exact fixed point). */
  static double[] exactPpr(CsrGraph g, int[] set, double alpha) {
    int n = g.numNodes();
    double[][] m = new double[n][n + 1];
    for (int u = 0; u < n; u++) {
      m[u][u] = 1;
      int d = g.degree(u);
      for (int v : g.neighbors(u)) {
        m[u][v] -= (1 - alpha) / d;
      }
    }
    for (int v : set) {
      m[v][n] += alpha / set.length;
    }
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
          piv = r;
        }
      }
      double[] t = m[c];
      m[c] = m[piv];
      m[piv] = t;
      for (int r = 0; r < n; r++) {
        if (r != c && m[r][c] != 0) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k <= n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int u = 0; u < n; u++) {
      x[u] = m[u][n] / m[u][u];
    }
    return x;
  }

  @Property(tries = 30)
  void matchesDenseSolveWithinThePowerIterationBound(@ForAll @IntRange(min = 2, max = 40) int n,
      @ForAll @IntRange(min = 0, max = 30) int iterations, @ForAll @LongRange(min = 0, max = 99) long seed) {
    CsrGraph g = randomGraph(n, 2 * n, seed);
    double alpha = 0.1 + (seed % 5) * 0.1;
    int[] set = new SplittableRandom(seed + 1).ints(0, n).distinct().limit(Math.min(n, 1 + seed % 3))
        .sorted().toArray();
    var ppr = new PprPowerIteration(alpha, iterations, 4);
    double[] x = ppr.scores(g, new int[][] {set});
    double[] exact = exactPpr(g, set, alpha);
    double bound = Math.pow(1 - alpha, iterations) / set.length + 1e-12;
    for (int u = 0; u < n; u++) {
      assertThat(Math.abs(x[u] - exact[u])).as("node %d", u).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void convergesToTheFixedPoint() {
    CsrGraph g = randomGraph(30, 60, 5);
    int[] set = {3, 17};
    double[] x = new PprPowerIteration(0.25, 200, 1).scores(g, new int[][] {set});
    double[] exact = exactPpr(g, set, 0.25);
    for (int u = 0; u < 30; u++) {
      assertThat(x[u]).isCloseTo(exact[u], org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void aBlockOfThreeEqualsThreeSingleRuns() {
    CsrGraph g = randomGraph(300, 900, 8);
    int[][] sets = {{1, 2, 3}, {100}, {5, 250, 299, 7}};
    var ppr = new PprPowerIteration(0.25, 20, 3);
    double[] block = ppr.scores(g, sets);
    for (int i = 0; i < 3; i++) {
      double[] single = ppr.scores(g, new int[][] {sets[i]});
      for (int u = 0; u < 300; u++) {
        assertThat(block[u * 3 + i]).isEqualTo(single[u]);
      }
    }
    // Top-k over blocks of different widths agrees too.
    int[][] a = new PprPowerIteration(0.25, 20, 1).topK(g, sets, 10);
    int[][] b = new PprPowerIteration(0.25, 20, 2).topK(g, sets, 10);
    assertThat(b).isDeepEqualTo(a);
  }

  @Test
  void threadCountDoesNotChangeAnyBit() {
    CsrGraph g = randomGraph(5000, 20000, 9);
    int[][] sets = {{1, 2, 3}, {4000}, {17, 18}};
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      double[] one = new PprPowerIteration(0.25, 30, 3).scores(g, sets);
      Parallel.setThreads(2);
      double[] two = new PprPowerIteration(0.25, 30, 3).scores(g, sets);
      assertThat(two).isEqualTo(one);
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void topKKeepsPositiveScoresOnlyOrderedWithSmallerIdsFirstOnTies() {
    // Path 0-1-2 and a separate path 3-4 (all with self-loops): teleport to {1} gives 0 and 2 equal
    // scores, and 3, 4 score zero.
    CsrGraph g = GraphOps.withSelfLoops(
        GraphBuilder.fromEdges(5, new int[] {0, 1, 3}, new int[] {1, 2, 4}, true));
    var ppr = new PprPowerIteration(0.25, 50, 8);
    int[][] top = ppr.topK(g, new int[][] {{1}}, 10);
    assertThat(top[0]).containsExactly(1, 0, 2);
    assertThat(ppr.topK(g, new int[][] {{1}}, 2)[0]).containsExactly(1, 0);
    assertThat(ppr.topK(g, new int[][] {{1}}, 0)[0]).isEmpty();
    assertThat(PprPowerIteration.topOfColumn(new double[] {0.5, 0.2, 0.5, 0, 0.2}, 4))
        .containsExactly(0, 2, 1, 4);
  }

  @Test
  void badInputNamesTheValue() {
    CsrGraph g = randomGraph(10, 20, 1);
    assertThatThrownBy(() -> new PprPowerIteration(0, 50, 1)).hasMessageContaining("alpha is 0.0");
    assertThatThrownBy(() -> new PprPowerIteration(0.25, -1, 1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new PprPowerIteration(0.25, 5, 0)).hasMessageContaining("block size is 0");
    var ppr = PprPowerIteration.defaults();
    assertThatThrownBy(() -> ppr.topK(g, new int[][] {{}}, 3)).hasMessageContaining("set 0 is empty");
    assertThatThrownBy(() -> ppr.topK(g, new int[][] {{12}}, 3)).hasMessageContaining("node 12");
  }
}
