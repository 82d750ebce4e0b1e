package io.github.ibmb4j.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PprPushTest {

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

  /** Exact PPR rows pi_s = alpha e_s (I - (1-alpha) P)^-1, P = D^-1 (A+I), by Gaussian elimination. */
  static double[][] exactPpr(CsrGraph g, double alpha) {
    int n = g.numNodes();
    // Solve X (I - (1-a) P) = a I  <=>  (I - (1-a) P)^T X^T = a I
    double[][] m = new double[n][2 * n];
    for (int u = 0; u < n; u++) {
      int d = g.degree(u);
      for (int v : g.neighbors(u)) {
        m[v][u] -= (1 - alpha) / d; // transpose
      }
      m[u][u] += 1;
      m[u][n + u] = alpha;
    }
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int rr = c + 1; rr < n; rr++) {
        if (Math.abs(m[rr][c]) > Math.abs(m[piv][c])) {
          piv = rr;
        }
      }
      double[] tmp = m[c];
      m[c] = m[piv];
      m[piv] = tmp;
      for (int rr = 0; rr < n; rr++) {
        if (rr != c && m[rr][c] != 0) {
          double f = m[rr][c] / m[c][c];
          for (int k = c; k < 2 * n; k++) {
            m[rr][k] -= f * m[c][k];
          }
        }
      }
    }
    double[][] pi = new double[n][n]; // pi[s][v]
    for (int v = 0; v < n; v++) {
      for (int s = 0; s < n; s++) {
        pi[s][v] = m[v][n + s] / m[v][v];
      }
    }
    return pi;
  }

  @Test
  void pushIsWithinTheErrorBoundOfExactPpr() {
    for (long seed = 1; seed <= 12; seed++) {
      int n = 20 + (int) (seed * 5);
      CsrGraph g = randomGraph(n, 2 * n, seed);
      double alpha = seed % 2 == 0 ? 0.25 : 0.15;
      double eps = seed % 3 == 0 ? 1e-2 : 1e-3;
      double[][] exact = exactPpr(g, alpha);
      PprPush push = new PprPush(alpha, eps, 5);
      double worst = 0;
      for (int s = 0; s < n; s++) {
        assertThat(Arrays.stream(exact[s]).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        double[] p = push.pushDense(g, s)[0];
        for (int v = 0; v < n; v++) {
          double err = exact[s][v] - p[v];
          // 0 <= pi - p < eps * deg(v)  (one-sided, see the PprPush Javadoc)
          assertThat(err).as("seed %d, s %d, v %d", seed, s, v).isGreaterThan(-1e-12);
          assertThat(err).as("seed %d, s %d, v %d", seed, s, v).isLessThan(eps * g.degree(v));
          worst = Math.max(worst, err / (eps * g.degree(v)));
        }
      }
      // the bound is not vacuous: the push does leave some error of that order
      assertThat(worst).isGreaterThan(0.0);
    }
  }

  /** §1.2 literally: dense p, r, an explicit in-stack flag per node, LIFO stack. */
  static double[][] flagPush(CsrGraph g, int s, double alpha, double eps) {
    int n = g.numNodes();
    double[] p = new double[n];
    double[] r = new double[n];
    boolean[] inStack = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    r[s] = alpha;
    stack[top++] = s;
    inStack[s] = true;
    while (top > 0) {
      int u = stack[--top];
      inStack[u] = false;
      double res = r[u];
      p[u] += res;
      r[u] = 0;
      double m = (1 - alpha) * res / g.degree(u);
      for (int v : g.neighbors(u)) {
        r[v] += m;
        if (!inStack[v] && r[v] >= alpha * eps * g.degree(v)) {
          stack[top++] = v;
          inStack[v] = true;
        }
      }
    }
    return new double[][] {p, r};
  }

  @Test
  void flagFreeStackTestIsBitIdenticalToTheFlagVersion() {
    // the production loop replaces the in-stack flags by the threshold-crossing test (see pushFrom)
    for (long seed = 1; seed <= 6; seed++) {
      CsrGraph g = randomGraph(400, 400 * (int) seed, seed);
      PprPush push = new PprPush(0.25, 2e-4, 16);
      for (int s = 0; s < 400; s += 7) {
        double[][] a = push.pushDense(g, s);
        double[][] b = flagPush(g, s, 0.25, 2e-4);
        assertThat(a[0]).isEqualTo(b[0]);
        assertThat(a[1]).isEqualTo(b[1]);
      }
    }
    // a hub source whose own threshold exceeds alpha (eps * deg > 1) is still handled exactly
    int n = 60;
    int[] src = new int[n - 1];
    int[] dst = new int[n - 1];
    for (int i = 1; i < n; i++) {
      src[i - 1] = 0;
      dst[i - 1] = i;
    }
    CsrGraph star = GraphOps.withSelfLoops(GraphBuilder.fromEdges(n, src, dst, true));
    PprPush hub = new PprPush(0.25, 0.05, 4);
    assertThat(hub.pushDense(star, 0)[0]).isEqualTo(flagPush(star, 0, 0.25, 0.05)[0]);
  }

  @Test
  void scaledMassIsConserved() {
    CsrGraph g = randomGraph(300, 900, 7);
    for (double alpha : new double[] {0.1, 0.25, 0.5}) {
      PprPush push = new PprPush(alpha, 1e-3, 16);
      for (int s = 0; s < 300; s += 17) {
        double[][] pr = push.pushDense(g, s);
        double sp = Arrays.stream(pr[0]).sum();
        double sr = Arrays.stream(pr[1]).sum();
        assertThat(sp + sr / alpha).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // termination condition: every residual is below the threshold
        for (int v = 0; v < 300; v++) {
          assertThat(pr[1][v]).isLessThan(alpha * 1e-3 * g.degree(v));
        }
      }
    }
  }

  @Test
  void matrixRowsAgreeWithDensePushTopkAndOutputEntries() {
    CsrGraph g = randomGraph(400, 1600, 3);
    int[] sources = {5, 17, 0, 399, 120, 121, 250};
    PprPush push = new PprPush(0.25, 1e-4, 8);
    PprMatrix m = push.compute(g, sources, ProgressListener.NONE);
    int[] outPos = new int[400];
    Arrays.fill(outPos, -1);
    for (int i = 0; i < sources.length; i++) {
      outPos[sources[i]] = i;
    }
    long pushed = 0;
    for (int i = 0; i < sources.length; i++) {
      double[] p = push.pushDense(g, sources[i])[0];
      Integer[] order = new Integer[400];
      for (int v = 0; v < 400; v++) {
        order[v] = v;
        if (p[v] > 0) {
          pushed++;
        }
      }
      Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
      int[] expect = Arrays.stream(order).limit(8).filter(v -> p[v] > 0).mapToInt(x -> x).sorted().toArray();
      assertThat(m.topkRow(i)).containsExactly(expect);
      for (int q = m.topkOffsets()[i]; q < m.topkOffsets()[i + 1]; q++) {
        assertThat(m.topkValues()[q]).isEqualTo(p[m.topkNodes()[q]]);
      }
      int[] cols = m.outputCols()[i];
      for (int j = 0; j < cols.length; j++) {
        assertThat(cols[j]).isNotEqualTo(i);
        if (j > 0) {
          assertThat(cols[j]).isGreaterThan(cols[j - 1]);
        }
        assertThat(m.outputValues()[i][j]).isEqualTo(p[sources[cols[j]]]);
      }
      long expectOut = Arrays.stream(sources).filter(s -> p[s] > 0).count() - 1;
      assertThat(cols.length).isEqualTo((int) expectOut);
      assertThat(m.auxiliarySet(i)).contains(sources[i]).isSorted();
    }
    assertThat(m.pushedEntries()).isEqualTo(pushed);
  }

  @Test
  void topkIsMonotoneInK() {
    CsrGraph g = randomGraph(500, 2000, 11);
    int[] sources = new SplittableRandom(4).ints(0, 500).distinct().limit(60).toArray();
    PprMatrix small = new PprPush(0.25, 2e-4, 4).compute(g, sources, ProgressListener.NONE);
    PprMatrix large = new PprPush(0.25, 2e-4, 16).compute(g, sources, ProgressListener.NONE);
    for (int i = 0; i < sources.length; i++) {
      assertThat(large.topkRow(i)).contains(small.topkRow(i));
      assertThat(small.topkRow(i).length).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void sameResultWithOneAndTwoThreads() {
    CsrGraph g = randomGraph(3000, 12000, 9);
    int[] sources = new SplittableRandom(5).ints(0, 3000).distinct().limit(1500).toArray();
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      PprMatrix a = new PprPush(0.25, 2e-4, 16).compute(g, sources, ProgressListener.NONE);
      Parallel.setThreads(2);
      PprMatrix b = new PprPush(0.25, 2e-4, 16).compute(g, sources, ProgressListener.NONE);
      assertThat(b.topkOffsets()).isEqualTo(a.topkOffsets());
      assertThat(b.topkNodes()).isEqualTo(a.topkNodes());
      assertThat(b.topkValues()).isEqualTo(a.topkValues());
      assertThat(b.outputCols()).isDeepEqualTo(a.outputCols());
      assertThat(b.outputValues()).isDeepEqualTo(a.outputValues());
      assertThat(b.pushedEntries()).isEqualTo(a.pushedEntries());
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> new PprPush(0, 1e-4, 4)).hasMessageContaining("alpha is 0");
    assertThatThrownBy(() -> new PprPush(0.2, 0, 4)).hasMessageContaining("eps is 0");
    CsrGraph noLoops = GraphBuilder.fromEdges(3, new int[] {0}, new int[] {1}, true);
    assertThatThrownBy(() -> new PprPush(0.2, 1e-3, 2).compute(noLoops, new int[] {0}, ProgressListener.NONE))
        .hasMessageContaining("node 2 has no entries");
    CsrGraph g = randomGraph(10, 20, 1);
    assertThatThrownBy(() -> new PprPush(0.2, 1e-3, 2).compute(g, new int[] {1, 1}, ProgressListener.NONE))
        .hasMessageContaining("appears twice");
  }
}
