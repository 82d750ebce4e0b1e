package io.github.ibmb4j.spark;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.graph.CsrGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code export}: any dataset the CLI reads → Parquet tables {@code OUT/edges} (src, dst: each
 * undirected edge once with src &lt; dst in compact order; stored self-loops are left out, as import
 * drops them) and {@code OUT/nodes} (id, features array&lt;float&gt;, label (null = unlabelled), split
 * (train, val, test or null)), in the dataset's original ids. The dataset is shipped to the executors
 * ({@link ShippedDataset}) and each task writes the rows of one node range, so no table passes through
 * the driver. The two tables appear together (staged in a sibling directory, then renamed).
 */
final class ExportJob implements SparkJob {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String usage() {
    return """
        any dataset -> Parquet tables OUT/edges (src, dst) and OUT/nodes (id, features, label, split)
          --dataset D         a binary dataset directory (ids from its node-ids.txt) or anything
                              'ibmb' reads (graph.npz, OGB directory, edge list, synthetic)
          --out DIR           new directory for the two tables (must not exist)
          --split-index I     which split set to write into the split column (default 0)
          --partitions P      tasks, i.e. files per table (default: the default parallelism)""";
  }

  @Override
  public Set<String> options() {
    return Set.of("dataset", "out", "split-index", "partitions");
  }

  @Override
  public Map<String, Object> run(SparkSession spark, JobArgs a) throws IOException {
    long t0 = System.nanoTime();
    Path out = Path.of(a.required("out")).toAbsolutePath().normalize();
    if (Files.exists(out)) {
      throw new JobInputException("--out " + out + " exists; expected a new directory");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path staging = out.resolveSibling("." + out.getFileName() + ".partial-" + System.nanoTime());
    try {
      ShippedDataset.Driver shipped = ShippedDataset.ship(jsc, a.required("dataset"));
      Dataset d = shipped.opened().dataset();
      NodeIds ids = shipped.opened().ids();
      int splitIndex = a.integer("split-index", 0, 0);
      if (splitIndex >= d.splits().size()) {
        throw new JobInputException("--split-index is " + splitIndex + ", expected 0.."
            + (d.splits().size() - 1) + " for dataset " + d.name());
      }
      int n = d.numNodes();
      int tasks = Math.max(1, Math.min(n, a.integer("partitions", jsc.defaultParallelism(), 1)));
      DataType idType = ids.isLong() ? DataTypes.LongType : DataTypes.StringType;
      StructType edgeSchema = new StructType().add("src", idType, false).add("dst", idType, false);
      StructType nodeSchema = new StructType().add("id", idType, false)
          .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("label", DataTypes.IntegerType, true).add("split", DataTypes.StringType, true);
      List<Integer> taskIds = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        taskIds.add(t);
      }
      ShippedDataset handle = shipped.handle();
      JavaRDD<Row> edgeRows = jsc.parallelize(taskIds, tasks).flatMap(t -> {
        ShippedDataset.Opened o = handle.open();
        CsrGraph g = o.dataset().graph();
        long[] off = g.offsets();
        int[] tg = g.targets();
        List<Row> rows = new ArrayList<>();
        for (int u = range(n, tasks, t); u < range(n, tasks, t + 1); u++) {
          for (long q = off[u]; q < off[u + 1]; q++) {
            int v = tg[(int) q];
            if (u < v) {
              rows.add(RowFactory.create(id(o.ids(), u), id(o.ids(), v)));
            }
          }
        }
        return rows.iterator();
      });
      JavaRDD<Row> nodeRows = jsc.parallelize(taskIds, tasks).flatMap(t -> {
        ShippedDataset.Opened o = handle.open();
        Dataset ds = o.dataset();
        Split s = ds.splits().get(splitIndex);
        String[] part = new String[ds.numNodes()];
        for (int v : s.train()) {
          part[v] = "train";
        }
        for (int v : s.val()) {
          part[v] = "val";
        }
        for (int v : s.test()) {
          part[v] = "test";
        }
        List<Row> rows = new ArrayList<>();
        int from = range(n, tasks, t);
        int to = range(n, tasks, t + 1);
        if (to > from) {
          int[] nodes = new int[to - from];
          for (int v = from; v < to; v++) {
            nodes[v - from] = v;
          }
          io.github.ibmb4j.tensor.Matrix x = ds.features().gatherDense(nodes);
          int f = x.cols();
          float[] data = x.data();
          for (int v = from; v < to; v++) {
            float[] row = java.util.Arrays.copyOfRange(data, (v - from) * f, (v - from + 1) * f);
            int y = ds.labels()[v];
            rows.add(RowFactory.create(id(o.ids(), v), row, y < 0 ? null : y, part[v]));
          }
        }
        return rows.iterator();
      });
      Files.createDirectories(staging);
      spark.createDataFrame(edgeRows, edgeSchema).write().parquet(staging.resolve("edges").toString());
      spark.createDataFrame(nodeRows, nodeSchema).write().parquet(staging.resolve("nodes").toString());
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      Map<String, Object> res = SparkMain.result(name());
      res.put("dataset", d.name());
      res.put("out", out.toString());
      res.put("edges", out.resolve("edges").toString());
      res.put("nodes", out.resolve("nodes").toString());
      res.put("nodeRows", n);
      res.put("edgeRows", io.github.ibmb4j.graph.GraphOps.undirectedEdgeCount(
          io.github.ibmb4j.graph.GraphOps.withoutSelfLoops(d.graph())));
      res.put("idType", ids.isLong() ? "long" : "string");
      res.put("partitions", tasks);
      res.put("seconds", (System.nanoTime() - t0) / 1e9);
      return res;
    } finally {
      ImportJob.deleteRecursively(staging);
    }
  }

  /** Start of task t's node range when n nodes are split into {@code tasks} near-equal ranges. */
  static int range(int n, int tasks, int t) {
    return (int) ((long) n * t / tasks);
  }

  /** The original id of compact node v as a table value (Long or String). */
  static Object id(NodeIds ids, int v) {
    return ids.isLong() ? (Object) ids.longId(v) : ids.text(v);
  }
}
