package io.github.ibmb4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The jobs on a {@code local[2]} session (one for the class): tables round trips, Spark's PPR top-k
 * against core's, and the plan and predictions digests against the CLI's on shared datasets exported
 * to Parquet and imported back.
 */
class SparkJobsTest {
  private static SparkSession spark;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path tmp;

  @BeforeAll
  static void start(@TempDir Path dir) {
    spark = SparkMain.session("local[2]", "ibmb4j tests");
    spark.sparkContext().setLogLevel("WARN");
    tmp = dir;
  }

  /** Lets another test class run the helpers below on its own session and directory. */
  static void useSession(SparkSession s, Path dir) {
    spark = s;
    tmp = dir;
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Runs a job on the shared session; returns its JSON result (asserting exit 0). */
  static JsonNode job(String... args) throws Exception {
    Result r = jobResult(args);
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  record Result(int code, String out, String err) {}

  static Result jobResult(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> a = new ArrayList<>(Arrays.asList(args));
    a.add("--json");
    int code = SparkMain.run(a.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), spark);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs an ibmb CLI command in-process; returns its JSON result. */
  static JsonNode cli(String... args) throws Exception {
    CommandLine cl = io.github.ibmb4j.cli.Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    List<String> a = new ArrayList<>(Arrays.asList(args));
    a.add("--json");
    a.add("--quiet");
    assertThat(cl.execute(a.toArray(String[]::new))).as("ibmb %s", a).isZero();
    String[] lines = out.toString().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  /** Exports a shared dataset to Parquet and imports it back; returns the imported directory. */
  static Path roundTrip(String name) throws Exception {
    Path tables = tmp.resolve(name + "-tables");
    Path ds = tmp.resolve(name + "-ds");
    if (!Files.exists(tables)) {
      job("export", "--dataset", SharedData.graphNpz(name).toString(), "--out", tables.toString());
    }
    if (!Files.exists(ds)) {
      job("import", "--edges", tables.resolve("edges").toString(), "--nodes",
          tables.resolve("nodes").toString(), "--out", ds.toString(), "--name", name);
    }
    return ds;
  }

  @Test
  void exportThenImportGivesTheSameDataset() throws Exception {
    Path ds = roundTrip("cora");
    Dataset a = Datasets.open(SharedData.graphNpz("cora").toString());
    Dataset b = BinaryDatasetFormat.read(ds);
    assertThat(b.graph()).isEqualTo(io.github.ibmb4j.graph.GraphOps.withoutSelfLoops(a.graph()));
    int[] all = new int[a.numNodes()];
    Arrays.setAll(all, i -> i);
    assertThat(b.features().gatherDense(all)).isEqualTo(a.features().gatherDense(all));
    assertThat(b.labels()).isEqualTo(a.labels());
    assertThat(b.numClasses()).isEqualTo(a.numClasses());
    assertThat(b.split().train()).isEqualTo(a.split().train());
    assertThat(b.split().val()).isEqualTo(a.split().val());
    assertThat(b.split().test()).isEqualTo(a.split().test());
    assertThat(NodeIds.forDataset(ds.toString(), b.numNodes()).longId(b.numNodes() - 1))
        .isEqualTo(b.numNodes() - 1);
  }

  @Test
  void importCompactsStringIdsSymmetrisesAndDropsDuplicatesAndSelfLoops() throws Exception {
    Path edges = tmp.resolve("s-edges.csv");
    Files.writeString(edges, "src,dst\nb,a\na,b\nc,c\nc,b\nd,c\nb,c\n");
    // arrays come from Parquet: build the node table with Spark
    List<Row> rows = List.of(
        org.apache.spark.sql.RowFactory.create("a", new float[] {1, 2}, 0, "train"),
        org.apache.spark.sql.RowFactory.create("b", new float[] {3, 4}, 1, "test"),
        org.apache.spark.sql.RowFactory.create("c", new float[] {5, 6}, null, null),
        org.apache.spark.sql.RowFactory.create("e", new float[] {7, 8}, 1, "val"));
    var schema = new org.apache.spark.sql.types.StructType().add("id", "string")
        .add("features", "array<float>").add("label", "int").add("split", "string");
    Path nodeTable = tmp.resolve("s-nodes");
    spark.createDataFrame(rows, schema).write().parquet(nodeTable.toString());
    Path out = tmp.resolve("s-ds");
    JsonNode r = job("import", "--edges", edges.toString(), "--nodes", nodeTable.toString(),
        "--out", out.toString());
    assertThat(r.get("nodes").asInt()).isEqualTo(5); // a b c d e
    assertThat(r.get("selfLoopsDropped").asLong()).isEqualTo(1);
    assertThat(r.get("duplicatesDropped").asLong()).isEqualTo(2); // (a,b) and (b,c) twice
    assertThat(r.get("idType").asText()).isEqualTo("string");
    Dataset d = BinaryDatasetFormat.read(out);
    NodeIds ids = NodeIds.forDataset(out.toString(), d.numNodes());
    assertThat(List.of(ids.text(0), ids.text(1), ids.text(2), ids.text(3), ids.text(4)))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(d.graph().neighbors(1)).containsExactly(0, 2);
    assertThat(d.graph().neighbors(2)).containsExactly(1, 3);
    assertThat(d.graph().neighbors(4)).isEmpty();
    assertThat(d.labels()).containsExactly(0, 1, -1, -1, 1);
    assertThat(d.split().train()).containsExactly(0);
    assertThat(d.split().val()).containsExactly(4);
    assertThat(d.split().test()).containsExactly(1);
    assertThat(d.features().gatherDense(new int[] {3, 4}).data()).containsExactly(0, 0, 7, 8);
  }

  @Test
  void badTablesFailWithExitTwoNamingTheColumn() throws Exception {
    Path edges = tmp.resolve("bad-edges.csv");
    Files.writeString(edges, "src,dst\n1.5,2.5\n");
    Result r = jobResult("import", "--edges", edges.toString(), "--nodes", edges.toString(),
        "--out", tmp.resolve("bad-ds").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("edges table column 'src' has type double, expected node ids");
    Path cora = roundTrip("cora");
    Result r2 = jobResult("import", "--edges", tmp.resolve("cora-tables/edges").toString(),
        "--nodes", tmp.resolve("cora-tables/nodes").toString(), "--features-col", "label",
        "--out", tmp.resolve("bad-ds2").toString());
    assertThat(r2.code()).isEqualTo(2);
    assertThat(r2.err()).contains("nodes table column 'label' has type int, expected array<float>");
    assertThat(tmp.resolve("bad-ds2")).doesNotExist();
    Result r3 = jobResult("plan", "--dataset", cora.toString(), "--topk", "0");
    assertThat(r3.code()).isEqualTo(2);
    assertThat(r3.err()).contains("--topk is '0', expected an integer >= 1");
  }

  @Test
  void sparkPprTopkEqualsCore() throws Exception {
    Dataset d = Datasets.open(SharedData.graphNpz("cora").toString());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ShippedDataset.Driver shipped = ShippedDataset.ship(jsc, SharedData.graphNpz("cora").toString());
    int[] outputs = d.split().test();
    NodeWiseIbmbOptions o = IbmbNodeMethod.DEFAULTS.nodeWise(d.graph(), BatchingMethod.Model.DEFAULT,
        true);
    DistributedIbmb.Result r = DistributedIbmb.global(jsc, shipped.handle(), outputs, o, 3);
    r.blocks().unpersist(false);
    PprMatrix expected = new PprPush(o.alpha(), o.eps(), o.topk())
        .compute(shipped.opened().graph(), outputs, ProgressListener.NONE);
    PprMatrix actual = r.ppr();
    assertThat(actual.sources()).isEqualTo(expected.sources());
    assertThat(actual.topkOffsets()).isEqualTo(expected.topkOffsets());
    assertThat(actual.topkNodes()).isEqualTo(expected.topkNodes());
    assertThat(actual.topkValues()).isEqualTo(expected.topkValues());
    assertThat(actual.outputCols()).isDeepEqualTo(expected.outputCols());
    assertThat(actual.outputValues()).isDeepEqualTo(expected.outputValues());
    assertThat(actual.pushedEntries()).isEqualTo(expected.pushedEntries());
  }

  @Test
  void planDigestEqualsTheCliOnCoraAndAmazonComputersFromParquet() throws Exception {
    for (String name : List.of("cora", "amazon-computers")) {
      Path ds = roundTrip(name);
      JsonNode cliPlan = cli("batches", "--dataset", SharedData.graphNpz(name).toString(),
          "--method", "ibmb-node", "--split", "test", "--no-features");
      JsonNode sparkPlan = job("plan", "--dataset", ds.toString(), "--split", "test", "--tasks", "3",
          "--out", tmp.resolve(name + "-plan").toString());
      assertThat(cliPlan.get("batches").asInt()).as(name).isGreaterThan(1);
      assertThat(sparkPlan.get("batches").asInt()).as(name).isEqualTo(cliPlan.get("batches").asInt());
      assertThat(sparkPlan.get("planDigest").asText()).as(name)
          .isEqualTo(cliPlan.get("planDigest").asText());
      // the tables hold every output's top-k in original ids, and every batch's nodes
      long outputs = spark.read().parquet(tmp.resolve(name + "-plan/ppr").toString())
          .select("output_node").distinct().count();
      assertThat(outputs).isEqualTo(sparkPlan.get("outputNodes").asLong());
      long batches = spark.read().parquet(tmp.resolve(name + "-plan/batches").toString())
          .select("batch").distinct().count();
      assertThat(batches).isEqualTo(sparkPlan.get("batches").asLong());
    }
  }

  @Test
  void partitionLocalMergeKeepsEveryOutputAndReportsTheComparison() throws Exception {
    Path ds = roundTrip("cora");
    JsonNode r = job("plan", "--dataset", ds.toString(), "--split", "test", "--merge", "partition",
        "--parts", "4", "--measure");
    JsonNode part = r.get("comparison").get("partition");
    JsonNode global = r.get("comparison").get("global");
    // every batch still holds its outputs' whole top-k sets
    assertThat(part.get("influenceCaptured").asDouble()).isEqualTo(1.0);
    assertThat(global.get("influenceCaptured").asDouble()).isEqualTo(1.0);
    assertThat(part.get("affinityWithinBatches").asDouble()).isBetween(0.0, 1.0);
    assertThat(global.get("affinityWithinBatches").asDouble()).isBetween(0.0, 1.0);
    assertThat(part.get("auxNodesTotal").asLong()).isPositive();
    assertThat(r.get("outputNodes").asInt()).isEqualTo(1000);
  }

  @Test
  void predictionsEqualIbmbInfer() throws Exception {
    Path ds = roundTrip("cora");
    Path run = tmp.resolve("run-cora");
    cli("train", "--dataset", SharedData.graphNpz("cora").toString(), "--method", "ibmb-node",
        "--epochs", "2", "--hidden", "16", "--out", run.toString());
    JsonNode infer = cli("infer", "--run", run.toString(), "--method", "ibmb-node", "--split",
        "test");
    Path out = tmp.resolve("cora-pred");
    JsonNode pred = job("predict", "--run", run.toString(), "--dataset", ds.toString(), "--split",
        "test", "--tasks", "3", "--out", out.toString());
    assertThat(pred.get("predictionsDigest").asText()).isEqualTo(infer.get("predictionsDigest").asText());
    assertThat(pred.get("accuracy").asDouble()).isEqualTo(infer.get("accuracy").asDouble());
    assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(1000);
    // all nodes by default
    JsonNode all = job("predict", "--run", run.toString(), "--dataset", ds.toString());
    assertThat(all.get("nodes").asInt()).isEqualTo(2708);
  }
}
