package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.schedule.BatchScheduler;
import io.github.ibmb4j.schedule.Schedules;
import io.github.ibmb4j.tensor.Batch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecomputedBatchSourceTest {
  @Test
  void epochsFollowTheScheduleAndReuseTheSameBatches() {
    CsrGraph g = PlannerContractTest.clusteredGraph(800, 8, 2);
    int[] outputs = PlannerContractTest.randomOutputs(800, 300, 3);
    var plan = new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(8, 0.25, 1e-3, 30, false, 0)).plan(g, outputs);
    List<Batch> batches = PlannerContractTest.materializer(g, 1).materializeAll(plan.batches());
    assertThat(batches.size()).isGreaterThan(2);
    int[][] labels = batches.stream().map(Batch::labels).toArray(int[][]::new);
    BatchScheduler s = Schedules.create("sample", labels, 5, 11);
    PrecomputedBatchSource src = new PrecomputedBatchSource("ibmb-node", batches, s::order, s.describe());
    for (int e = 0; e < 3; e++) {
      List<Batch> got = new ArrayList<>();
      src.epoch(e).forEach(got::add);
      int[] o = s.order(e);
      for (int i = 0; i < o.length; i++) {
        assertThat(got.get(i)).isSameAs(batches.get(o[i]));
      }
    }
    assertThat(src.describe()).contains("fixed batches").contains("divergence-weighted");
    PrecomputedBatchSource bad = new PrecomputedBatchSource("x", batches, e -> new int[batches.size()], "bad");
    assertThatThrownBy(() -> bad.epoch(0)).hasMessageContaining("not a permutation");
    List<Batch> seq = new ArrayList<>();
    PrecomputedBatchSource.sequential("x", batches).epoch(5).forEach(seq::add);
    assertThat(seq).isEqualTo(batches);
  }
}
