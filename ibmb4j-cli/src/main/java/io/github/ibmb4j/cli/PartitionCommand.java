package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.partition.Partitioning;
import io.github.ibmb4j.partition.RandomPartitioner;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ibmb partition}: partitions a dataset's graph and reports edge cut, balance and time. */
@Command(name = "partition", mixinStandardHelpOptions = true,
    description = "Partition a dataset's graph into K parts (multilevel, METIS-style) and report the "
        + "edge cut, the imbalance and the time.")
public final class PartitionCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DatasetOptions data;

  @Option(names = "--parts", paramLabel = "K", required = true, description = "Number of parts (>= 1).")
  int parts;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--imbalance", paramLabel = "X", defaultValue = "1.03",
      description = "Balance tolerance: max part size / average part size, >= 1 "
          + "(default: ${DEFAULT-VALUE}, like METIS -ufactor=30).")
  double imbalance;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Also write the part of every node, one per line (METIS partition-file format).")
  Path output;

  @Override
  public Integer call() throws Exception {
    common.apply();
    if (parts < 1) {
      throw new UserInputException("--parts is " + parts + ", expected >= 1");
    }
    if (!(imbalance >= 1.0)) {
      throw new UserInputException("--imbalance is " + imbalance + ", expected >= 1.0");
    }
    ProgressListener progress = ConsoleProgress.of(common);
    progress.start("loading " + data.dataset, 0);
    Dataset d = data.load();
    CsrGraph g = d.graph();
    progress.finish();
    if (parts > g.numNodes()) {
      throw new UserInputException("--parts is " + parts + ", expected at most the number of nodes "
          + g.numNodes());
    }
    progress.start("partitioning into " + parts + " parts", 0);
    var options = MultilevelPartitioner.Options.defaults().withSeed(seed).withImbalance(imbalance);
    long t0 = System.nanoTime();
    Partitioning p = new MultilevelPartitioner(options).partition(g, parts);
    double seconds = (System.nanoTime() - t0) / 1e9;
    progress.finish();
    Partitioning r = new RandomPartitioner(seed).partition(g, parts);
    if (output != null) {
      writeAssignment(p.assignment(), output);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset", d.name());
    out.put("nodes", g.numNodes());
    out.put("edges", GraphOps.undirectedEdgeCount(g));
    out.put("parts", parts);
    out.put("edgeCut", p.edgeCut());
    out.put("imbalance", p.imbalance());
    out.put("seconds", seconds);
    out.put("randomEdgeCut", r.edgeCut());
    out.put("seed", seed);
    out.put("imbalanceTolerance", imbalance);
    if (output != null) {
      out.put("output", output.toString());
    }
    common.print(out);
    return 0;
  }

  /** Writes one part id per line to a temporary sibling, then renames it over {@code file}. */
  static void writeAssignment(int[] assignment, Path file) throws java.io.IOException {
    io.github.ibmb4j.files.AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII));
      for (int p : assignment) {
        w.write(Integer.toString(p));
        w.write('\n');
      }
      w.flush();
    });
  }

}
