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
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A binary dataset directory ({@link BinaryDatasetFormat}, with its {@link NodeIds} file if any)
 * distributed with the job through {@code SparkContext.addFile}, and opened once per executor JVM.
 *
 * <p>On the driver, {@link #ship} converts any other dataset the CLI reads into a binary directory in
 * a temporary folder first, then registers the directory; tasks call {@link #open()} on the
 * serialisable handle. Each executor opens its local copy once ({@code SparkFiles.get}) and caches it
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

  private final String fileName;

  private ShippedDataset(String fileName) {
    this.fileName = fileName;
  }

  /**
   * Opens {@code spec} on the driver and registers its binary directory with the job.
   *
   * @param spec a binary dataset directory, or anything {@code Datasets.open} reads
   * @param tmp a job-private temporary directory for the conversion
   */
  static Driver ship(JavaSparkContext jsc, String spec, Path tmp) throws IOException {
    Path dir = Path.of(spec);
    if (!BinaryDatasetFormat.isBinaryDataset(dir)) {
      Dataset d = Datasets.open(spec, ProgressListener.NONE,
          BinaryDatasetFormat.FeatureStorage.AUTO);
      dir = tmp.resolve(safeName(d.name()));
      BinaryDatasetFormat.write(d, dir, ProgressListener.NONE);
    }
    dir = dir.toAbsolutePath().normalize();
    Opened opened = open(dir);
    // addFile registers a directory under its last path element
    String name = dir.getFileName().toString();
    jsc.addFile(dir.toString(), true);
    return new Driver(new ShippedDataset(name), opened);
  }

  /** The driver's view: the handle for tasks and the dataset opened locally. */
  record Driver(ShippedDataset handle, Opened opened) {}

  private static String safeName(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** In a task: this executor's copy, opened once per JVM. */
  Opened open() {
    Path local = Path.of(SparkFiles.get(fileName));
    return OPEN.computeIfAbsent(local.toString(), k -> {
      try {
        return open(local);
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
