package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.nio.file.Path;
import java.util.List;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link BatchPlanner} keeps (ARCHITECTURE.md §4). A planner's test class extends
 * this and supplies the planner; the checks run on seeded random graphs with clustered structure,
 * several output-set sizes, and with 1 and 2 threads.
 */
public abstract class PlannerContractTest {

  /** The planner under test, configured with {@code seed}. */
  protected abstract BatchPlanner planner(long seed);

  /** A symmetric graph with self-loops: {@code blocks} dense-ish communities plus random links. */
  protected static CsrGraph clusteredGraph(int n, int blocks, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int m = 6 * n;
    int[] s = new int[m];
    int[] t = new int[m];
    for (int i = 0; i < m; i++) {
      int u = r.nextInt(n);
      int v;
      if (r.nextDouble() < 0.85) {
        int block = u * blocks / n;
        int lo = (int) ((long) block * n / blocks);
        int hi = (int) ((long) (block + 1) * n / blocks);
        v = lo + r.nextInt(hi - lo);
      } else {
        v = r.nextInt(n);
      }
      s[i] = u;
      t[i] = v;
    }
    return GraphOps.withSelfLoops(GraphBuilder.fromEdges(n, s, t, true));
  }

  /** A sorted random subset of [0, n). */
  protected static int[] randomOutputs(int n, int count, long seed) {
    return new SplittableRandom(seed).ints(0, n).distinct().limit(count).sorted().toArray();
  }

  /** {@link #clusteredGraph} for tests in other packages. */
  public static CsrGraph clusteredGraphFor(int n, int blocks, long seed) {
    return clusteredGraph(n, blocks, seed);
  }

  /** {@link #randomOutputs} for tests in other packages. */
  public static int[] randomOutputsFor(int n, int count, long seed) {
    return randomOutputs(n, count, seed);
  }

  /** {@link #materializer} for tests in other packages. */
  public static BatchMaterializer materializerFor(CsrGraph g, long seed) {
    return materializer(g, seed);
  }

  /** Checks the structural contract of one plan. */
  public static void assertValidPlan(BatchPlan plan, CsrGraph graph, int[] outputs) {
    int n = graph.numNodes();
    int[] seen = new int[n];
    long total = 0;
    for (BatchSpec b : plan.batches()) {
      b.validate(n);
      assertThat(b.outputs()).as("a batch without output nodes").isNotEmpty();
      for (int o : b.outputs()) {
        seen[o]++;
      }
      total += b.outputs().length;
    }
    assertThat(total).as("outputs over all batches").isEqualTo(outputs.length);
    for (int o : outputs) {
      assertThat(seen[o]).as("batches containing output node %d", o).isEqualTo(1);
    }
    assertThat(plan.outputNodes()).containsExactly(outputs);
  }

  @Test
  void everyOutputNodeInExactlyOneBatchAndOutputsInAux() {
    for (int count : new int[] {1, 7, 150, 600}) {
      CsrGraph g = clusteredGraph(800, 8, count);
      int[] outputs = randomOutputs(800, count, 11 + count);
      BatchPlan plan = planner(3).plan(g, outputs);
      assertValidPlan(plan, g, outputs);
      assertThat(plan.method()).isEqualTo(planner(3).method());
    }
  }

  @Test
  void sameSeedSamePlanWhateverTheThreadCount() {
    CsrGraph g = clusteredGraph(1200, 10, 5);
    int[] outputs = randomOutputs(1200, 400, 6);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      BatchPlan one = planner(42).plan(g, outputs);
      Parallel.setThreads(2);
      BatchPlan two = planner(42).plan(g, outputs);
      BatchPlan again = planner(42).plan(g, outputs);
      assertThat(two.batches()).isEqualTo(one.batches());
      assertThat(again.batches()).isEqualTo(one.batches());
    } finally {
      Parallel.setThreads(before);
    }
  }

  /** Small dense random features and labels for materialisation checks. */
  protected static BatchMaterializer materializer(CsrGraph g, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = g.numNodes();
    float[] x = new float[n * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    int[] labels = r.ints(n, 0, 5).toArray();
    return new BatchMaterializer(g, Normalization.SYM, new Features.Dense(new Matrix(n, 3, x)), labels, true);
  }

  /** Field-by-field equality of two batch lists. */
  public static void assertSameBatches(List<Batch> actual, List<Batch> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Batch a = actual.get(i);
      Batch e = expected.get(i);
      assertThat(a.nodes()).as("nodes of batch %d", i).isEqualTo(e.nodes());
      assertThat(a.numOutputs()).isEqualTo(e.numOutputs());
      assertThat(a.labels()).isEqualTo(e.labels());
      assertThat(a.features()).isEqualTo(e.features());
      assertThat(a.numAdjacencies()).isEqualTo(e.numAdjacencies());
      assertThat(a.adjacency(0, 1)).isEqualTo(e.adjacency(0, 1));
    }
  }

  @Test
  void subgraphEdgesAreGraphEdgesWithTheirValues() {
    CsrGraph g = clusteredGraph(700, 7, 8);
    int[] outputs = randomOutputs(700, 200, 9);
    BatchPlan plan = planner(5).plan(g, outputs);
    BatchMaterializer m = materializer(g, 1);
    float[] values = GraphOps.normalizedValues(g, Normalization.SYM);
    for (Batch b : m.materializeAll(plan.batches())) {
      CsrMatrix a = b.adjacency(0, 1).validated();
      int[] nodes = b.nodes();
      long expectedEntries = 0;
      for (int i = 0; i < nodes.length; i++) {
        for (int q = a.rowPtr()[i]; q < a.rowPtr()[i + 1]; q++) {
          long e = g.entryIndex(nodes[i], nodes[a.colIdx()[q]]);
          assertThat(e).as("edge (%d, %d)", nodes[i], nodes[a.colIdx()[q]]).isGreaterThanOrEqualTo(0);
          assertThat(a.values()[q]).isEqualTo(values[(int) e]);
        }
        for (int j = 0; j < nodes.length; j++) {
          if (g.hasEdge(nodes[i], nodes[j])) {
            expectedEntries++;
          }
        }
      }
      // induced: every graph edge between batch nodes is present
      assertThat((long) a.nnz()).isEqualTo(expectedEntries);
    }
  }

  @Test
  void planSurvivesACacheRoundTrip(@TempDir Path dir) throws Exception {
    CsrGraph g = clusteredGraph(600, 6, 12);
    int[] outputs = randomOutputs(600, 180, 13);
    BatchPlan plan = planner(7).plan(g, outputs);
    List<Batch> fresh = materializer(g, 2).materializeAll(plan.batches());
    BatchCache cache = new BatchCache(dir);
    byte[] key = BatchCache.key(new byte[32], planner(7).method() + " contract", outputs);
    BatchCache.Result first = cache.getOrBuild(key, () -> fresh);
    assertThat(first.hit()).isFalse();
    BatchCache.Result second = cache.getOrBuild(key, () -> {
      throw new AssertionError("a valid cache must not be rebuilt");
    });
    assertThat(second.hit()).isTrue();
    assertSameBatches(second.batches(), fresh);
    for (int i = 0; i < plan.size(); i++) {
      Batch b = second.batches().get(i);
      assertThat(b.outputNodes()).isEqualTo(plan.batches().get(i).outputs());
      assertThat(java.util.Arrays.stream(b.nodes()).sorted().toArray())
          .isEqualTo(plan.batches().get(i).auxiliary());
    }
  }
}
