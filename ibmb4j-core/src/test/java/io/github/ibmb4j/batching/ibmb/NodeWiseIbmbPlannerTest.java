package io.github.ibmb4j.batching.ibmb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NodeWiseIbmbPlannerTest extends PlannerContractTest {

  @Override
  protected BatchPlanner planner(long seed) {
    return new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(8, 0.25, 1e-3, 60, false, 0));
  }

  @Test
  void auxiliarySetsContainEveryOutputsTopkAndBatchesRespectTheCap() {
    CsrGraph g = clusteredGraph(1000, 10, 1);
    int[] outputs = randomOutputs(1000, 300, 2);
    var planner = new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(8, 0.25, 1e-3, 70, false, 0));
    var d = planner.planDetailed(g, outputs);
    int cap = NodeWiseIbmbOptions.normalizedCap(300, 70);
    assertThat(d.cap()).isEqualTo(cap).isEqualTo(60);
    int prevFirst = -1;
    for (BatchSpec b : d.plan().batches()) {
      assertThat(b.outputs().length).isLessThanOrEqualTo(cap);
      assertThat(b.outputs()[0]).isGreaterThan(prevFirst);
      prevFirst = b.outputs()[0];
      for (int o : b.outputs()) {
        int row = Arrays.binarySearch(outputs, o);
        for (int v : d.ppr().auxiliarySet(row)) {
          assertThat(Arrays.binarySearch(b.auxiliary(), v)).isGreaterThanOrEqualTo(0);
        }
      }
    }
    // merging by affinity on a clustered graph gives few, well-filled batches
    assertThat(d.plan().size()).isLessThanOrEqualTo(8);
  }

  @Test
  void evaluationDoublesTheTarget() {
    CsrGraph g = clusteredGraph(600, 6, 3);
    int[] outputs = randomOutputs(600, 200, 4);
    var o = new NodeWiseIbmbOptions(8, 0.25, 1e-3, 50, false, 0);
    assertThat(new NodeWiseIbmbPlanner(o).planDetailed(g, outputs).cap()).isEqualTo(50);
    assertThat(new NodeWiseIbmbPlanner(o.withEvaluation(true)).planDetailed(g, outputs).cap()).isEqualTo(100);
  }

  @Test
  void auxiliaryOrientedVariantRespectsItsCap() {
    CsrGraph g = clusteredGraph(800, 8, 5);
    int[] outputs = randomOutputs(800, 250, 6);
    int max = 200;
    BatchPlan plan = new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(8, 0.25, 1e-3, 1, false, max))
        .plan(g, outputs);
    assertValidPlan(plan, g, outputs);
    for (BatchSpec b : plan.batches()) {
      if (b.outputs().length > 1) {
        assertThat((double) b.auxiliary().length).isLessThanOrEqualTo(1.0005 * max);
      }
    }
    assertThat(plan.size()).isLessThan(outputs.length);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new NodeWiseIbmbOptions(0, 0.25, 2e-4, 10, false, 0)).hasMessageContaining("topk is 0");
    assertThatThrownBy(() -> new NodeWiseIbmbOptions(4, 1.5, 2e-4, 10, false, 0)).hasMessageContaining("alpha is 1.5");
    assertThatThrownBy(() -> new NodeWiseIbmbOptions(4, 0.25, 2e-4, 0, false, 0)).hasMessageContaining("outputs per batch is 0");
  }
}
