package io.github.ibmb4j.spark;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.InfluenceCaptured;
import io.github.ibmb4j.batching.ibmb.AffinityPairs;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.experiment.Digests;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.partition.Partitioning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code plan}: node-wise IBMB batches of a split or a node table, the PPR push distributed over tasks
 * ({@link DistributedIbmb}); prints the plan's statistics and {@code planDigest} ({@link Digests#plan},
 * the digest {@code ibmb batches --json} prints); with {@code --out}, writes the tables
 * {@code OUT/ppr} (output_node, aux_node, ppr) and {@code OUT/batches} (batch, node, is_output) in
 * original ids. {@code --merge partition} merges within graph partitions instead; {@code --measure}
 * then also computes the global plan and reports both plans' captured influence and affinity.
 */
final class PlanJob implements SparkJob {
  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String usage() {
    return """
        node-wise IBMB batches of a split or node table; prints planDigest (as 'ibmb batches --json')
          --dataset D           binary dataset directory (from import) or anything 'ibmb' reads
          --split S             train (default), val, test or all; val/test/all double the outputs per batch
          --nodes-table PATH    output nodes from a table's id column instead (--id-col, --format)
          --split-index I       split set (default 0)
          --topk K --alpha A --eps E --outputs-per-batch N --aux-per-batch M
                                node-wise IBMB options (defaults as in 'ibmb batches')
          --tasks T             push tasks (default: 2 x the default parallelism)
          --merge M             global (default; identical to the CLI) or partition (within graph parts)
          --parts P             graph parts of the partition-local merge (default: --tasks)
          --seed S              partitioner seed (default 0)
          --measure             partition merge: also compute the global plan and compare
          --out DIR             write the tables OUT/ppr and OUT/batches (Parquet; DIR must not exist)""";
  }

  @Override
  public Set<String> options() {
    return Set.of("dataset", "split", "nodes-table", "id-col", "format", "split-index", "topk",
        "alpha", "eps", "outputs-per-batch", "aux-per-batch", "tasks", "merge", "parts", "seed",
        "out");
  }

  @Override
  public Set<String> flags() {
    return Set.of("measure");
  }

  /** Node-wise IBMB with the job's options over {@code base} (the CLI's defaults, or a run's). */
  static IbmbNodeMethod method(JobArgs a, IbmbNodeMethod base) {
    try {
      return new IbmbNodeMethod(a.integer("topk", base.topk(), 1), a.real("alpha", base.alpha()),
          a.real("eps", base.eps()), a.integer("outputs-per-batch", base.outputsPerBatch(), 0),
          a.integer("aux-per-batch", base.auxPerBatch(), 0));
    } catch (IllegalArgumentException e) {
      throw new JobInputException(e.getMessage());
    }
  }

  @Override
  public Map<String, Object> run(SparkSession spark, JobArgs a) throws IOException {
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path out = a.has("out") ? Path.of(a.required("out")).toAbsolutePath().normalize() : null;
    if (out != null && Files.exists(out)) {
      throw new JobInputException("--out " + out + " exists; expected a new directory");
    }
    String merge = a.choice("merge", "global", "global", "partition");
    if (a.flag("measure") && !merge.equals("partition")) {
      throw new JobInputException("--measure compares the partition-local merge with the global one; "
          + "expected --merge partition");
    }
    ShippedDataset.Driver shipped = ShippedDataset.ship(jsc, a.required("dataset"));
    Dataset d = shipped.opened().dataset();
    OutputNodes outputs = OutputNodes.select(spark, a, d, shipped.opened().ids(), "train",
        a.integer("split-index", 0, 0));
    // as 'ibmb batches': the default model (3 layers, at most 9000 outputs per batch)
    NodeWiseIbmbOptions nw = method(a, IbmbNodeMethod.DEFAULTS).nodeWise(shipped.opened().graph(),
        BatchingMethod.Model.DEFAULT, outputs.evaluation());
    int tasks = a.integer("tasks", 2 * jsc.defaultParallelism(), 1);
    DistributedIbmb.Result r;
    Map<String, Object> res = SparkMain.result(name());
    res.put("dataset", d.name());
    res.put("outputs", outputs.description());
    res.put("outputNodes", outputs.nodes().length);
    res.put("merge", merge);
    if (merge.equals("global")) {
      r = DistributedIbmb.global(jsc, shipped.handle(), outputs.nodes(), nw, tasks);
    } else {
      int parts = a.integer("parts", tasks, 1);
      long p0 = System.nanoTime();
      Partitioning p = MultilevelPartitioner.withSeed(a.integer("seed", 0, 0))
          .partition(d.graph(), parts, null, null);
      res.put("parts", parts);
      res.put("partitionSeconds", (System.nanoTime() - p0) / 1e9);
      r = DistributedIbmb.partitionLocal(jsc, shipped.handle(), outputs.nodes(), nw,
          p.assignment(), parts);
      if (a.flag("measure")) {
        DistributedIbmb.Result g = DistributedIbmb.global(jsc, shipped.handle(), outputs.nodes(),
            nw, tasks);
        Map<String, Object> cmp = new LinkedHashMap<>();
        cmp.put("partition", quality(r.plan(), g));
        cmp.put("global", quality(g.plan(), g));
        res.put("comparison", cmp);
        g.blocks().unpersist(false);
      }
    }
    BatchPlan plan = r.plan();
    res.put("batches", plan.size());
    res.put("auxNodesTotal", auxTotal(plan));
    res.put("topk", nw.topk());
    res.put("alpha", nw.alpha());
    res.put("eps", nw.eps());
    res.put("targetOutputsPerBatch", nw.targetOutputs());
    res.put("tasks", r.tasks());
    res.put("planDigest", Digests.plan(plan, shipped.opened().ids()));
    if (out != null) {
      Path staging = out.resolveSibling("." + out.getFileName() + ".partial-" + System.nanoTime());
      try {
        Files.createDirectories(staging);
        DistributedIbmb.pprTable(spark, shipped.handle(), r.blocks(), shipped.opened().ids())
            .write().parquet(staging.resolve("ppr").toString());
        DistributedIbmb.batchTable(spark, plan, shipped.opened().ids()).write()
            .parquet(staging.resolve("batches").toString());
        Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        ImportJob.deleteRecursively(staging);
      }
      res.put("out", out.toString());
    }
    r.blocks().unpersist(false);
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("push", r.pprSeconds());
    sec.put("pushTasks", r.taskSeconds());
    sec.put("merge", r.mergeSeconds());
    sec.put("total", (System.nanoTime() - t0) / 1e9);
    res.put("seconds", sec);
    return res;
  }

  /** Batches, total auxiliary nodes, influence captured and affinity within batches of a plan. */
  static Map<String, Object> quality(BatchPlan plan, DistributedIbmb.Result global) {
    int[] outs = global.ppr().sources();
    // the output set is sorted (OutputNodes), so a position is a binary search away
    int[] group = new int[outs.length];
    for (int bi = 0; bi < plan.size(); bi++) {
      for (int o : plan.batches().get(bi).outputs()) {
        group[java.util.Arrays.binarySearch(outs, o)] = bi;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batches", plan.size());
    m.put("auxNodesTotal", auxTotal(plan));
    m.put("influenceCaptured", InfluenceCaptured.mean(plan, global.ppr()));
    m.put("affinityWithinBatches", AffinityPairs.of(global.ppr()).fractionWithin(group));
    return m;
  }

  static long auxTotal(BatchPlan plan) {
    long s = 0;
    for (BatchSpec b : plan.batches()) {
      s += b.auxiliary().length;
    }
    return s;
  }
}
