package io.github.ibmb4j.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.PrecomputedBatchSource;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.experiment.Digests;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.Evaluator;
import io.github.ibmb4j.train.Metrics;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.SparkFiles;
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
 * {@code predict}: a trained run ({@code model.safetensors} + {@code config.json} from
 * {@code ibmb train}) applied to a node set (all nodes by default) over node-wise IBMB batches with the
 * run's batching options; writes the table (id, predicted, probability) in original ids and prints
 * {@code predictionsDigest} ({@link Digests#predictions}, as {@code ibmb infer --json} prints it) and,
 * where the nodes have labels, {@code accuracy}.
 *
 * <p>Batches are planned as by the {@code plan} job (distributed push, global or partition-local
 * merge); the plan's batches are then split into consecutive ranges, one per task. The checkpoint is
 * shipped with the job ({@code addFile}) and loaded once per executor JVM; concurrently running tasks
 * of one executor borrow model instances from a per-JVM pool (a model keeps forward buffers, so it is
 * not shared between threads). Each task materialises its batches with core's
 * {@link BatchMaterializer} and runs core's {@link Evaluator} on them, so a batch gives the same
 * probabilities, bit for bit, as in {@code ibmb infer} (same kernels: executors get the Vector API
 * module through {@code spark.executor.extraJavaOptions}).
 */
final class PredictJob implements SparkJob {
  private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<GnnModel>> MODELS =
      new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String usage() {
    return """
        a trained run applied to a node set over IBMB batches -> predictions table (id, predicted, probability)
          --run DIR             run directory written by 'ibmb train' (model.safetensors, config.json)
          --dataset D           dataset (default: the run's); same feature and class counts
          --split S             all (default), train, val or test
          --nodes-table PATH    output nodes from a table's id column instead (--id-col, --format)
          --split-index I       split set (default: the run's)
          --topk K --outputs-per-batch N
                                override the run's node-wise IBMB options
          --merge M --parts P --seed S
                                global (default; the batches of 'ibmb infer') or partition merge
          --tasks T             push and inference tasks (default: 2 x the default parallelism)
          --out DIR             write the predictions table (Parquet; DIR must not exist)""";
  }

  @Override
  public Set<String> options() {
    return Set.of("run", "dataset", "split", "nodes-table", "id-col", "format", "split-index",
        "topk", "outputs-per-batch", "merge", "parts", "seed", "tasks", "out");
  }

  @Override
  public Map<String, Object> run(SparkSession spark, JobArgs a) throws IOException {
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path run = Path.of(a.required("run")).toAbsolutePath().normalize();
    Path config = run.resolve("config.json");
    Path checkpoint = run.resolve("model.safetensors");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(checkpoint)) {
      throw new JobInputException("--run " + run + " is not a run directory written by 'ibmb train' "
          + "(expected config.json and model.safetensors)");
    }
    Path out = a.has("out") ? Path.of(a.required("out")).toAbsolutePath().normalize() : null;
    if (out != null && Files.exists(out)) {
      throw new JobInputException("--out " + out + " exists; expected a new directory");
    }
    ObjectMapper mapper = new ObjectMapper()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    JsonNode root = mapper.readTree(config.toFile());
    JsonNode ds = root.path("dataset");
    // the run's node-wise IBMB flags and normalisation, as 'ibmb train' stored them
    JsonNode bs = root.path("batching");
    IbmbNodeMethod runMethod;
    Normalization norm;
    try {
      IbmbNodeMethod dflt = IbmbNodeMethod.DEFAULTS;
      runMethod = new IbmbNodeMethod(bs.path("topk").asInt(dflt.topk()),
          bs.path("alpha").asDouble(dflt.alpha()), bs.path("eps").asDouble(dflt.eps()),
          bs.path("outputsPerBatch").asInt(0), bs.path("auxPerBatch").asInt(0));
      norm = bs.hasNonNull("normalization")
          ? Normalization.valueOf(bs.get("normalization").asText().toUpperCase(java.util.Locale.ROOT))
          : BatchMaterializer.DEFAULT_NORMALIZATION;
    } catch (IllegalArgumentException e) {
      throw new JobInputException(config + ": malformed batching settings: " + e.getMessage());
    }
    if (ds.hasNonNull("projectFeatures")) {
      throw new JobInputException(config + ": the run projects features (--project-features), which "
          + "the Spark job does not apply; expected a run on the dataset's own features");
    }
    String datasetSpec = a.string("dataset", ds.path("dataset").asText());
    String merge = a.choice("merge", "global", "global", "partition");
    ShippedDataset.Driver shipped = ShippedDataset.ship(jsc, datasetSpec);
    Dataset d = shipped.opened().dataset();
    NodeIds ids = shipped.opened().ids();
    ModelSpec spec = Checkpoints.readSpec(checkpoint);
    if (d.features().dim() != spec.inputDim() || d.numClasses() > spec.numClasses()) {
      throw new JobInputException("dataset " + d.name() + " has " + d.features().dim()
          + " features and " + d.numClasses() + " classes; the model expects " + spec.inputDim()
          + " features and " + spec.numClasses() + " classes");
    }
    String part = a.string("split", "all");
    boolean redrawn = ds.hasNonNull("splitSeed") || ds.hasNonNull("splitFractions");
    if (!part.equals("all") && !a.has("nodes-table") && redrawn) {
      throw new JobInputException(config + ": the run re-drew its split (--split-seed or "
          + "--split-fractions), which the Spark job does not apply; use --split all or a node table");
    }
    OutputNodes outputs = OutputNodes.select(spark, a, d, ids, "all",
        a.integer("split-index", ds.path("splitIndex").asInt(0), 0));
    // as 'ibmb infer': the trained model's layers and output limit
    NodeWiseIbmbOptions nw = PlanJob.method(a, runMethod).nodeWise(shipped.opened().graph(),
        TrainingRun.batchingModel(spec), outputs.evaluation());
    int tasks = a.integer("tasks", 2 * jsc.defaultParallelism(), 1);
    DistributedIbmb.Result planned = merge.equals("global")
        ? DistributedIbmb.global(jsc, shipped.handle(), outputs.nodes(), nw, tasks)
        : DistributedIbmb.partitionLocal(jsc, shipped.handle(), outputs.nodes(), nw,
            MultilevelPartitioner.withSeed(a.integer("seed", 0, 0)).partition(d.graph(),
                a.integer("parts", tasks, 1), null, null).assignment(),
            a.integer("parts", tasks, 1));
    planned.blocks().unpersist(false);
    BatchPlan plan = planned.plan();

    String modelFile = ShippedDataset.shipFile(jsc, checkpoint);
    byte[] encoded = Codec.encode(w -> Codec.writeBatches(w, plan.batches()));
    Broadcast<byte[]> batches = jsc.broadcast(encoded);
    ShippedDataset handle = shipped.handle();
    int numBatches = plan.size();
    int t = Math.max(1, Math.min(tasks, numBatches));
    long i0 = System.nanoTime();
    JavaRDD<byte[]> results = jsc.parallelize(DistributedIbmb.indices(t), t).map(task -> {
      List<BatchSpec> all;
      try (DataInputStream in = Codec.input(batches.value())) {
        all = Codec.readBatches(in);
      }
      int from = ExportJob.range(all.size(), t, task);
      int to = ExportJob.range(all.size(), t, task + 1);
      ShippedDataset.Opened o = handle.open();
      BatchMaterializer mat = new BatchMaterializer(o.graph(), norm, o.dataset().features(),
          o.dataset().labels(), true);
      String local = SparkFiles.get(modelFile);
      ConcurrentLinkedQueue<GnnModel> pool = MODELS.computeIfAbsent(local,
          k -> new ConcurrentLinkedQueue<>());
      GnnModel model = pool.poll();
      if (model == null) {
        model = Checkpoints.load(Path.of(local));
      }
      long s0 = System.nanoTime();
      List<Evaluation> evals = new ArrayList<>();
      try {
        for (int i = from; i < to; i++) {
          Batch batch = mat.materialize(all.get(i));
          evals.add(Evaluator.evaluate(model,
              PrecomputedBatchSource.sequential(NodeWiseIbmbPlanner.METHOD, List.of(batch))));
        }
      } finally {
        pool.add(model);
      }
      double sec = (System.nanoTime() - s0) / 1e9;
      return Codec.encode(w -> {
        w.writeInt(task);
        w.writeDouble(sec);
        int count = 0;
        for (Evaluation e : evals) {
          count += e.size();
        }
        w.writeInt(count);
        for (Evaluation e : evals) {
          for (int i = 0; i < e.size(); i++) {
            w.writeInt(e.nodes()[i]);
            w.writeInt(e.predicted()[i]);
            w.writeFloat(e.probability()[i]);
            w.writeInt(e.labels()[i]);
          }
        }
      });
    }).persist(StorageLevel.MEMORY_AND_DISK());
    List<byte[]> collected = results.collect();
    double inferSeconds = (System.nanoTime() - i0) / 1e9;
    int n = outputs.nodes().length;
    int[] nodes = new int[n];
    int[] pred = new int[n];
    float[] prob = new float[n];
    int[] labels = new int[n];
    int w = 0;
    double taskSeconds = 0;
    for (byte[] bytes : collected) {
      try (DataInputStream in = Codec.input(bytes)) {
        in.readInt();
        taskSeconds += in.readDouble();
        int c = in.readInt();
        for (int i = 0; i < c; i++) {
          nodes[w] = in.readInt();
          pred[w] = in.readInt();
          prob[w] = in.readFloat();
          labels[w] = in.readInt();
          w++;
        }
      }
    }
    if (w != n) {
      throw new IllegalStateException(w + " predictions for " + n + " output nodes");
    }
    Map<String, Object> res = SparkMain.result(name());
    res.put("dataset", d.name());
    res.put("model", spec.type().id());
    res.put("outputs", outputs.description());
    res.put("nodes", n);
    res.put("batches", numBatches);
    res.put("merge", merge);
    int labelled = 0;
    for (int y : labels) {
      if (y >= 0) {
        labelled++;
      }
    }
    res.put("labelledNodes", labelled);
    if (labelled > 0) {
      res.put("accuracy", Metrics.accuracy(pred, labels));
      res.put("macroF1", Metrics.macroF1(pred, labels, spec.numClasses()));
    }
    res.put("predictionsDigest", Digests.predictions(nodes, pred, prob, ids));
    res.put("tasks", t);
    if (out != null) {
      Path staging = out.resolveSibling("." + out.getFileName() + ".partial-" + System.nanoTime());
      try {
        predictionTable(spark, handle, results, ids).write().parquet(staging.toString());
        Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        ImportJob.deleteRecursively(staging);
      }
      res.put("out", out.toString());
    }
    results.unpersist(false);
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("push", planned.pprSeconds());
    sec.put("merge", planned.mergeSeconds());
    sec.put("infer", inferSeconds);
    sec.put("inferTasks", taskSeconds);
    sec.put("total", (System.nanoTime() - t0) / 1e9);
    res.put("seconds", sec);
    return res;
  }

  private static org.apache.spark.sql.Dataset<Row> predictionTable(SparkSession spark,
      ShippedDataset data, JavaRDD<byte[]> results, NodeIds ids) {
    DataType idType = ids.isLong() ? DataTypes.LongType : DataTypes.StringType;
    StructType schema = new StructType().add("id", idType, false)
        .add("predicted", DataTypes.IntegerType, false)
        .add("probability", DataTypes.FloatType, false);
    JavaRDD<Row> rows = results.flatMap(bytes -> {
      NodeIds local = data.open().ids();
      List<Row> r = new ArrayList<>();
      try (DataInputStream in = Codec.input(bytes)) {
        in.readInt();
        in.readDouble();
        int c = in.readInt();
        for (int i = 0; i < c; i++) {
          int v = in.readInt();
          int p = in.readInt();
          float q = in.readFloat();
          in.readInt();
          r.add(RowFactory.create(ExportJob.id(local, v), p, q));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return r.iterator();
    });
    return spark.createDataFrame(rows, schema);
  }
}
