package io.github.ibmb4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GraphOpsTest {

  /** Path 0-1-2 plus an isolated node 3 and a duplicate edge. */
  private static CsrGraph path() {
    return GraphBuilder.fromEdges(4, new int[] {0, 1, 1}, new int[] {1, 2, 2}, true);
  }

  @Test
  void builderSymmetrizesSortsAndDeduplicates() {
    CsrGraph g = path();
    assertThat(g.numEntries()).isEqualTo(4);
    assertThat(g.neighbors(1)).containsExactly(0, 2);
    assertThat(g.neighbors(3)).isEmpty();
    assertThat(GraphOps.isSymmetric(g)).isTrue();
    assertThat(GraphOps.undirectedEdgeCount(g)).isEqualTo(2);
    assertThat(GraphOps.countIsolated(g)).isEqualTo(1);
  }

  @Test
  void builderRejectsOutOfRangeIds() {
    assertThatThrownBy(() -> GraphBuilder.fromEdges(3, new int[] {0}, new int[] {3}, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node id 3").hasMessageContaining("[0, 3)");
  }

  @Test
  void constructorRejectsNonMonotoneOffsets() {
    assertThatThrownBy(() -> new CsrGraph(2, new long[] {0, 2, 1}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CsrGraph(2, new long[] {0, 2, 2}, new int[] {1, 0}))
        .hasMessageContaining("not strictly increasing");
  }

  @Test
  void selfLoopsAddedOnceAndSorted() {
    CsrGraph g = GraphOps.withSelfLoops(path());
    assertThat(g.neighbors(0)).containsExactly(0, 1);
    assertThat(g.neighbors(1)).containsExactly(0, 1, 2);
    assertThat(g.neighbors(3)).containsExactly(3);
    assertThat(GraphOps.countSelfLoops(g)).isEqualTo(4);
    assertThat(GraphOps.withSelfLoops(g)).isEqualTo(g);
    assertThat(GraphOps.withoutSelfLoops(g)).isEqualTo(path());
    assertThat(GraphOps.undirectedEdgeCount(g)).isEqualTo(2);
  }

  @Test
  void normalisationValues() {
    CsrGraph g = GraphOps.withSelfLoops(path());
    float[] rw = GraphOps.normalizedValues(g, Normalization.RW);
    // row 1 has degree 3 (self-loop included)
    assertThat(rw[2]).isEqualTo(1f / 3);
    float[] sym = GraphOps.normalizedValues(g, Normalization.SYM);
    // entry (0,1): deg 2 and 3
    assertThat(sym[1]).isCloseTo((float) (1 / Math.sqrt(6)), org.assertj.core.data.Offset.offset(1e-7f));
  }

  @Test
  void homophily() {
    CsrGraph g = path();
    assertThat(GraphOps.edgeHomophily(g, new int[] {0, 0, 1, 1})).isEqualTo(0.5);
    assertThat(GraphOps.edgeHomophily(g, new int[] {0, -1, 1, 1})).isNaN();
  }

  @Test
  void inducedSubgraphKeepsValuesAndOrder() {
    CsrGraph g = GraphOps.withSelfLoops(path());
    float[] rw = GraphOps.normalizedValues(g, Normalization.RW);
    int[] scratch = Subgraph.newScratch(4);
    Subgraph s = Subgraph.induce(g, rw, new int[] {2, 1}, scratch);
    // local 0 = global 2: neighbours 1 (local 1) and itself (local 0), sorted by local id
    assertThat(Arrays.copyOfRange(s.indices(), s.offsets()[0], s.offsets()[1])).containsExactly(0, 1);
    assertThat(s.values()[0]).isEqualTo(0.5f);
    assertThat(Arrays.copyOfRange(s.indices(), s.offsets()[1], s.offsets()[2])).containsExactly(0, 1);
    assertThat(s.values()[2]).isEqualTo(1f / 3);
    assertThat(scratch).containsOnly(-1);
    assertThatThrownBy(() -> Subgraph.induce(g, rw, new int[] {1, 1}, scratch))
        .hasMessageContaining("twice");
    assertThat(scratch).containsOnly(-1);
  }

  @Property(tries = 50)
  void inducedSubgraphMatchesNaiveDefinition(@ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(4 * n + 1);
    int[] src = new int[m];
    int[] dst = new int[m];
    for (int i = 0; i < m; i++) {
      src[i] = rnd.nextInt(n);
      dst[i] = rnd.nextInt(n);
    }
    CsrGraph g = GraphBuilder.fromEdges(n, src, dst, true);
    int[] nodes = rnd.ints(0, n).distinct().limit(rnd.nextInt(n) + 1).toArray();
    Subgraph s = Subgraph.induce(g, null, nodes, Subgraph.newScratch(n));
    for (int i = 0; i < nodes.length; i++) {
      int u = nodes[i];
      int[] expected = java.util.stream.IntStream.range(0, nodes.length)
          .filter(j -> g.hasEdge(u, nodes[j])).toArray();
      assertThat(Arrays.copyOfRange(s.indices(), s.offsets()[i], s.offsets()[i + 1]))
          .containsExactly(expected);
    }
  }

  @Test
  void permutationIsIsomorphism() {
    CsrGraph g = path();
    NodePermutation p = new NodePermutation(new int[] {3, 2, 1, 0});
    CsrGraph h = p.apply(g);
    assertThat(h.neighbors(2)).containsExactly(1, 3);
    assertThat(p.applyTo(new int[] {10, 11, 12, 13})).containsExactly(13, 12, 11, 10);
    assertThatThrownBy(() -> new NodePermutation(new int[] {0, 0}))
        .hasMessageContaining("not a permutation");
  }
}
