package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.ClusterGcnPlanner;
import io.github.ibmb4j.batching.ibmb.BatchWiseIbmbPlanner;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.GraphNpzReader;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Batch-wise IBMB and Cluster-GCN plans on a real graph cover every training node exactly once. */
class PartitionPlannersOnAmazonTest {

  @Test
  void bothPlansCoverEveryTrainNodeExactlyOnce() throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz("amazon-computers"));
    CsrGraph g = GraphOps.withSelfLoops(d.graph());
    int[] train = d.split().train();
    BatchPlan ibmb = new BatchWiseIbmbPlanner(BatchWiseIbmbPlanner.Options.training()).plan(g, train);
    PlannerContractTest.assertValidPlan(ibmb, g, train);
    BatchPlan cluster = new ClusterGcnPlanner(ClusterGcnPlanner.Options.training()).plan(g, train);
    PlannerContractTest.assertValidPlan(cluster, g, train);
  }
}
