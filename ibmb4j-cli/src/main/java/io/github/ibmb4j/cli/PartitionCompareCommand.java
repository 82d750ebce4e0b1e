package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.partition.Gpmetis;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.partition.Partitioning;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb partition-compare}: our partitioner against {@code gpmetis} (an external reference, Debian
 * package {@code metis}) at the same balance, as a Markdown table (or JSON rows).
 */
@Command(name = "partition-compare", mixinStandardHelpOptions = true,
    description = "Compare the edge cut and time of our partitioner with gpmetis (apt-get install "
        + "metis) at the same balance, on one or more datasets and part counts.")
public final class PartitionCompareCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--datasets", paramLabel = "D", split = ",", required = true,
      description = "Datasets (graph.npz files or directories), comma-separated.")
  List<String> datasets;

  @Option(names = "--parts", paramLabel = "K", split = ",", defaultValue = "2,4,8,16,64",
      description = "Part counts, comma-separated (default: ${DEFAULT-VALUE}).")
  int[] parts;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed for both partitioners (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--imbalance", paramLabel = "X", defaultValue = "1.03",
      description = "Balance tolerance for both (gpmetis -ufactor=(X-1)*1000; default: ${DEFAULT-VALUE}).")
  double imbalance;

  @Option(names = "--repeat", paramLabel = "R", defaultValue = "3",
      description = "Timed runs per cell; the median time is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--kway-coarsening",
      description = "Use METIS' k-way scheme for our partitioner: coarsen to max(20k, 100) nodes, "
          + "initial partition there, k-way refinement on every level (default: off, see docs).")
  boolean kwayCoarsening;

  @Override
  public Integer call() throws Exception {
    common.apply();
    if (Gpmetis.find() == null) {
      throw new UserInputException("gpmetis not found on the PATH; install it with "
          + "'apt-get install -y metis'");
    }
    if (repeat < 1) {
      throw new UserInputException("--repeat is " + repeat + ", expected >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    var progress = ConsoleProgress.of(common);
    List<Map<String, Object>> rows = new ArrayList<>();
    var options = MultilevelPartitioner.Options.defaults().withSeed(seed).withImbalance(imbalance);
    for (String name : datasets) {
      Dataset d = Datasets.open(name);
      CsrGraph g = d.graph();
      for (int k : parts) {
        progress.start(d.name() + " k=" + k, 0);
        double[] ours = new double[repeat];
        double[] oursCpu = new double[repeat];
        double[] theirs = new double[repeat];
        Partitioning p = null;
        Gpmetis.Result m = null;
        for (int r = 0; r < repeat; r++) {
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          var o = kwayCoarsening ? new MultilevelPartitioner.Options(options.seed(),
              options.imbalance(), Math.max(20 * k, 100), options.initialTries(),
              options.refinementPasses(), options.trials()) : options;
          p = new MultilevelPartitioner(o).partition(g, k);
          ours[r] = (System.nanoTime() - t0) / 1e9;
          oursCpu[r] = (processCpuNanos() - c0) / 1e9;
          m = Gpmetis.run(g, k, imbalance, seed);
          theirs[r] = m.metisSeconds();
        }
        progress.finish();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("dataset", d.name());
        row.put("nodes", g.numNodes());
        row.put("parts", k);
        row.put("edgeCut", p.edgeCut());
        row.put("gpmetisEdgeCut", m.reportedCut());
        row.put("cutRatio", p.edgeCut() / (double) Math.max(1, m.reportedCut()));
        row.put("imbalance", p.imbalance());
        row.put("gpmetisImbalance", m.partitioning().imbalance());
        row.put("seconds", median(ours));
        row.put("cpuSeconds", median(oursCpu));
        row.put("gpmetisSeconds", median(theirs));
        rows.add(row);
      }
    }
    if (common.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("imbalanceTolerance", imbalance);
      result.put("seed", seed);
      result.put("rows", rows);
      out.println(Output.toJson(result));
    } else {
      out.println("| dataset | k | our cut | gpmetis cut | ours / gpmetis | our imbalance | gpmetis "
          + "imbalance | our wall s | our CPU s | gpmetis CPU s |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (Map<String, Object> r : rows) {
        out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |",
            r.get("dataset"), r.get("parts"), r.get("edgeCut"), r.get("gpmetisEdgeCut"),
            r.get("cutRatio"), r.get("imbalance"), r.get("gpmetisImbalance"), r.get("seconds"),
            r.get("cpuSeconds"), r.get("gpmetisSeconds")));
      }
    }
    out.flush();
    return 0;
  }

  /** CPU time of the whole JVM (all threads, JIT and GC included: pessimistic for us). */
  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
