package io.github.ibmb4j.spark;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A binary dataset ({@link BinaryDatasetFormat}, with its {@link NodeIds} file if any) distributed
 * with the job through {@code SparkContext.addFile}, and opened once per executor JVM.
 *
 * <p>On the driver, {@link #ship} converts any other dataset the CLI reads into a binary directory in
 * a temporary folder first, then registers its files; tasks call {@link #open()} on the
 * serialisable handle. Each executor fetches the files once and opens its local copy
 * ({@code SparkFiles.get}), cached
 * for every later task in that JVM: dense features stay in the memory-mapped file
 * ({@link BinaryDatasetFormat.FeatureStorage#MAPPED}, read row by row when a batch gathers them), the
 * CSR graph with self-loops (what {@code PprPush} and the materialiser read) is built once per JVM.
 * Thread-safe.
 */
final class ShippedDataset implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ConcurrentHashMap<String, Opened> OPEN = new ConcurrentHashMap<>();

  /** One opened dataset: the data, its graph with self-loops, its original ids. */
  record Opened(Dataset dataset, CsrGraph graph, NodeIds ids) {}

  private final String dataName;
  private final String idsName; // null: identity ids

  private ShippedDataset(String dataName, String idsName) {
    this.dataName = dataName;
    this.idsName = idsName;
  }

  /** Per application: its shipping directory and the datasets shipped so far (by spec). */
  private static final ConcurrentHashMap<String, Path> APP_DIRS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Driver> SHIPPED = new ConcurrentHashMap<>();

  /**
   * Opens {@code spec} on the driver and registers its files with the application. Files added to a
   * Spark application stay registered until it stops, so the shipped copies live in a directory of
   * the application (removed when it ends) and shipping the same spec again reuses them.
   *
   * @param spec a binary dataset directory, or anything {@code Datasets.open} reads
   */
  static Driver ship(JavaSparkContext jsc, String spec) throws IOException {
    String app = jsc.sc().applicationId();
    String key = app + "\u0000" + Path.of(spec).toAbsolutePath().normalize();
    Driver known = SHIPPED.get(key);
    if (known != null) {
      return known;
    }
    Path tmp = appDir(jsc);
    Path dir = Path.of(spec);
    String base = "ibmb-" + java.util.UUID.randomUUID();
    if (!BinaryDatasetFormat.isBinaryDataset(dir)) {
      Dataset d = Datasets.open(spec, ProgressListener.NONE,
          BinaryDatasetFormat.FeatureStorage.AUTO);
      dir = tmp.resolve(base);
      BinaryDatasetFormat.write(d, dir, ProgressListener.NONE);
    }
    dir = dir.toAbsolutePath().normalize();
    Opened opened = open(dir);
    // Spark ships single files (directories only in local mode) under their resolved file names, so
    // each file gets an application-unique name through a hard link (a copy across file systems)
    String dataName = base + ".ibmb";
    jsc.addFile(uniqueName(dir.resolve(BinaryDatasetFormat.FILE_NAME), tmp.resolve(dataName)));
    String idsName = null;
    if (Files.isRegularFile(dir.resolve(NodeIds.FILE_NAME))) {
      idsName = base + "." + NodeIds.FILE_NAME;
      jsc.addFile(uniqueName(dir.resolve(NodeIds.FILE_NAME), tmp.resolve(idsName)));
    }
    Driver shipped = new Driver(new ShippedDataset(dataName, idsName), opened);
    SHIPPED.put(key, shipped);
    return shipped;
  }

  /** The application's shipping directory, created on first use and removed when it ends. */
  private static Path appDir(JavaSparkContext jsc) {
    String app = jsc.sc().applicationId();
    return APP_DIRS.computeIfAbsent(app, a -> {
      try {
        Path d = Files.createTempDirectory("ibmb-spark-files");
        jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onApplicationEnd(org.apache.spark.scheduler.SparkListenerApplicationEnd e) {
            APP_DIRS.remove(a);
            SHIPPED.keySet().removeIf(k -> k.startsWith(a + "\u0000"));
            try {
              ImportJob.deleteRecursively(d);
            } catch (IOException ignored) {
              // a temporary directory; the OS cleans it
            }
          }
        });
        return d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Registers one file with the application under a unique name (e.g. a checkpoint); returns the
   * name for {@code SparkFiles.get} in tasks.
   */
  static String shipFile(JavaSparkContext jsc, Path file) throws IOException {
    String name = "ibmb-" + java.util.UUID.randomUUID() + "-" + file.getFileName();
    jsc.addFile(uniqueName(file, appDir(jsc).resolve(name)));
    return name;
  }

  private static String uniqueName(Path file, Path link) throws IOException {
    try {
      Files.createLink(link, file);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(file, link);
    }
    return link.toString();
  }

  /** The driver's view: the handle for tasks and the dataset opened locally. */
  record Driver(ShippedDataset handle, Opened opened) {}

  /** In a task: this executor's copy, opened once per JVM. */
  Opened open() {
    String data = SparkFiles.get(dataName);
    return OPEN.computeIfAbsent(data, k -> {
      try {
        Dataset d = BinaryDatasetFormat.read(Path.of(data), BinaryDatasetFormat.FeatureStorage.MAPPED);
        NodeIds ids = idsName == null ? NodeIds.identity(d.numNodes())
            : NodeIds.read(Path.of(SparkFiles.get(idsName)));
        return new Opened(d, GraphOps.withSelfLoops(d.graph()), ids);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static Opened open(Path dir) throws IOException {
    Dataset d = BinaryDatasetFormat.read(dir, BinaryDatasetFormat.FeatureStorage.MAPPED);
    return new Opened(d, GraphOps.withSelfLoops(d.graph()), NodeIds.forDataset(dir.toString(),
        d.numNodes()));
  }
}
