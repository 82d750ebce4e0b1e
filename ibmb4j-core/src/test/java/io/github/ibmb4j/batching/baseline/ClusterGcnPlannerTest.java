package io.github.ibmb4j.batching.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class ClusterGcnPlannerTest extends PlannerContractTest {

  @Override
  protected BatchPlanner planner(long seed) {
    return new ClusterGcnPlanner(new ClusterGcnPlanner.Options(6, 1, seed, 1.03));
  }

  @Test
  void batchesAreWholePartsThatTileTheGraph() {
    CsrGraph g = clusteredGraph(960, 6, 1);
    int[] outputs = randomOutputs(960, 900, 2);
    BatchPlan plan = planner(7).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    assertThat(plan.size()).isEqualTo(6);
    int[] seen = new int[960];
    for (BatchSpec b : plan.batches()) {
      assertThat(b.auxiliary().length).isLessThanOrEqualTo((int) Math.floor(1.03 * 960 / 6));
      for (int v : b.auxiliary()) {
        seen[v]++;
      }
    }
    assertThat(seen).containsOnly(1);
  }

  @Test
  void partsPerBatchMergesPartsIntoFewerBatches() {
    CsrGraph g = clusteredGraph(960, 6, 1);
    int[] outputs = randomOutputs(960, 900, 2);
    BatchPlan plan = new ClusterGcnPlanner(new ClusterGcnPlanner.Options(6, 2, 7, 1.03)).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    assertThat(plan.size()).isEqualTo(3);
    assertThat(plan.batches().stream().mapToInt(b -> b.auxiliary().length).sum()).isEqualTo(960);
  }

  @Test
  void partsWithoutOutputNodesAreSkipped() {
    // Deviation from the reference (§5.2 item 5): with outputs inside one community only, most parts
    // have no outputs; the reference asserts #parts == #batches and crashes, we skip them.
    CsrGraph g = clusteredGraph(800, 8, 3);
    int[] outputs = {0, 1, 2, 3, 4, 5};
    BatchPlan plan = planner(1).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    assertThat(plan.size()).isBetween(1, 2);
  }

  @Test
  void tinyGraphsGetFewerParts() {
    CsrGraph g = clusteredGraph(70, 2, 3);
    int[] outputs = randomOutputs(70, 70, 4);
    BatchPlan plan = planner(1).plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    assertThat(plan.size()).isEqualTo(2);
  }
}
