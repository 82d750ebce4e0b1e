package io.github.ibmb4j.batching.ibmb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.GraphNpzReader;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Done-when check on the real shared graphs: for every part of every split (the file splits of cora
 * and tolokers, the seeded default split of the others), every output node lies in exactly one batch, outputs ⊆ auxiliary nodes,
 * and 1 and 2 threads give identical plans.
 */
class NodeWiseIbmbSharedDataTest {

  static void checkAllParts(Dataset d, Split s) {
    CsrGraph g = GraphOps.withSelfLoops(d.graph());
    int target = NodeWiseIbmbOptions.defaultOutputsPerBatch(d.numNodes(), 16);
    for (String part : new String[] {"train", "val", "test"}) {
      int[] outputs = s.part(part);
      var opts = NodeWiseIbmbOptions.DEFAULTS.withOutputsPerBatch(target).withEvaluation(!part.equals("train"));
      int before = Parallel.threads();
      BatchPlan one;
      BatchPlan two;
      try {
        Parallel.setThreads(1);
        one = new NodeWiseIbmbPlanner(opts).plan(g, outputs);
        Parallel.setThreads(2);
        two = new NodeWiseIbmbPlanner(opts).plan(g, outputs);
      } finally {
        Parallel.setThreads(before);
      }
      PlannerContractTest.assertValidPlan(two, g, outputs);
      long total = two.batches().stream().mapToLong(b -> b.outputs().length).sum();
      assertThat(total).as("%s %s %s", d.name(), s.name(), part).isEqualTo(outputs.length);
      assertThat(two.batches()).as("%s %s %s: 1 vs 2 threads", d.name(), s.name(), part)
          .isEqualTo(one.batches());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cora", "amazon-computers", "coauthor-physics", "tolokers"})
  void everyPartOfTheDefaultSplit(String name) throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz(name));
    checkAllParts(d, d.split());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cora", "tolokers"})
  void everySplitOfDatasetsThatShipSeveral(String name) throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz(name));
    for (Split s : d.splits()) {
      checkAllParts(d, s);
    }
  }
}
