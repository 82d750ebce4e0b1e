// Times the partition-based planners on one dataset (default: the arxiv-shaped synthetic graph).
// Usage (after ./build):
//   JAVA_HOME=... $JAVA_HOME/bin/jshell -R-Xmx6g --class-path ibmb4j-cli/target/ibmb.jar \
//       -R-Dds=/tmp/synth-arxiv/graph.npz scripts/bench/partition-planners.jsh
import io.github.ibmb4j.data.*;
import io.github.ibmb4j.graph.*;
import io.github.ibmb4j.batching.*;
import io.github.ibmb4j.batching.ibmb.*;
import io.github.ibmb4j.batching.baseline.*;

var ds = GraphNpzReader.read(java.nio.file.Path.of(System.getProperty("ds", "/tmp/synth-arxiv/graph.npz")));
var g = GraphOps.withSelfLoops(ds.graph());
var split = ds.split();
System.out.printf("dataset %s: %d nodes, %d entries, train %d, val %d%n", ds.name(), g.numNodes(), g.numEntries(), split.train().length, split.val().length);
void time(String label, BatchPlanner p, int[] outs) {
  for (int r = 0; r < 2; r++) {
    long t0 = System.nanoTime();
    BatchPlan plan = p.plan(g, outs);
    double s = (System.nanoTime() - t0) / 1e9;
    var sizes = plan.batches().stream().map(b -> b.outputs().length + "/" + b.auxiliary().length).toList();
    System.out.printf("%-28s run %d: %.2f s, %d batches (outputs/aux) %s%n", label, r, s, plan.size(), sizes);
  }
}
time("ibmb-batch train (4 parts)", new BatchWiseIbmbPlanner(BatchWiseIbmbPlanner.Options.training()), split.train());
time("ibmb-batch val (2 parts)", new BatchWiseIbmbPlanner(BatchWiseIbmbPlanner.Options.evaluation()), split.val());
time("cluster-gcn train (4 parts)", new ClusterGcnPlanner(ClusterGcnPlanner.Options.training()), split.train());
/exit
