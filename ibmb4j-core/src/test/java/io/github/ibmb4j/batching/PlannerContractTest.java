package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
}
