package io.github.ibmb4j.batching.ibmb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprPowerIteration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchWiseIbmbPlannerTest extends PlannerContractTest {

  static BatchWiseIbmbPlanner.Options options(int parts, long seed) {
    return new BatchWiseIbmbPlanner.Options(parts, 1.0, 0.25, 20, 3, 0, seed, 1.03);
  }

  @Override
  protected BatchPlanner planner(long seed) {
    return new BatchWiseIbmbPlanner(options(5, seed));
  }

  @Test
  void auxiliaryNodesAreTheTopPprNodesOfEachPartUnitedWithItsOutputs() {
    CsrGraph g = clusteredGraph(1000, 5, 9);
    int[] outputs = randomOutputs(1000, 300, 10);
    BatchPlan plan = planner(2).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    int topk = (int) Math.ceil(1000 / 5.0);
    var ppr = new PprPowerIteration(0.25, 20, 1);
    for (BatchSpec b : plan.batches()) {
      int[] expectTop = ppr.topK(g, new int[][] {b.outputs()}, topk)[0];
      int[] expected = java.util.stream.IntStream.concat(Arrays.stream(expectTop),
          Arrays.stream(b.outputs())).distinct().sorted().toArray();
      assertThat(b.auxiliary()).containsExactly(expected);
      assertThat(b.auxiliary().length).isBetween(topk, topk + b.outputs().length);
    }
  }

  @Test
  void partsWithoutOutputNodesAreSkipped() {
    // Deviation from the reference (§5.2 item 5): the reference crashes on its #parts == #batches assert.
    CsrGraph g = clusteredGraph(800, 8, 3);
    int[] outputs = {0, 1, 2, 3, 4, 5};
    BatchPlan plan = planner(1).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    assertThat(plan.size()).isBetween(1, 2);
    for (BatchSpec b : plan.batches()) {
      assertThat(b.auxiliary().length).isGreaterThan(b.outputs().length);
    }
  }

  @Test
  void outputWeightSpreadsOutputNodesEvenly() {
    // Outputs concentrated in the first two of eight communities: unweighted parts follow the
    // communities, weighted parts must share the outputs out.
    CsrGraph g = clusteredGraph(1600, 8, 4);
    int[] outputs = java.util.stream.IntStream.range(0, 400).toArray();
    var base = options(4, 5);
    var weighted = new BatchWiseIbmbPlanner.Options(4, 1.0, 0.25, 20, 3, 50, 5, 1.03);
    BatchPlan w = new BatchWiseIbmbPlanner(weighted).plan(g, outputs);
    assertValidPlan(w, g, outputs);
    assertThat(w.size()).isEqualTo(4);
    for (BatchSpec b : w.batches()) {
      assertThat(b.outputs().length).isBetween(60, 140);
    }
    BatchPlan u = new BatchWiseIbmbPlanner(base).plan(g, outputs);
    assertValidPlan(u, g, outputs);
    assertThat(u.batches().stream().mapToInt(b -> b.outputs().length).max().orElseThrow())
        .isGreaterThan(140);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> options(0, 1)).hasMessageContaining("numParts is 0");
    assertThatThrownBy(() -> new BatchWiseIbmbPlanner.Options(2, 0, 0.25, 5, 1, 0, 0, 1.03))
        .hasMessageContaining("ratio is 0.0");
    assertThatThrownBy(() -> new BatchWiseIbmbPlanner.Options(2, 1, 1.5, 5, 1, 0, 0, 1.03))
        .hasMessageContaining("alpha is 1.5");
    assertThat(BatchWiseIbmbPlanner.Options.training().numParts()).isEqualTo(4);
    assertThat(BatchWiseIbmbPlanner.Options.evaluation().numParts()).isEqualTo(2);
  }
}
