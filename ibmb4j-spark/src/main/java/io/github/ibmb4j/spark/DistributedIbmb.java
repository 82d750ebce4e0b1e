package io.github.ibmb4j.spark;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Node-wise IBMB planning on Spark, with core's classes doing all the work inside the tasks.
 *
 * <p><b>Global merge</b> (identical to the CLI's plan by construction): the output nodes are split into
 * {@code tasks} consecutive row ranges; each task runs {@link PprPush#computeRows} for its range on the
 * executor's copy of the graph ({@link ShippedDataset}) and sends back the row block; the driver stacks
 * the blocks in range order ({@link PprMatrix#concat}, equal to one {@code compute} over all outputs)
 * and runs {@link NodeWiseIbmbPlanner#merge} (affinity pairs, greedy merge, post-processing, auxiliary
 * unions), exactly what {@code ibmb batches} runs after its push. The merge is sequential and its
 * pair list grows with the output-set PPR entries.
 *
 * <p><b>Partition-local merge</b>: the graph is partitioned once on the driver (core's multilevel
 * partitioner, seeded); task q plans the outputs of part q alone with {@link NodeWiseIbmbPlanner}
 * (push, pairs among those outputs only, merge, unions), so no pair list spans more than one part and
 * the merge itself runs in parallel. Batches never mix parts; every output node's top-k set is the
 * same as with the global merge (the push does not depend on the output set), so every batch still
 * holds its outputs' full top-k sets; what changes is which outputs share a batch.
 *
 * <p>Row blocks stay persisted (memory and disk) for the {@code (output_node, aux_node, ppr)} table.
 * Results do not depend on the task count. Not thread-safe (one job at a time).
 */
final class DistributedIbmb {
  private DistributedIbmb() {}

  /**
   * A plan and what produced it.
   *
   * @param plan the batches, ordered by smallest output node
   * @param ppr the global PPR matrix (rows = outputs in order) for the global merge, else null
   * @param blocks encoded task results (task index, seconds, PPR block[, batches]), persisted
   * @param pprSeconds wall time of the distributed push stage (driver view)
   * @param taskSeconds sum of the tasks' own push (and, partition-local, merge) seconds
   * @param mergeSeconds driver-side merge seconds (0 for the partition-local merge)
   * @param tasks number of tasks
   */
  record Result(BatchPlan plan, PprMatrix ppr, JavaRDD<byte[]> blocks, double pprSeconds,
      double taskSeconds, double mergeSeconds, int tasks) {}

  /** The global merge over pushes split into {@code tasks} row ranges. */
  static Result global(JavaSparkContext jsc, ShippedDataset data, int[] outputs,
      NodeWiseIbmbOptions options, int tasks) {
    int t = Math.max(1, Math.min(tasks, outputs.length));
    Broadcast<int[]> out = jsc.broadcast(outputs);
    double alpha = options.alpha();
    double eps = options.eps();
    int topk = options.topk();
    long t0 = System.nanoTime();
    JavaRDD<byte[]> blocks = jsc.parallelize(indices(t), t).map(task -> {
      int[] o = out.value();
      int from = ExportJob.range(o.length, t, task);
      int to = ExportJob.range(o.length, t, task + 1);
      long s0 = System.nanoTime();
      PprMatrix m = new PprPush(alpha, eps, topk).computeRows(data.open().graph(), o, from, to,
          ProgressListener.NONE);
      double sec = (System.nanoTime() - s0) / 1e9;
      return Codec.encode(w -> {
        w.writeInt(task);
        w.writeDouble(sec);
        Codec.writePpr(w, m);
      });
    }).persist(StorageLevel.MEMORY_AND_DISK());
    List<byte[]> collected = new ArrayList<>(blocks.collect());
    double pprSeconds = (System.nanoTime() - t0) / 1e9;
    List<PprMatrix> parts = new ArrayList<>();
    double taskSeconds = 0;
    collected.sort(Comparator.comparingInt(DistributedIbmb::taskOf));
    for (byte[] b : collected) {
      try (DataInputStream in = Codec.input(b)) {
        in.readInt();
        taskSeconds += in.readDouble();
        parts.add(Codec.readPpr(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    PprMatrix ppr = PprMatrix.concat(parts);
    NodeWiseIbmbPlanner.Detailed d = new NodeWiseIbmbPlanner(options).merge(ppr, outputs, pprSeconds);
    return new Result(d.plan(), ppr, blocks, pprSeconds, taskSeconds, d.mergeSeconds(), t);
  }

  /**
   * The partition-local merge: task q plans the outputs whose {@code assignment} is q.
   *
   * @param assignment part per graph node, in [0, parts)
   */
  static Result partitionLocal(JavaSparkContext jsc, ShippedDataset data, int[] outputs,
      NodeWiseIbmbOptions options, int[] assignment, int parts) {
    Broadcast<int[]> out = jsc.broadcast(outputs);
    Broadcast<int[]> where = jsc.broadcast(assignment);
    // the options record is not serialisable; tasks rebuild it from its components
    int topk = options.topk();
    double alpha = options.alpha();
    double eps = options.eps();
    int perBatch = options.outputsPerBatch();
    boolean evaluation = options.evaluation();
    int auxPerBatch = options.auxiliaryNodesPerBatch();
    long t0 = System.nanoTime();
    JavaRDD<byte[]> blocks = jsc.parallelize(indices(parts), parts).map(q -> {
      int[] o = out.value();
      int[] a = where.value();
      int c = 0;
      for (int v : o) {
        if (a[v] == q) {
          c++;
        }
      }
      int[] mine = new int[c];
      c = 0;
      for (int v : o) {
        if (a[v] == q) {
          mine[c++] = v;
        }
      }
      long s0 = System.nanoTime();
      NodeWiseIbmbPlanner.Detailed d = mine.length == 0 ? null
          : new NodeWiseIbmbPlanner(new NodeWiseIbmbOptions(topk, alpha, eps, perBatch, evaluation,
              auxPerBatch)).planDetailed(data.open().graph(), mine);
      double sec = (System.nanoTime() - s0) / 1e9;
      int numNodes = data.open().graph().numNodes();
      PprMatrix m = d != null ? d.ppr() : new PprMatrix(numNodes, new int[0], new int[1],
          new int[0], new double[0], new int[0][], new double[0][], 0);
      List<BatchSpec> batches = d != null ? d.plan().batches() : List.of();
      return Codec.encode(w -> {
        w.writeInt(q);
        w.writeDouble(sec);
        Codec.writePpr(w, m);
        Codec.writeBatches(w, batches);
      });
    }).persist(StorageLevel.MEMORY_AND_DISK());
    List<byte[]> collected = blocks.collect();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<BatchSpec> batches = new ArrayList<>();
    double taskSeconds = 0;
    for (byte[] b : collected) {
      try (DataInputStream in = Codec.input(b)) {
        in.readInt();
        taskSeconds += in.readDouble();
        Codec.readPpr(in);
        batches.addAll(Codec.readBatches(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    batches.sort(Comparator.comparingInt(s -> s.outputs()[0]));
    BatchPlan plan = new BatchPlan(NodeWiseIbmbPlanner.METHOD, outputs.clone(), batches);
    return new Result(plan, null, blocks, seconds, taskSeconds, 0, parts);
  }

  /** The top-k entries of every output node as a table (output_node, aux_node, ppr), original ids. */
  static org.apache.spark.sql.Dataset<Row> pprTable(SparkSession spark, ShippedDataset data,
      JavaRDD<byte[]> blocks, NodeIds ids) {
    DataType idType = ids.isLong() ? DataTypes.LongType : DataTypes.StringType;
    StructType schema = new StructType().add("output_node", idType, false)
        .add("aux_node", idType, false).add("ppr", DataTypes.DoubleType, false);
    JavaRDD<Row> rows = blocks.flatMap(b -> {
      NodeIds local = data.open().ids();
      PprMatrix m;
      try (DataInputStream in = Codec.input(b)) {
        in.readInt();
        in.readDouble();
        m = Codec.readPpr(in);
      }
      List<Row> r = new ArrayList<>();
      int[] off = m.topkOffsets();
      for (int i = 0; i < m.numRows(); i++) {
        Object o = ExportJob.id(local, m.sources()[i]);
        for (int q = off[i]; q < off[i + 1]; q++) {
          r.add(RowFactory.create(o, ExportJob.id(local, m.topkNodes()[q]), m.topkValues()[q]));
        }
      }
      return r.iterator();
    });
    return spark.createDataFrame(rows, schema);
  }

  /** The plan as a table (batch, node, is_output) in original ids, one row per auxiliary node. */
  static org.apache.spark.sql.Dataset<Row> batchTable(SparkSession spark, BatchPlan plan,
      NodeIds ids) {
    DataType idType = ids.isLong() ? DataTypes.LongType : DataTypes.StringType;
    StructType schema = new StructType().add("batch", DataTypes.IntegerType, false)
        .add("node", idType, false).add("is_output", DataTypes.BooleanType, false);
    List<Row> rows = new ArrayList<>();
    for (int b = 0; b < plan.size(); b++) {
      BatchSpec s = plan.batches().get(b);
      for (int v : s.auxiliary()) {
        boolean isOut = java.util.Arrays.binarySearch(s.outputs(), v) >= 0;
        rows.add(RowFactory.create(b, ExportJob.id(ids, v), isOut));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  private static int taskOf(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  static List<Integer> indices(int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    return l;
  }
}
