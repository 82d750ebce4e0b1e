package io.github.ibmb4j.cli.bench;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchCache;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.cli.Output;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.NpyArray;
import io.github.ibmb4j.data.NpzReader;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark of node-wise IBMB preprocessing: PPR push over each split's output nodes (repeated; the
 * first run is JIT warm-up), merging, materialisation and the batch cache's write/read throughput;
 * optionally compares the batches with the PyTorch peer's {@code --dump-batches} file.
 *
 * <pre>
 * java -cp ibmb4j-cli/target/ibmb.jar io.github.ibmb4j.cli.bench.PprBench GRAPH.npz
 *     [--repeats 5] [--threads 2] [--outputs-per-batch 9000] [--cache-dir DIR] [--compare DUMP.npz]
 * java -cp ibmb4j-cli/target/ibmb.jar io.github.ibmb4j.cli.bench.PprBench --read-cache FILE [--drop]
 * </pre>
 * Prints one JSON line per measurement group on stdout.
 */
public final class PprBench {
  private PprBench() {}

  public static void main(String[] args) throws Exception {
    String graph = null;
    int repeats = 5;
    int threads = 2;
    int outputsPerBatch = 9000;
    Path cacheDir = null;
    Path compare = null;
    if (args.length >= 2 && args[0].equals("--read-cache")) {
      // timed reads of an existing cache file in one JVM; the first read is JIT/heap warm-up. With
      // --drop (root only) the page cache is dropped before every read, so reads 2.. are cold.
      Path f = Path.of(args[1]);
      boolean drop = args.length > 2 && args[2].equals("--drop");
      double[] sec = new double[4];
      for (int r = 0; r < sec.length; r++) {
        if (drop) {
          new ProcessBuilder("sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches").inheritIO().start().waitFor();
        }
        long s = System.nanoTime();
        List<Batch> b = BatchCache.read(f, null);
        sec[r] = (System.nanoTime() - s) / 1e9;
        if (b.isEmpty()) {
          throw new IllegalStateException("no batches in " + f);
        }
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("bench", "cache-read");
      o.put("file", f.toString());
      o.put("bytes", Files.size(f));
      o.put("pageCacheDropped", drop);
      o.put("seconds", sec);
      o.put("bestMBpsAfterWarmup", Files.size(f) / 1e6 / Arrays.stream(sec).skip(1).min().orElseThrow());
      o.put("loadavg", loadavg());
      System.out.println(Output.toJson(o));
      return;
    }
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--outputs-per-batch" -> outputsPerBatch = Integer.parseInt(args[++i]);
        case "--cache-dir" -> cacheDir = Path.of(args[++i]);
        case "--compare" -> compare = Path.of(args[++i]);
        default -> graph = args[i];
      }
    }
    if (graph == null) {
      System.err.println("usage: PprBench GRAPH.npz [--repeats R] [--threads T] [--outputs-per-batch N]"
          + " [--cache-dir DIR] [--compare PEER_DUMP.npz]");
      System.exit(2);
    }
    Parallel.setThreads(threads);
    long t0 = System.nanoTime();
    Dataset d = Datasets.open(graph);
    CsrGraph g = GraphOps.withSelfLoops(d.graph());
    double loadS = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("bench", "setup");
    head.put("graph", graph);
    head.put("nodes", g.numNodes());
    head.put("entriesWithSelfLoops", g.numEntries());
    head.put("threads", threads);
    head.put("loadSeconds", loadS);
    head.put("loadavg", loadavg());
    head.put("java", Runtime.version().toString());
    System.out.println(Output.toJson(head));

    int[] train = d.split().train();
    PprPush push = new PprPush(0.25, 2e-4, 16);
    double[] pprTimes = new double[repeats];
    double[] pprCpu = new double[repeats];
    long pushed = 0;
    for (int r = 0; r < repeats; r++) {
      long c = processCpuNanos();
      long s = System.nanoTime();
      PprMatrix m = push.compute(g, train, ProgressListener.NONE);
      pprTimes[r] = (System.nanoTime() - s) / 1e9;
      pprCpu[r] = (processCpuNanos() - c) / 1e9;
      pushed = m.pushedEntries();
    }
    Map<String, Object> ppr = new LinkedHashMap<>();
    ppr.put("bench", "ppr-train");
    ppr.put("outputs", train.length);
    ppr.put("pushedEntries", pushed);
    ppr.put("seconds", pprTimes);
    ppr.put("cpuSeconds", pprCpu);
    ppr.put("bestSeconds", Arrays.stream(pprTimes).skip(repeats > 1 ? 1 : 0).min().orElse(Double.NaN));
    ppr.put("medianSecondsAfterWarmup", median(Arrays.copyOfRange(pprTimes, repeats > 1 ? 1 : 0, repeats)));
    ppr.put("loadavg", loadavg());
    System.out.println(Output.toJson(ppr));

    Map<String, NpyArray> dump = compare == null ? null : NpzReader.readNpz(compare);
    BatchMaterializer mat = BatchMaterializer.of(d, BatchMaterializer.DEFAULT_NORMALIZATION, true);
    for (String part : new String[] {"train", "val", "test"}) {
      int[] outputs = d.split().part(part);
      var opts = NodeWiseIbmbOptions.DEFAULTS.withOutputsPerBatch(outputsPerBatch)
          .withEvaluation(!part.equals("train"));
      NodeWiseIbmbPlanner planner = new NodeWiseIbmbPlanner(opts);
      NodeWiseIbmbPlanner.Detailed det = null;
      double[] merge = new double[Math.max(2, repeats / 2)];
      double[] pprS = new double[merge.length];
      for (int r = 0; r < merge.length; r++) {
        det = planner.planDetailed(g, outputs);
        merge[r] = det.mergeSeconds();
        pprS[r] = det.pprSeconds();
      }
      List<BatchSpec> specs = det.plan().batches();
      double[] matS = new double[merge.length];
      List<Batch> batches = null;
      for (int r = 0; r < matS.length; r++) {
        batches = null;
        long s = System.nanoTime();
        batches = mat.materializeAll(specs);
        matS[r] = (System.nanoTime() - s) / 1e9;
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("bench", "split-" + part);
      o.put("outputs", outputs.length);
      o.put("cap", det.cap());
      o.put("batches", specs.size());
      o.put("groupsAfterGreedy", det.groupsAfterGreedy());
      o.put("pairs", det.pairs());
      o.put("auxSizes", specs.stream().mapToInt(b -> b.auxiliary().length).toArray());
      o.put("pprSeconds", pprS);
      o.put("mergeSeconds", merge);
      o.put("materializeSeconds", matS);
      long nnz = 0;
      long bytes = 0;
      for (Batch b : batches) {
        nnz += b.numEntries();
        bytes += 4L * (b.numNodes() * 2L + 1 + 2 * b.numEntries()
            + (long) b.numNodes() * b.features().cols() + b.numOutputs());
      }
      o.put("batchEntries", nnz);
      if (cacheDir != null) {
        Files.createDirectories(cacheDir);
        Path f = cacheDir.resolve("bench-" + part + ".batches");
        byte[] key = BatchCache.key(new byte[32], "bench " + part, outputs);
        long s = System.nanoTime();
        BatchCache.write(f, key, batches);
        double w = (System.nanoTime() - s) / 1e9;
        double[] rd = new double[3];
        for (int r = 0; r < rd.length; r++) {
          s = System.nanoTime();
          List<Batch> back = BatchCache.read(f, key);
          rd[r] = (System.nanoTime() - s) / 1e9;
          if (back.size() != batches.size()) {
            throw new IllegalStateException("cache read returned " + back.size() + " batches");
          }
        }
        o.put("cacheFileBytes", Files.size(f));
        o.put("cacheWriteSeconds", w);
        o.put("cacheReadSeconds", rd);
        o.put("cacheReadMBps", Files.size(f) / 1e6 / Arrays.stream(rd).min().orElseThrow());
      }
      o.put("batchBytes", bytes);
      if (dump != null) {
        o.put("peerComparison", comparePeer(dump, part, specs, det.ppr(), outputs));
      }
      o.put("loadavg", loadavg());
      System.out.println(Output.toJson(o));
    }
  }

  /** Exact and Jaccard agreement of batches and per-node top-k sets with the peer's dump. */
  static Map<String, Object> comparePeer(Map<String, NpyArray> dump, String part, List<BatchSpec> specs,
      PprMatrix ppr, int[] outputs) throws Exception {
    long[] outPtr = toLongs(dump.get(part + "_out_ptr"));
    int[] out = dump.get(part + "_out").toIntArray();
    long[] auxPtr = toLongs(dump.get(part + "_aux_ptr"));
    int[] aux = dump.get(part + "_aux").toIntArray();
    long[] nodePtr = toLongs(dump.get(part + "_node_topk_ptr"));
    int[] nodeTopk = dump.get(part + "_node_topk").toIntArray();
    Map<String, Object> c = new LinkedHashMap<>();
    int peerBatches = outPtr.length - 1;
    c.put("peerBatches", peerBatches);
    int sameOut = 0;
    int sameAux = 0;
    double jacc = 0;
    for (int b = 0; b < Math.min(peerBatches, specs.size()); b++) {
      int[] po = Arrays.copyOfRange(out, (int) outPtr[b], (int) outPtr[b + 1]);
      int[] pa = Arrays.copyOfRange(aux, (int) auxPtr[b], (int) auxPtr[b + 1]);
      Arrays.sort(po);
      if (Arrays.equals(po, specs.get(b).outputs())) {
        sameOut++;
      }
      if (Arrays.equals(pa, specs.get(b).auxiliary())) {
        sameAux++;
      }
      jacc += jaccard(pa, specs.get(b).auxiliary());
    }
    c.put("batchesWithIdenticalOutputs", sameOut);
    c.put("batchesWithIdenticalAux", sameAux);
    c.put("meanAuxJaccard", jacc / Math.max(1, Math.min(peerBatches, specs.size())));
    int sameNode = 0;
    for (int i = 0; i < outputs.length; i++) {
      int[] pn = Arrays.copyOfRange(nodeTopk, (int) nodePtr[i], (int) nodePtr[i + 1]);
      if (Arrays.equals(pn, ppr.auxiliarySet(i))) {
        sameNode++;
      }
    }
    c.put("nodesWithIdenticalTopkSet", sameNode);
    c.put("nodes", outputs.length);
    return c;
  }

  static long[] toLongs(NpyArray a) throws Exception {
    int[] x = a.toIntArray();
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  static double jaccard(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int inter = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        inter++;
        i++;
        j++;
      }
    }
    int uni = a.length + b.length - inter;
    return uni == 0 ? 1.0 : (double) inter / uni;
  }

  static double median(double[] a) {
    if (a.length == 0) {
      return Double.NaN;
    }
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** CPU time of the whole process (all threads, incl. GC and JIT), in ns. */
  static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "n/a";
    }
  }
}
