package io.github.ibmb4j.batching.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.InfluenceCaptured;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import org.junit.jupiter.api.Test;

class RandomGroupingPlannerTest extends PlannerContractTest {
  static final NodeWiseIbmbOptions OPTIONS = new NodeWiseIbmbOptions(8, 0.25, 1e-3, 60, false, 0);

  @Override
  protected BatchPlanner planner(long seed) {
    return new RandomGroupingPlanner("randfix", OPTIONS, seed, ProgressListener.NONE);
  }

  @Test
  void groupsHaveTheNormalisedSizeAndDependOnTheSeed() {
    CsrGraph g = clusteredGraph(900, 9, 2);
    int[] outputs = randomOutputs(900, 301, 3);
    BatchPlan a = planner(1).plan(g, outputs);
    BatchPlan b = planner(2).plan(g, outputs);
    int cap = NodeWiseIbmbOptions.normalizedCap(301, 60);
    assertThat(a.size()).isEqualTo((301 + cap - 1) / cap);
    for (BatchSpec s : a.batches()) {
      assertThat(s.outputs().length).isBetween(cap - 1, cap);
    }
    assertThat(a.batches()).isNotEqualTo(b.batches());
    var rand = new RandomGroupingPlanner("rand", OPTIONS, 1, ProgressListener.NONE);
    assertThat(rand.forEpoch(0).plan(g, outputs).batches()).isNotEqualTo(rand.forEpoch(1).plan(g, outputs).batches());
  }

  @Test
  void influenceCapturedIsOneForTopkUnionsAndLessWithoutThem() {
    CsrGraph g = clusteredGraph(1000, 10, 4);
    int[] outputs = randomOutputs(1000, 400, 5);
    PprMatrix ppr = new PprPush(0.25, 1e-3, 8).compute(g, outputs, ProgressListener.NONE);
    double ibmb = InfluenceCaptured.mean(new NodeWiseIbmbPlanner(OPTIONS).plan(g, outputs), ppr);
    BatchPlan randPlan = planner(1).plan(g, outputs);
    double rand = InfluenceCaptured.mean(randPlan, ppr);
    assertThat(ibmb).isEqualTo(1.0);
    assertThat(rand).isEqualTo(1.0); // same top-k auxiliary sets, only the grouping differs
    // a plan that keeps only the outputs themselves loses most of the influence
    var bare = new BatchPlan("bare", outputs, randPlan.batches().stream()
        .map(b -> new BatchSpec(b.outputs(), b.outputs())).toList());
    assertThat(InfluenceCaptured.mean(bare, ppr)).isLessThan(0.9).isGreaterThan(0.0);
  }
}
