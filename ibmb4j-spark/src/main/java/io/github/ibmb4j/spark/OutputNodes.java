package io.github.ibmb4j.spark;

import static org.apache.spark.sql.functions.col;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.NodeIds;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The output-node set of a job: a split part of the dataset ({@code --split train|val|test}, or
 * {@code all}), or the ids of a node table ({@code --nodes-table PATH}, column {@code --id-col}),
 * mapped to compact ids and sorted. As in the CLI, every set but the training part is an evaluation
 * set (node-wise IBMB doubles its outputs per batch).
 *
 * @param nodes compact ids, sorted ascending and distinct
 * @param evaluation whether the set is planned as an evaluation set
 * @param description "split train", "all nodes", or "table PATH"
 */
record OutputNodes(int[] nodes, boolean evaluation, String description) {

  static OutputNodes select(SparkSession spark, JobArgs a, Dataset d, NodeIds ids, String dflt,
      int splitIndex) {
    if (a.has("nodes-table")) {
      if (a.has("split")) {
        throw new JobInputException("--split and --nodes-table exclude each other; give one");
      }
      String path = a.required("nodes-table");
      String idCol = a.string("id-col", "id");
      org.apache.spark.sql.Dataset<Row> t = Tables.read(spark, "nodes", path,
          a.string("format", "auto"));
      String kind = Tables.idKind(t, "nodes", idCol);
      String expected = ids.isLong() ? "long" : "string";
      if (!kind.equals(expected)) {
        throw new JobInputException("nodes table column '" + idCol + "' holds " + kind
            + " ids, expected " + expected + " ids like the dataset's");
      }
      ImportJob.IdIndex index = ImportJob.IdIndex.of(ids, expected);
      List<?> raw = ids.isLong()
          ? t.select(col(idCol).cast("long")).distinct().as(Encoders.LONG()).collectAsList()
          : t.select(col(idCol)).distinct().as(Encoders.STRING()).collectAsList();
      int[] nodes = new int[raw.size()];
      for (int i = 0; i < nodes.length; i++) {
        Object id = raw.get(i);
        if (id == null) {
          throw new JobInputException("nodes table column '" + idCol + "' holds null ids");
        }
        int v = ids.isLong() ? Arrays.binarySearch(index.longs(), ((Number) id).longValue())
            : Arrays.binarySearch(index.strings(), (String) id);
        if (v < 0) {
          throw new JobInputException("nodes table column '" + idCol + "' holds node " + id
              + ", which is not a node of dataset " + d.name());
        }
        nodes[i] = v;
      }
      Arrays.sort(nodes);
      if (nodes.length == 0) {
        throw new JobInputException("nodes table " + path + " is empty; expected output nodes");
      }
      return new OutputNodes(nodes, true, "table " + path);
    }
    String part = a.choice("split", dflt, "train", "val", "test", "all");
    if (part.equals("all")) {
      int[] all = new int[d.numNodes()];
      Arrays.setAll(all, i -> i);
      return new OutputNodes(all, true, "all nodes");
    }
    if (splitIndex >= d.splits().size()) {
      throw new JobInputException("--split-index is " + splitIndex + ", expected 0.."
          + (d.splits().size() - 1) + " for dataset " + d.name());
    }
    int[] nodes = d.splits().get(splitIndex).part(part);
    if (nodes.length == 0) {
      throw new JobInputException("split part '" + part + "' of " + d.name() + " has no nodes");
    }
    return new OutputNodes(nodes, !part.equals("train"), "split " + part);
  }
}
