package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.CsrMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every stochastic method of the registry keeps (saint-rw, neighbor, ladies, shadow,
 * rand), on seeded clustered random graphs: a training request answers with a sampler whose epoch
 * covers every output node (GraphSAINT excepted: its roots are random, so only outputs ⊆ training set
 * is checked; its evaluation variant covers every output), outputs ⊆ the batch's nodes, adjacency
 * blocks consistent with the model's layer count and with the graph's entries, the same epoch with 1
 * and 2 threads, and different epochs differ.
 */
class SamplerContractTest {
  private static final int N = 700;

  private static Preparation plan(String method, CsrGraph g, int[] outputs, boolean eval,
      int layers, long seed) {
    return BatchingMethod.defaults(method, seed).prepare(new BatchingMethod.Request(g,
        BatchingMethod.Model.DEFAULT.withLayers(layers), outputs, eval,
        PlannerContractTest.materializer(g, 4), ProgressListener.NONE));
  }

  /** The sampler a training request answers with, and the materialiser that builds its batches. */
  private static SampledBatchSource sampler(String method, CsrGraph g, int[] outputs, int layers,
      long seed) {
    return new SampledBatchSource(((Preparation.Sampler) plan(method, g, outputs, false, layers,
        seed)).sampler(), PlannerContractTest.materializer(g, 4));
  }

  private static CsrGraph graph() {
    return PlannerContractTest.clusteredGraph(N, 7, 21);
  }

  @ParameterizedTest
  @ValueSource(strings = {"saint-rw", "neighbor", "ladies", "shadow", "rand"})
  void isRegisteredAsStochasticAndAnswersWithASampler(String method) {
    assertThat(BatchingMethod.defaults(method, 0).samplesEveryEpoch()).isTrue();
    CsrGraph g = graph();
    int[] outputs = PlannerContractTest.randomOutputs(N, 200, 3);
    assertThat(plan(method, g, outputs, false, 3, 1)).isInstanceOf(Preparation.Sampler.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"saint-rw", "neighbor", "ladies", "shadow", "rand"})
  void everyOutputCoveredOncePerEpochAndOutputsAmongNodes(String method) {
    CsrGraph g = graph();
    int[] outputs = PlannerContractTest.randomOutputs(N, 200, 3);
    for (boolean eval : new boolean[] {false, true}) {
      List<Batch> batches = switch (plan(method, g, outputs, eval, 3, 1)) {
        case Preparation.Sampler s ->
            new SampledBatchSource(s.sampler(), PlannerContractTest.materializer(g, 4)).epoch(2);
        case Preparation.FixedPlan f ->
            PlannerContractTest.materializer(g, 4).materializeAll(f.plan().batches());
      };
      int[] seen = new int[N];
      for (Batch b : batches) {
        assertThat(b.numOutputs()).isPositive();
        int[] out = b.outputNodes();
        for (int o : out) {
          assertThat(Arrays.binarySearch(outputs, o)).as("output %d is a requested output", o)
              .isGreaterThanOrEqualTo(0);
          seen[o]++;
        }
        assertThat(Arrays.stream(out).distinct().count()).as("outputs distinct in a batch")
            .isEqualTo(out.length);
        for (int v : b.nodes()) {
          assertThat(v).isBetween(0, N - 1);
        }
      }
      boolean randomRoots = method.equals("saint-rw") && !eval;
      for (int o : outputs) {
        if (randomRoots) {
          assertThat(seen[o]).isLessThanOrEqualTo(batches.size());
        } else {
          assertThat(seen[o]).as("%s (eval=%s): batches with output %d", method, eval, o).isEqualTo(1);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"saint-rw", "neighbor", "ladies", "shadow", "rand"})
  void blocksAreShapeConsistentAndCarryGraphEntries(String method) {
    CsrGraph g = graph();
    float[] values = GraphOps.normalizedValues(g, Normalization.SYM);
    int[] outputs = PlannerContractTest.randomOutputs(N, 150, 5);
    for (int layers : new int[] {2, 3}) {
      for (Batch b : sampler(method, g, outputs, layers, 2).epoch(0)) {
        if (!b.isSubgraph()) {
          assertThat(b.numAdjacencies()).isEqualTo(layers);
        }
        int cols = b.numNodes();
        for (int l = 0; l < layers; l++) {
          CsrMatrix a = b.adjacency(l, layers).validated();
          if (!b.isSubgraph()) {
            assertThat(a.cols()).isEqualTo(cols);
            cols = a.rows();
          }
          int[] nodes = b.nodes();
          for (int i = 0; i < a.rows(); i++) {
            for (int q = a.rowPtr()[i]; q < a.rowPtr()[i + 1]; q++) {
              long e = g.entryIndex(nodes[i], nodes[a.colIdx()[q]]);
              assertThat(e).as("%s: entry (%d, %d) is a graph edge", method, nodes[i],
                  nodes[a.colIdx()[q]]).isGreaterThanOrEqualTo(0);
              if (!method.equals("saint-rw")) { // SAINT multiplies its edge norm in
                assertThat(a.values()[q]).isEqualTo(values[(int) e]);
              }
            }
          }
        }
        if (!b.isSubgraph()) {
          assertThat(cols).isEqualTo(b.numOutputs());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"saint-rw", "neighbor", "ladies", "shadow", "rand"})
  void sameEpochWithOneAndTwoThreadsAndEpochsDiffer(String method) {
    CsrGraph g = graph();
    int[] outputs = PlannerContractTest.randomOutputs(N, 300, 8);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      List<Batch> one = sampler(method, g, outputs, 3, 9).epoch(3);
      Parallel.setThreads(2);
      SampledBatchSource two = sampler(method, g, outputs, 3, 9);
      List<Batch> e1 = two.epoch(1);
      List<Batch> twoE3 = two.epoch(3);
      assertSame(twoE3, one);
      assertSame(two.epoch(3), one); // drawing other epochs first changes nothing
      assertThat(sameNodes(e1, one)).as("%s: epochs 1 and 3 differ", method).isFalse();
      List<Batch> otherSeed = sampler(method, g, outputs, 3, 10).epoch(3);
      assertThat(sameNodes(otherSeed, one)).as("%s: seeds 9 and 10 differ", method).isFalse();
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static boolean sameNodes(List<Batch> a, List<Batch> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i).nodes(), b.get(i).nodes())) {
        return false;
      }
    }
    return true;
  }

  private static void assertSame(List<Batch> actual, List<Batch> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Batch a = actual.get(i);
      Batch e = expected.get(i);
      assertThat(a.nodes()).isEqualTo(e.nodes());
      assertThat(a.numOutputs()).isEqualTo(e.numOutputs());
      assertThat(a.labels()).isEqualTo(e.labels());
      assertThat(a.features()).isEqualTo(e.features());
      assertThat(a.lossWeights()).isEqualTo(e.lossWeights());
      assertThat(a.numAdjacencies()).isEqualTo(e.numAdjacencies());
      for (int l = 0; l < a.numAdjacencies(); l++) {
        assertThat(a.adjacency(l, a.numAdjacencies())).isEqualTo(e.adjacency(l, e.numAdjacencies()));
      }
    }
  }
}
