package io.github.ibmb4j.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MultilevelPartitionerTest {

  /** Checks the structural invariants of a result and returns it. */
  static Partitioning assertWellFormed(Partitioning p, CsrGraph g, int k) {
    int n = g.numNodes();
    assertThat(p.numParts()).isEqualTo(k);
    assertThat(p.assignment()).hasSize(n);
    assertThat(p.partStart()).hasSize(k + 1);
    assertThat(p.partStart()[0]).isZero();
    assertThat(p.partStart()[k]).isEqualTo(n);
    int[] seen = new int[n];
    for (int q = 0; q < k; q++) {
      int prev = -1;
      for (int i = p.partStart()[q]; i < p.partStart()[q + 1]; i++) {
        int v = p.permutation()[i];
        assertThat(p.assignment()[v]).as("part of node %d", v).isEqualTo(q);
        assertThat(v).as("ascending within part").isGreaterThan(prev);
        prev = v;
        seen[v]++;
      }
    }
    for (int v = 0; v < n; v++) {
      assertThat(seen[v]).as("node %d in exactly one part", v).isEqualTo(1);
    }
    assertThat(p.edgeCut()).isEqualTo(bruteForceCut(g, p.assignment()));
    return p;
  }

  /** Cut by enumerating unordered pairs of stored entries (slow reference). */
  static long bruteForceCut(CsrGraph g, int[] part) {
    long c = 0;
    for (int u = 0; u < g.numNodes(); u++) {
      for (int v : g.neighbors(u)) {
        if (u < v && part[u] != part[v]) {
          c++;
        }
      }
    }
    return c;
  }

  /** The balance bound the class documents: max(tol·avg, ceil(avg) + maxNodeWeight − 1) / avg. */
  static double allowedImbalance(long total, int k, double tol, int maxVw) {
    double avg = (double) total / k;
    return Math.max(tol, (Math.ceil(avg) + maxVw - 1) / avg) + 1e-12;
  }

  @Test
  void twoCliquesJoinedByOneEdgeAreCutOnce() {
    CsrGraph g = PartitionTestGraphs.twoCliques(8);
    for (long seed = 0; seed < 5; seed++) {
      Partitioning p = assertWellFormed(MultilevelPartitioner.withSeed(seed).partition(g, 2), g, 2);
      assertThat(p.edgeCut()).isEqualTo(1);
      assertThat(p.imbalance()).isEqualTo(1.0);
      assertThat(p.assignment()[0]).isNotEqualTo(p.assignment()[15]);
    }
  }

  @Test
  void gridIntoFourPartsIsNearlyOptimal() {
    // The optimum for a 16×16 grid in 4 equal parts is 32 (two straight cuts).
    CsrGraph g = PartitionTestGraphs.grid(16, 16);
    Partitioning p = assertWellFormed(MultilevelPartitioner.withSeed(3).partition(g, 4), g, 4);
    assertThat(p.edgeCut()).isBetween(32L, 40L);
    assertThat(p.imbalance()).isLessThanOrEqualTo(1.03);
  }

  @Test
  void pathIntoTwoPartsIsCutOnce() {
    int n = 50;
    int[] s = new int[n - 1];
    int[] t = new int[n - 1];
    for (int i = 0; i < n - 1; i++) {
      s[i] = i;
      t[i] = i + 1;
    }
    CsrGraph g = GraphBuilder.fromEdges(n, s, t, true);
    Partitioning p = assertWellFormed(MultilevelPartitioner.withSeed(1).partition(g, 2), g, 2);
    assertThat(p.edgeCut()).isEqualTo(1);
  }

  @Property(tries = 25)
  void partitionIsCompleteBalancedAndBeatsRandom(@ForAll @IntRange(min = 20, max = 900) int n,
      @ForAll @IntRange(min = 1, max = 20) int k, @ForAll @LongRange(min = 0, max = 1000) long seed) {
    int parts = Math.min(k, n);
    CsrGraph g = PartitionTestGraphs.clustered(n, 1 + (int) (seed % 9), 6, seed % 2 == 0, seed);
    Partitioning p = assertWellFormed(MultilevelPartitioner.withSeed(seed).partition(g, parts), g, parts);
    assertThat(p.imbalance()).isLessThanOrEqualTo(allowedImbalance(n, parts, 1.03, 1));
    Partitioning r = new RandomPartitioner(seed).partition(g, parts);
    assertThat(p.edgeCut()).isLessThanOrEqualTo(r.edgeCut());
  }

  @Property(tries = 10)
  void nodeWeightsAreBalanced(@ForAll @IntRange(min = 50, max = 600) int n,
      @ForAll @IntRange(min = 2, max = 8) int k, @ForAll @LongRange(min = 0, max = 1000) long seed) {
    CsrGraph g = PartitionTestGraphs.clustered(n, 4, 8, false, seed);
    SplittableRandom r = new SplittableRandom(seed);
    int[] w = new int[n];
    long total = 0;
    for (int v = 0; v < n; v++) {
      w[v] = r.nextDouble() < 0.3 ? 5 : 1;
      total += w[v];
    }
    Partitioning p = MultilevelPartitioner.withSeed(seed).partition(g, k, w, null);
    assertWellFormed(p, g, k);
    assertThat(p.imbalance()).isEqualTo(PartitionQuality.imbalance(p.assignment(), k, w));
    assertThat(p.imbalance()).isLessThanOrEqualTo(allowedImbalance(total, k, 1.03, 5));
  }

  @Test
  void edgeWeightsSteerTheCut() {
    // A 4-cycle 0-1-2-3-0 where edges (0,1) and (2,3) are heavy: the best bisection cuts the two
    // light edges, keeping {0,1} and {2,3} together.
    CsrGraph g = GraphBuilder.fromEdges(4, new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 0}, true);
    int[] ew = new int[(int) g.numEntries()];
    for (int u = 0; u < 4; u++) {
      for (int v : g.neighbors(u)) {
        boolean heavy = (Math.min(u, v) == 0 && Math.max(u, v) == 1)
            || (Math.min(u, v) == 2 && Math.max(u, v) == 3);
        ew[(int) g.entryIndex(u, v)] = heavy ? 10 : 1;
      }
    }
    Partitioning p = MultilevelPartitioner.withSeed(0).partition(g, 2, null, ew);
    assertThat(p.edgeCut()).isEqualTo(2);
    assertThat(p.assignment()[0]).isEqualTo(p.assignment()[1]);
    assertThat(p.assignment()[2]).isEqualTo(p.assignment()[3]);
  }

  @Test
  void selfLoopsAreIgnored() {
    CsrGraph g = PartitionTestGraphs.clustered(400, 4, 6, true, 9);
    Partitioning a = MultilevelPartitioner.withSeed(5).partition(g, 4);
    Partitioning b = MultilevelPartitioner.withSeed(5).partition(GraphOps.withSelfLoops(g), 4);
    assertThat(b.assignment()).isEqualTo(a.assignment());
    assertThat(b.edgeCut()).isEqualTo(a.edgeCut());
  }

  @Test
  void deterministicForTheSeedWhateverTheThreadCount() {
    CsrGraph g = PartitionTestGraphs.clustered(3000, 12, 8, true, 77);
    int before = Parallel.threads();
    try {
      for (int k : new int[] {2, 5, 16}) {
        Parallel.setThreads(1);
        Partitioning one = MultilevelPartitioner.withSeed(11).partition(g, k);
        Parallel.setThreads(2);
        Partitioning two = MultilevelPartitioner.withSeed(11).partition(g, k);
        assertThat(two.assignment()).isEqualTo(one.assignment());
        Partitioning other = MultilevelPartitioner.withSeed(12).partition(g, k);
        assertWellFormed(other, g, k);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void kWayCoarseningPathIsAlsoValid() {
    CsrGraph g = PartitionTestGraphs.clustered(2000, 10, 8, true, 3);
    var opts = new MultilevelPartitioner.Options(4, 1.03, 200, 4, 10, 1);
    Partitioning p = assertWellFormed(new MultilevelPartitioner(opts).partition(g, 8), g, 8);
    assertThat(p.imbalance()).isLessThanOrEqualTo(1.03);
    assertThat(p.edgeCut()).isLessThan(new RandomPartitioner(4).partition(g, 8).edgeCut());
  }

  @Test
  void onePartAndAsManyPartsAsNodes() {
    CsrGraph g = PartitionTestGraphs.grid(3, 3);
    Partitioning one = assertWellFormed(MultilevelPartitioner.withSeed(0).partition(g, 1), g, 1);
    assertThat(one.edgeCut()).isZero();
    Partitioning all = assertWellFormed(MultilevelPartitioner.withSeed(0).partition(g, 9), g, 9);
    assertThat(all.edgeCut()).isEqualTo(12);
    assertThat(all.imbalance()).isEqualTo(1.0);
  }

  @Test
  void badInputIsRejectedWithTheValue() {
    CsrGraph g = PartitionTestGraphs.grid(3, 3);
    var p = MultilevelPartitioner.withSeed(0);
    assertThatThrownBy(() -> p.partition(g, 0)).hasMessageContaining("number of parts is 0");
    assertThatThrownBy(() -> p.partition(g, 10)).hasMessageContaining("expected 1..9");
    assertThatThrownBy(() -> p.partition(g, 2, new int[3], null)).hasMessageContaining("length 3");
    int[] neg = new int[9];
    neg[4] = -1;
    assertThatThrownBy(() -> p.partition(g, 2, neg, null)).hasMessageContaining("node 4 is -1");
    CsrGraph directed = GraphBuilder.fromEdges(3, new int[] {0}, new int[] {1}, false);
    assertThatThrownBy(() -> p.partition(directed, 2)).hasMessageContaining("not symmetric");
    assertThatThrownBy(() -> MultilevelPartitioner.Options.defaults().withImbalance(0.9))
        .hasMessageContaining("0.9");
  }

  @Test
  void qualityHelpersMatchHandComputedValues() {
    CsrGraph g = PartitionTestGraphs.twoCliques(3);
    int[] part = {0, 0, 0, 1, 1, 1};
    assertThat(PartitionQuality.edgeCut(g, part)).isEqualTo(1);
    assertThat(PartitionQuality.imbalance(part, 2, null)).isEqualTo(1.0);
    int[] lopsided = {0, 0, 0, 0, 1, 1};
    assertThat(PartitionQuality.edgeCut(g, lopsided)).isEqualTo(2);
    assertThat(PartitionQuality.imbalance(lopsided, 2, null)).isCloseTo(4.0 / 3, within());
    assertThat(Arrays.stream(PartitionQuality.partWeights(lopsided, 2, new int[] {1, 1, 1, 1, 2, 2}))
        .toArray()).containsExactly(4, 4);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  @Test
  void randomPartitionerDealsEvenly() {
    CsrGraph g = PartitionTestGraphs.clustered(1001, 3, 4, false, 1);
    Partitioning r = assertWellFormed(new RandomPartitioner(2).partition(g, 10), g, 10);
    for (int q = 0; q < 10; q++) {
      assertThat(r.partSize(q)).isBetween(100, 101);
    }
    assertThat(new RandomPartitioner(2).partition(g, 10)).isEqualTo(r);
  }

  @Test
  void awkwardGraphsStillGiveValidBalancedPartitions() {
    // No edges at all: any balanced split has cut 0.
    CsrGraph empty = GraphBuilder.fromEdges(500, new int[0], new int[0], true);
    Partitioning e = assertWellFormed(MultilevelPartitioner.withSeed(1).partition(empty, 7), empty, 7);
    assertThat(e.edgeCut()).isZero();
    assertThat(e.imbalance()).isLessThanOrEqualTo(allowedImbalance(500, 7, 1.03, 1));
    // A star: 1 hub and 999 leaves; the hub's part keeps ~1/4 of the leaves.
    int[] s = new int[999];
    int[] t = new int[999];
    for (int i = 0; i < 999; i++) {
      t[i] = i + 1;
    }
    CsrGraph star = GraphBuilder.fromEdges(1000, s, t, true);
    Partitioning st = assertWellFormed(MultilevelPartitioner.withSeed(2).partition(star, 4), star, 4);
    assertThat(st.imbalance()).isLessThanOrEqualTo(1.03);
    assertThat(st.edgeCut()).isLessThanOrEqualTo(999 - 240);
    // One node heavier than a fair part, and zero-weight nodes: the documented bound still holds.
    CsrGraph g = PartitionTestGraphs.clustered(300, 3, 6, false, 4);
    int[] w = new int[300];
    java.util.Arrays.fill(w, 1);
    w[7] = 200;
    w[8] = 0;
    w[9] = 0;
    Partitioning h = assertWellFormed(MultilevelPartitioner.withSeed(3).partition(g, 3, w, null), g, 3);
    long total = 297 + 200;
    assertThat(h.imbalance()).isLessThanOrEqualTo(allowedImbalance(total, 3, 1.03, 200));
  }
}
