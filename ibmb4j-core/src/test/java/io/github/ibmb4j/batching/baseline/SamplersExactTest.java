package io.github.ibmb4j.batching.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.batching.SampledBatchSource;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The samplers against slow exact references: neighbour sampling and LADIES with budgets larger than
 * any neighbourhood equal the exact multi-hop neighbourhood blocks; bounded budgets are respected;
 * ShaDow's sub-graphs are disjoint (the deviation from the reference) so each root's prediction
 * equals the prediction on its sub-graph alone; GraphSAINT's norms are near 1 on a vertex-transitive
 * graph and its loss weights sum to one.
 */
class SamplersExactTest extends PlannerContractTest {

  @Override
  protected io.github.ibmb4j.batching.BatchPlanner planner(long seed) {
    return new FullGraphPlanner(); // the contract's own checks need a planner; samplers are below
  }

  private static CsrGraph graph() {
    return clusteredGraph(400, 5, 31);
  }

  /** Exact hop expansion: block rows = list prefix, entries = every graph entry to the next list. */
  private static void assertExactBlocks(Batch b, CsrGraph g, float[] values, int layers) {
    int[] nodes = b.nodes();
    int[] local = new int[g.numNodes()];
    Arrays.fill(local, -1);
    for (int i = 0; i < nodes.length; i++) {
      assertThat(local[nodes[i]]).as("node %d listed once", nodes[i]).isEqualTo(-1);
      local[nodes[i]] = i;
    }
    int rows = b.numOutputs();
    for (int h = 0; h < layers; h++) {
      CsrMatrix a = b.adjacency(layers - 1 - h, layers);
      assertThat(a.rows()).isEqualTo(rows);
      // the next list is exactly the prefix closed under one hop
      int cols = a.cols();
      for (int i = 0; i < rows; i++) {
        int[] nb = g.neighbors(nodes[i]);
        assertThat(a.rowPtr()[i + 1] - a.rowPtr()[i]).isEqualTo(nb.length);
        for (int q = a.rowPtr()[i], t = 0; q < a.rowPtr()[i + 1]; q++, t++) {
          int v = nodes[a.colIdx()[q]];
          assertThat(local[v]).isLessThan(cols);
          assertThat(a.values()[q]).isEqualTo(values[(int) g.entryIndex(nodes[i], v)]);
        }
        for (int v : nb) {
          assertThat(local[v]).isBetween(0, cols - 1);
        }
      }
      rows = cols;
    }
    assertThat(rows).isEqualTo(nodes.length);
  }

  @Test
  void neighbourSamplingWithLargeFanoutIsTheExactNeighbourhood() {
    CsrGraph g = graph();
    BatchMaterializer m = materializer(g, 1);
    int[] outputs = randomOutputs(400, 40, 2);
    NeighborSampler s = new NeighborSampler(m.graph(), outputs, new int[] {1000, 1000}, 3, true, 5);
    for (Batch b : new SampledBatchSource(s, m).epoch(0)) {
      assertExactBlocks(b, g, m.values(), 2);
    }
  }

  @Test
  void neighbourSamplingTakesAtMostTheFanoutDistinctNeighbours() {
    CsrGraph g = graph();
    BatchMaterializer m = materializer(g, 1);
    int[] fanout = {2, 3, 1};
    NeighborSampler s = new NeighborSampler(m.graph(), randomOutputs(400, 60, 3), fanout, 4, true, 6);
    for (Batch b : new SampledBatchSource(s, m).epoch(1)) {
      for (int h = 0; h < 3; h++) {
        CsrMatrix a = b.adjacency(2 - h, 3).validated(); // validated: distinct sorted columns
        for (int i = 0; i < a.rows(); i++) {
          int d = g.degree(b.nodes()[i]);
          assertThat(a.rowPtr()[i + 1] - a.rowPtr()[i]).isEqualTo(Math.min(d, fanout[h]));
        }
      }
    }
  }

  @Test
  void defaultFanoutScalesWithTheSquareRootOfTheMeanDegreeAndNeverDropsBelowTheReference() {
    // the reference's arxiv fan-out on arxiv-like and sparser graphs
    assertThat(NeighborSampler.defaultFanout(3, 13.7)).containsExactly(2, 3, 2);
    assertThat(NeighborSampler.defaultFanout(3, 3.9)).containsExactly(2, 3, 2); // cora
    assertThat(NeighborSampler.defaultFanout(3, 0)).containsExactly(2, 3, 2);
    assertThat(NeighborSampler.defaultFanout(2, 13.7)).containsExactly(2, 3);
    assertThat(NeighborSampler.defaultFanout(4, 13.7)).containsExactly(2, 3, 2, 2);
    // denser graphs: round(base · sqrt(d / 13.7))
    assertThat(NeighborSampler.defaultFanout(3, 35.76)).containsExactly(3, 5, 3); // amazon-computers
    assertThat(NeighborSampler.defaultFanout(3, 88.28)).containsExactly(5, 8, 5); // tolokers
    assertThat(NeighborSampler.defaultFanout(4, 492)).containsExactly(12, 18, 12, 12); // Reddit
    // monotone in the degree
    int[] prev = NeighborSampler.defaultFanout(3, 0);
    for (double d = 1; d < 2000; d *= 1.3) {
      int[] f = NeighborSampler.defaultFanout(3, d);
      for (int h = 0; h < 3; h++) {
        assertThat(f[h]).isGreaterThanOrEqualTo(prev[h]);
      }
      prev = f;
    }
    assertThatThrownBy(() -> NeighborSampler.defaultFanout(3, Double.NaN))
        .hasMessageContaining("mean degree is NaN");
    assertThatThrownBy(() -> NeighborSampler.defaultFanout(0, 10)).hasMessageContaining("layers is 0");
  }

  @Test
  void defaultFanoutOfAGraphIgnoresSelfLoops() {
    // a clique of 40 nodes: mean degree 39 without self-loops -> sqrt(39 / 13.7) = 1.69 -> [3, 5, 3]
    int[] src = new int[40 * 39];
    int[] dst = new int[40 * 39];
    int e = 0;
    for (int u = 0; u < 40; u++) {
      for (int v = 0; v < 40; v++) {
        if (u != v) {
          src[e] = u;
          dst[e++] = v;
        }
      }
    }
    CsrGraph clique = GraphBuilder.fromEdges(40, src, dst, false);
    assertThat(NeighborSampler.defaultFanout(3, clique)).containsExactly(3, 5, 3);
    assertThat(NeighborSampler.defaultFanout(3, GraphOps.withSelfLoops(clique))).containsExactly(3, 5, 3);
  }

  @Test
  void floydDrawsDistinctPositionsUniformly() {
    SplittableRandom r = new SplittableRandom(1);
    int[] counts = new int[10];
    int[] pick = new int[3];
    for (int t = 0; t < 20_000; t++) {
      NeighborSampler.floyd(10, 3, pick, r);
      assertThat(Arrays.stream(pick).distinct().count()).isEqualTo(3);
      for (int p : pick) {
        counts[p]++;
      }
    }
    for (int c : counts) {
      assertThat(c).isBetween(5400, 6600); // expected 6000
    }
  }

  @Test
  void ladiesWithLargeBudgetsIsTheExactNeighbourhoodAndUnitesTheOutputs() {
    CsrGraph g = graph();
    BatchMaterializer m = materializer(g, 1);
    int[] outputs = randomOutputs(400, 30, 4);
    LadiesSampler s = new LadiesSampler(m.graph(), m.values(), outputs, new int[] {100_000, 100_000}, 2, true, 7);
    for (Batch b : new SampledBatchSource(s, m).epoch(0)) {
      // every sampled layer set is the full neighbourhood of the previous one (∪ outputs, already in
      // it via self-loops), so the blocks are the exact hop expansion
      assertExactBlocks(b, g, m.values(), 2);
    }
  }

  @Test
  void ladiesSamplesColumnsWithProbabilityProportionalToSquaredColumnNorms() {
    // node 0 linked to 1..4; extra leaves on 3 and 4 change their degrees and so A_0j
    int[] s = {0, 0, 0, 0, 3, 4, 4, 4};
    int[] t = {1, 2, 3, 4, 5, 6, 7, 8};
    CsrGraph g = GraphOps.withSelfLoops(GraphBuilder.fromEdges(9, s, t, true));
    BatchMaterializer m = materializer(g, 1);
    float[] a = m.values();
    double[] q = new double[9];
    double total = 0;
    for (int v : g.neighbors(0)) {
      double x = a[(int) g.entryIndex(0, v)];
      q[v] = x * x;
      total += q[v];
    }
    int[] counts = new int[9];
    int trials = 6000;
    LadiesSampler sampler = new LadiesSampler(m.graph(), m.values(), new int[] {0}, new int[] {1}, 1, true, 3);
    for (int e = 0; e < trials; e++) {
      Batch b = new SampledBatchSource(sampler, m).epoch(e).get(0);
      // the one sampled column is node 0 itself (no new node) or the single appended node
      counts[b.numNodes() == 1 ? 0 : b.nodes()[1]]++;
    }
    for (int v = 0; v <= 4; v++) {
      double expected = trials * q[v] / total;
      assertThat((double) counts[v]).as("draws of column %d", v)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(4 * Math.sqrt(expected) + 5));
    }
  }

  @Test
  void ladiesRespectsTheLayerBudgetAndKeepsTheOutputs() {
    CsrGraph g = graph();
    BatchMaterializer m = materializer(g, 1);
    int[] outputs = randomOutputs(400, 50, 5);
    LadiesSampler s = new LadiesSampler(m.graph(), m.values(), outputs, new int[] {20, 30, 30}, 2, true, 8);
    for (Batch b : new SampledBatchSource(s, m).epoch(2)) {
      int no = b.numOutputs();
      for (int l = 0; l < 3; l++) {
        CsrMatrix a = b.adjacency(l, 3).validated();
        boolean[] hasColumn = new boolean[a.cols()];
        for (int q = 0; q < a.nnz(); q++) {
          hasColumn[a.colIdx()[q]] = true;
        }
        int used = 0;
        for (int j = no; j < a.cols(); j++) {
          used += hasColumn[j] ? 1 : 0;
        }
        // columns in use: at most the sampled budget besides the outputs
        assertThat(used).isLessThanOrEqualTo(l == 2 ? 20 : 30);
      }
      // every output row of the last layer keeps its self-loop to itself (outputs are in each set)
      CsrMatrix last = b.adjacency(2, 3);
      for (int i = 0; i < no; i++) {
        boolean self = false;
        for (int q = last.rowPtr()[i]; q < last.rowPtr()[i + 1]; q++) {
          self |= last.colIdx()[q] == i;
        }
        assertThat(self).as("output %d keeps its self-loop", i).isTrue();
      }
    }
  }

  @Test
  void shadowSubgraphsAreDisjointAndEachRootSeesOnlyItsOwnSubgraph() {
    CsrGraph g = graph();
    BatchMaterializer m = materializer(g, 1);
    // adjacent outputs so that sub-graphs share nodes
    int[] outputs = new int[60];
    Arrays.setAll(outputs, i -> 100 + i);
    PprMatrix ppr = new PprPush(0.25, 1e-3, 6).compute(g, outputs, ProgressListener.NONE);
    ShadowSampler s = new ShadowSampler(m.graph(), ppr, outputs, 25, true, 3);
    GnnModel model = GnnModel.create(ModelSpec.of(ModelSpec.Type.GCN, 3, 8, 5, 2), 4);
    boolean sawRepeat = false;
    int covered = 0;
    for (Batch b : new SampledBatchSource(s, m).epoch(0)) {
      int[] nodes = b.nodes();
      sawRepeat |= Arrays.stream(nodes).distinct().count() < nodes.length;
      Matrix logits = model.forward(b, false, null);
      for (int j = 0; j < b.numOutputs(); j++) {
        int root = nodes[j];
        int idx = Arrays.binarySearch(outputs, root);
        int[] set = ppr.auxiliarySet(idx);
        // the root's own sub-graph alone: root first, then the others ascending
        int[] alone = new int[set.length];
        alone[0] = root;
        int w = 1;
        for (int v : set) {
          if (v != root) {
            alone[w++] = v;
          }
        }
        // its induced sub-graph with the graph's normalised values
        Batch single = m.materialize(new BatchTopology(alone, 1, new BatchTopology.Induced(), null),
            Subgraph.newScratch(g.numNodes()));
        Matrix expected = model.forward(single, false, null);
        for (int c = 0; c < 5; c++) {
          assertThat(logits.get(j, c)).isCloseTo(expected.get(0, c),
              org.assertj.core.data.Offset.offset(1e-5f));
        }
        covered++;
      }
    }
    assertThat(covered).isEqualTo(outputs.length);
    assertThat(sawRepeat).as("copies repeat global ids across sub-graphs").isTrue();
  }

  @Test
  void saintNormsAreNearOneOnAVertexTransitiveGraphAndLossWeightsSumToOne() {
    int n = 300;
    int[] s = new int[n];
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
      t[i] = (i + 1) % n;
    }
    CsrGraph g = GraphOps.withSelfLoops(GraphBuilder.fromEdges(n, s, t, true));
    BatchMaterializer m = materializer(g, 2);
    int[] outputs = randomOutputs(n, 90, 6);
    SaintRwSampler sampler = SaintRwSampler.training(m.graph(), outputs, 40, 2, 3, 200, 9);
    assertThat(sampler.presampledNodes()).isGreaterThanOrEqualTo(200L * n);
    for (int v = 0; v < n; v++) {
      assertThat((double) sampler.nodeNorm(v)).isBetween(0.8, 1.25);
    }
    float[] base = GraphOps.normalizedValues(g, Normalization.SYM);
    for (Batch b : new SampledBatchSource(sampler, m).epoch(0)) {
      double sum = 0;
      for (float w : b.lossWeights()) {
        assertThat(w).isPositive();
        sum += w;
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      CsrMatrix a = b.adjacency(0, 1);
      for (int i = 0; i < a.rows(); i++) {
        for (int q = a.rowPtr()[i]; q < a.rowPtr()[i + 1]; q++) {
          long e = g.entryIndex(b.nodes()[i], b.nodes()[a.colIdx()[q]]);
          // edge norm C_u / C_uv >= 1 (an entry is sampled at most as often as its row node)
          assertThat(a.values()[q] / base[(int) e]).isGreaterThanOrEqualTo(0.999f).isLessThan(20f);
        }
      }
    }
    assertThat(SaintRwSampler.defaultRoots(169_343)).isEqualTo(24_000);
    assertThat(SaintRwSampler.defaultRoots(2708)).isEqualTo(384);
  }
}
