package io.github.ibmb4j.spark;

import static org.apache.spark.sql.functions.col;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.data.Splits;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.Matrix;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code import}: an edge table and a node table → the project's binary dataset directory plus its
 * original node ids ({@link NodeIds}, {@code node-ids.txt}).
 *
 * <p>Ids: the distinct ids of both tables (long or string; both tables must use the same kind) sorted
 * ascending (numerically, or by {@link String#compareTo}) give the compact ids 0..N-1, so the result
 * does not depend on the table's partitioning or row order. Edges are mapped to compact ids in the
 * executors (binary search in the broadcast sorted ids), self-loops dropped, each pair normalised to
 * (min, max) and de-duplicated per task, then across tasks on the driver, which builds the symmetric
 * CSR. Node rows (features, label, split) are validated in the executors and assembled on the
 * driver. Nodes that only occur in edges get zero features, no label and no split part. Without a
 * split column the split is the default seeded stratified one (as for other datasets without one).
 *
 * <p>Cost: O(E log N) in the executors; the driver holds the ids, the edge pairs and the features.
 * The output appears atomically (written to a temporary sibling, then renamed).
 */
final class ImportJob implements SparkJob {
  @Override
  public String name() {
    return "import";
  }

  @Override
  public String usage() {
    return """
        tables (edges, nodes; Parquet or CSV) -> a binary dataset directory with node-ids.txt
          --edges PATH        edge table with columns src, dst (long or string ids)
          --nodes PATH        node table: id, features (array<float|double> or ML vector), label, split
          --out DIR           new dataset directory (must not exist)
          --name NAME         dataset name (default: the directory name)
          --format F          auto (default: by extension), parquet or csv
          --src-col, --dst-col, --id-col, --features-col, --label-col, --split-col
                              column names (defaults src, dst, id, features, label, split; an absent
                              label or split column means unlabelled / the default random split)""";
  }

  @Override
  public Set<String> options() {
    return Set.of("edges", "nodes", "out", "name", "format", "src-col", "dst-col", "id-col",
        "features-col", "label-col", "split-col");
  }

  /** One validated node row in compact ids. */
  record NodeRow(int node, float[] features, int label, byte part) implements Serializable {}

  @Override
  public Map<String, Object> run(SparkSession spark, JobArgs a) throws IOException {
    long t0 = System.nanoTime();
    Path out = Path.of(a.required("out")).toAbsolutePath().normalize();
    if (Files.exists(out)) {
      throw new JobInputException("--out " + out + " exists; expected a new directory");
    }
    String format = a.string("format", "auto");
    String srcCol = a.string("src-col", "src");
    String dstCol = a.string("dst-col", "dst");
    String idCol = a.string("id-col", "id");
    String featCol = a.string("features-col", "features");
    org.apache.spark.sql.Dataset<Row> edges = Tables.read(spark, "edges", a.required("edges"), format);
    org.apache.spark.sql.Dataset<Row> nodes = Tables.read(spark, "nodes", a.required("nodes"), format);
    String kind = Tables.idKind(edges, "edges", srcCol);
    checkSameKind(kind, Tables.idKind(edges, "edges", dstCol), "edges", dstCol);
    checkSameKind(kind, Tables.idKind(nodes, "nodes", idCol), "nodes", idCol);
    String featKind = Tables.featureKind(nodes, "nodes", featCol);
    String labelCol = optionalColumn(nodes, a.string("label-col", "label"), a.has("label-col"));
    String splitCol = optionalColumn(nodes, a.string("split-col", "split"), a.has("split-col"));
    if (labelCol != null && !Tables.isIntegral(Tables.column(nodes, "nodes", labelCol).dataType())) {
      throw new JobInputException("nodes table column '" + labelCol + "' has type "
          + Tables.column(nodes, "nodes", labelCol).dataType().simpleString()
          + ", expected integer class labels");
    }
    if (splitCol != null && !Tables.column(nodes, "nodes", splitCol).dataType()
        .equals(org.apache.spark.sql.types.DataTypes.StringType)) {
      throw new JobInputException("nodes table column '" + splitCol + "' has type "
          + Tables.column(nodes, "nodes", splitCol).dataType().simpleString()
          + ", expected strings train, val or test");
    }
    checkNoNulls(edges, "edges", srcCol);
    checkNoNulls(edges, "edges", dstCol);
    checkNoNulls(nodes, "nodes", idCol);

    // 1. compact ids: the sorted distinct ids of both tables
    String cast = kind.equals("long") ? "long" : "string";
    org.apache.spark.sql.Dataset<Row> allIds = edges.select(col(srcCol).cast(cast).as("id"))
        .union(edges.select(col(dstCol).cast(cast).as("id")))
        .union(nodes.select(col(idCol).cast(cast).as("id"))).distinct();
    NodeIds ids;
    if (kind.equals("long")) {
      List<Long> l = allIds.as(Encoders.LONG()).collectAsList();
      long[] sorted = new long[l.size()];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = l.get(i);
      }
      Arrays.sort(sorted);
      ids = NodeIds.ofLongs(sorted);
    } else {
      String[] sorted = allIds.as(Encoders.STRING()).collectAsList().toArray(String[]::new);
      Arrays.sort(sorted);
      try {
        ids = NodeIds.ofStrings(sorted);
      } catch (IllegalArgumentException e) {
        throw new JobInputException("a string node id contains a line break; expected single-line ids");
      }
    }
    int n = ids.size();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<IdIndex> index = jsc.broadcast(IdIndex.of(ids, kind));

    // 2. edges: compact, drop self-loops, normalise to (min, max), de-duplicate
    long edgeRows = edges.count();
    LongAccumulator selfLoops = spark.sparkContext().longAccumulator("self-loops");
    // each task sends one sorted, duplicate-free long[] of (min << 32 | max) keys; the driver
    // merges them (duplicates across tasks removed there)
    List<long[]> blocks = edges.select(col(srcCol).cast(cast), col(dstCol).cast(cast)).javaRDD()
        .mapPartitions((Iterator<Row> it) -> {
          IdIndex ix = index.value();
          long[] keys = new long[1024];
          int k = 0;
          while (it.hasNext()) {
            Row r = it.next();
            int u = ix.find(r.get(0));
            int v = ix.find(r.get(1));
            if (u == v) {
              selfLoops.add(1);
              continue;
            }
            if (k == keys.length) {
              keys = Arrays.copyOf(keys, 2 * k);
            }
            keys[k++] = ((long) Math.min(u, v) << 32) | Math.max(u, v);
          }
          return List.of(sortedUnique(keys, k)).iterator();
        }).collect();
    long total = 0;
    for (long[] p : blocks) {
      total += p.length;
    }
    long[] all = new long[Math.toIntExact(total)];
    int w = 0;
    for (long[] p : blocks) {
      System.arraycopy(p, 0, all, w, p.length);
      w += p.length;
    }
    long[] unique = sortedUnique(all, all.length);
    long dropped = selfLoops.value();
    int m = unique.length;
    int[] src = new int[m];
    int[] dst = new int[m];
    for (int i = 0; i < m; i++) {
      src[i] = (int) (unique[i] >>> 32);
      dst[i] = (int) unique[i];
    }
    CsrGraph graph = GraphBuilder.fromEdges(n, src, dst, true);

    // 3. nodes: features, labels, split parts, validated in the executors
    List<org.apache.spark.sql.Column> cols = new ArrayList<>(List.of(col(idCol).cast(cast), col(featCol)));
    cols.add(labelCol != null ? col(labelCol).cast("long") : org.apache.spark.sql.functions.lit(null).cast("long"));
    cols.add(splitCol != null ? col(splitCol) : org.apache.spark.sql.functions.lit(null).cast("string"));
    org.apache.spark.sql.Dataset<Row> nodeSel = nodes.select(cols.toArray(org.apache.spark.sql.Column[]::new));
    Row first = nodeSel.filter(col(featCol).isNotNull()).limit(1).collectAsList().stream().findFirst()
        .orElseThrow(() -> new JobInputException("nodes table column '" + featCol
            + "' has no non-null value; expected a feature vector per node"));
    int dim = Tables.features(first, 1, featKind).length;
    List<NodeRow> rows = nodeSel.javaRDD().map(r -> {
      IdIndex ix = index.value();
      int v = ix.find(r.get(0));
      float[] f = Tables.features(r, 1, featKind);
      if (f == null || f.length != dim) {
        throw new JobInputException("nodes table column '" + featCol + "' has "
            + (f == null ? "null" : "length " + f.length) + " at node " + r.get(0) + ", expected "
            + dim + " values (the length of the first row)");
      }
      int label = r.isNullAt(2) ? -1 : (int) Math.max(-1, Math.min(Integer.MAX_VALUE, r.getLong(2)));
      return new NodeRow(v, f, label, part(r.isNullAt(3) ? null : r.getString(3), splitCol,
          r.get(0)));
    }).collect();
    float[] x = new float[Math.multiplyExact(n, dim)];
    int[] labels = new int[n];
    Arrays.fill(labels, -1);
    byte[] parts = new byte[n];
    boolean[] seen = new boolean[n];
    int classes = 0;
    for (NodeRow r : rows) {
      if (seen[r.node()]) {
        throw new JobInputException("nodes table column '" + idCol + "' holds node "
            + ids.text(r.node()) + " twice; expected one row per node");
      }
      seen[r.node()] = true;
      System.arraycopy(r.features(), 0, x, r.node() * dim, dim);
      labels[r.node()] = r.label();
      classes = Math.max(classes, r.label() + 1);
      parts[r.node()] = r.part();
    }
    Split split = splitCol == null
        ? Splits.stratified(labels, Splits.DEFAULT_TRAIN, Splits.DEFAULT_VAL, Splits.DEFAULT_SEED)
        : new Split("table column " + splitCol, select(parts, (byte) 1), select(parts, (byte) 2),
            select(parts, (byte) 3));
    String name = a.string("name", out.getFileName().toString());
    Dataset d = new Dataset(name, graph, new Features.Dense(Matrix.view(x, n, dim)), labels, classes,
        List.of(split));

    // 4. write: dataset and ids into a temporary sibling, then one atomic rename
    Path staging = out.resolveSibling("." + out.getFileName() + ".partial-" + System.nanoTime());
    try {
      BinaryDatasetFormat.write(d, staging, ProgressListener.NONE);
      ids.write(staging.resolve(NodeIds.FILE_NAME));
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteRecursively(staging);
    }
    Map<String, Object> res = SparkMain.result(name());
    res.put("dataset", out.toString());
    res.put("name", name);
    res.put("idType", kind);
    res.put("nodes", n);
    res.put("edges", GraphOps.undirectedEdgeCount(graph));
    res.put("edgeRows", edgeRows);
    res.put("selfLoopsDropped", dropped);
    res.put("duplicatesDropped", edgeRows - dropped - m);
    res.put("nodeRows", rows.size());
    res.put("features", dim);
    res.put("classes", classes);
    res.put("split", Map.of("train", split.train().length, "val", split.val().length, "test",
        split.test().length));
    res.put("seconds", (System.nanoTime() - t0) / 1e9);
    return res;
  }

  private static void checkSameKind(String kind, String other, String what, String column) {
    if (!kind.equals(other)) {
      throw new JobInputException(what + " table column '" + column + "' holds " + other
          + " ids, expected " + kind + " ids like the edge table's source column");
    }
  }

  private static String optionalColumn(org.apache.spark.sql.Dataset<Row> t, String name,
      boolean required) {
    if (required || Arrays.asList(t.columns()).contains(name)) {
      Tables.column(t, "nodes", name);
      return name;
    }
    return null;
  }

  private static void checkNoNulls(org.apache.spark.sql.Dataset<Row> t, String what, String c) {
    if (!t.filter(col(c).isNull()).isEmpty()) {
      throw new JobInputException(what + " table column '" + c + "' holds null ids; expected a node "
          + "id in every row");
    }
  }

  /** The first {@code k} keys sorted, duplicates removed. */
  static long[] sortedUnique(long[] keys, int k) {
    Arrays.parallelSort(keys, 0, k);
    int w = 0;
    for (int i = 0; i < k; i++) {
      if (w == 0 || keys[i] != keys[w - 1]) {
        keys[w++] = keys[i];
      }
    }
    return Arrays.copyOf(keys, w);
  }

  /** Split part code: 0 none, 1 train, 2 val, 3 test. */
  static byte part(String s, String column, Object node) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "train" -> 1;
      case "val", "valid", "validation" -> 2;
      case "test" -> 3;
      default -> throw new JobInputException("nodes table column '" + column + "' is '" + s
          + "' at node " + node + ", expected train, val, test or null");
    };
  }

  private static int[] select(byte[] parts, byte p) {
    int c = 0;
    for (byte b : parts) {
      if (b == p) {
        c++;
      }
    }
    int[] out = new int[c];
    int w = 0;
    for (int v = 0; v < parts.length; v++) {
      if (parts[v] == p) {
        out[w++] = v;
      }
    }
    return out;
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  /** The sorted original ids for executors: original id → compact id by binary search. */
  record IdIndex(long[] longs, String[] strings) implements Serializable {
    static IdIndex of(NodeIds ids, String kind) {
      int n = ids.size();
      if (kind.equals("long")) {
        long[] l = new long[n];
        for (int v = 0; v < n; v++) {
          l[v] = ids.longId(v);
        }
        return new IdIndex(l, null);
      }
      String[] s = new String[n];
      for (int v = 0; v < n; v++) {
        s[v] = ids.text(v);
      }
      return new IdIndex(null, s);
    }

    int find(Object id) {
      int v = longs != null ? Arrays.binarySearch(longs, ((Number) id).longValue())
          : Arrays.binarySearch(strings, (String) id);
      if (v < 0) {
        throw new IllegalStateException("node id " + id + " was not collected");
      }
      return v;
    }
  }
}
