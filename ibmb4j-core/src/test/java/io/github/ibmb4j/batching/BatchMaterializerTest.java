package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchMaterializerTest {

  static Features randomFeatures(int n, int f, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * f];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return new Features.Dense(new Matrix(n, f, x));
  }

  /** Dense Â of the graph (with self-loops) under a normalisation, from the definition. */
  static double[][] denseNormalized(CsrGraph g, Normalization norm) {
    int n = g.numNodes();
    double[][] a = new double[n][n];
    for (int u = 0; u < n; u++) {
      for (int v : g.neighbors(u)) {
        a[u][v] = norm == Normalization.RW ? 1.0 / g.degree(u)
            : 1.0 / Math.sqrt((double) g.degree(u) * g.degree(v));
      }
    }
    return a;
  }

  static BatchSpec randomSpec(int n, SplittableRandom r) {
    int[] aux = r.ints(0, n).distinct().limit(1 + r.nextInt(n / 2)).sorted().toArray();
    int no = 1 + r.nextInt(aux.length);
    int[] out = Arrays.stream(aux).filter(x -> r.nextInt(aux.length) < no).toArray();
    if (out.length == 0) {
      out = new int[] {aux[0]};
    }
    return new BatchSpec(out, aux);
  }

  @Test
  void subgraphEqualsTheDenseSliceWithFullGraphValues() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 40; trial++) {
      int n = 10 + r.nextInt(50);
      CsrGraph g = PlannerContractTest.clusteredGraph(n, 3, trial);
      int[] labels = r.ints(n, 0, 4).toArray();
      Features x = randomFeatures(n, 3, trial);
      for (Normalization norm : new Normalization[] {Normalization.SYM, Normalization.RW}) {
        BatchMaterializer m = new BatchMaterializer(g, norm, x, labels, true);
        double[][] dense = denseNormalized(g, norm);
        BatchSpec spec = randomSpec(n, r).validate(n);
        Batch b = m.materialize(spec);
        int[] nodes = b.nodes();
        // local order: outputs sorted first, then the other aux nodes sorted
        assertThat(Arrays.copyOf(nodes, b.numOutputs())).containsExactly(spec.outputs());
        int[] rest = Arrays.copyOfRange(nodes, b.numOutputs(), nodes.length);
        assertThat(rest).isSorted();
        assertThat(Arrays.stream(nodes).sorted().toArray()).containsExactly(spec.auxiliary());
        Matrix a = b.adjacency(0, 3).toDense();
        for (int i = 0; i < nodes.length; i++) {
          for (int j = 0; j < nodes.length; j++) {
            assertThat((double) a.get(i, j)).isCloseTo(dense[nodes[i]][nodes[j]],
                org.assertj.core.data.Offset.offset(1e-6));
          }
          assertThat(Arrays.copyOfRange(b.features().data(), i * 3, i * 3 + 3))
              .containsExactly(x.gatherDense(new int[] {nodes[i]}).data());
        }
        for (int i = 0; i < b.numOutputs(); i++) {
          assertThat(b.labels()[i]).isEqualTo(labels[nodes[i]]);
        }
        b.adjacency(0, 1).validated();
      }
    }
  }

  @Test
  void defaultNormalisationIsRwForBatchesAndFullGraphAlike() {
    // Deviation from the reference: HEAD uses rw for batches but sym for full-graph inference; we use
    // one normalisation for both, rw by default (§5.2 item 1).
    assertThat(BatchMaterializer.DEFAULT_NORMALIZATION).isEqualTo(Normalization.RW);
    CsrGraph g = PlannerContractTest.clusteredGraph(30, 2, 4);
    BatchMaterializer m = new BatchMaterializer(g, BatchMaterializer.DEFAULT_NORMALIZATION,
        randomFeatures(30, 2, 1), new int[30], false);
    int[] all = new int[30];
    Arrays.setAll(all, i -> i);
    // the whole-graph "batch" is exactly the full-graph rw matrix
    double[][] rw = denseNormalized(g, Normalization.RW);
    Matrix a = m.materialize(new BatchSpec(all, all)).adjacency(0, 1).toDense();
    for (int u = 0; u < 30; u++) {
      for (int v = 0; v < 30; v++) {
        assertThat((double) a.get(u, v)).isCloseTo(rw[u][v], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    // a partial batch keeps the full graph's values: rows with neighbours outside are not
    // renormalised, so some row sums fall below one
    int[] half = new int[15];
    Arrays.setAll(half, i -> 2 * i);
    Batch part = m.materialize(new BatchSpec(half, half));
    Matrix p = part.adjacency(0, 1).toDense();
    boolean someRowBelowOne = false;
    for (int i = 0; i < 15; i++) {
      double rowSum = 0;
      for (int j = 0; j < 15; j++) {
        assertThat((double) p.get(i, j)).isCloseTo(rw[half[i]][half[j]],
            org.assertj.core.data.Offset.offset(1e-6));
        rowSum += p.get(i, j);
      }
      someRowBelowOne |= rowSum < 1 - 1e-3;
    }
    assertThat(someRowBelowOne).isTrue();
    assertThat(part.features().cols()).isZero();
  }

  @Test
  void parallelMaterialisationEqualsSequential() {
    SplittableRandom r = new SplittableRandom(2);
    CsrGraph g = PlannerContractTest.clusteredGraph(300, 5, 9);
    BatchMaterializer m = new BatchMaterializer(g, Normalization.SYM, randomFeatures(300, 4, 2),
        r.ints(300, 0, 3).toArray(), true);
    List<BatchSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      specs.add(randomSpec(300, r));
    }
    List<Batch> all = m.materializeAll(specs);
    for (int i = 0; i < specs.size(); i++) {
      Batch one = m.materialize(specs.get(i));
      assertThat(all.get(i).nodes()).isEqualTo(one.nodes());
      assertThat(all.get(i).adjacency(0, 1)).isEqualTo(one.adjacency(0, 1));
      assertThat(all.get(i).features()).isEqualTo(one.features());
    }
  }
}
