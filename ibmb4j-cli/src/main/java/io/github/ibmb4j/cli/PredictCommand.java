package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.serving.PredictRequest;
import io.github.ibmb4j.serving.Prediction;
import io.github.ibmb4j.serving.Predictions;
import io.github.ibmb4j.serving.Predictor;
import io.github.ibmb4j.serving.PredictorOptions;
import io.github.ibmb4j.serving.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ibmb predict}: predictions of a trained model for chosen nodes through the library's
 * {@link Predictor} (per-node PPR neighbourhoods, the paper's output-node merging), or with
 * {@code --method full} the full-graph answer for the same nodes. Writes
 * {@code node,predicted,label_name,probability[,label]} (CSV) or a JSON array; with {@code --json}
 * a summary object (nodes, accuracy over the labelled requested nodes, seconds, method) is the last
 * line of stdout.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict chosen nodes with a trained model (from 'ibmb train').")
public final class PredictCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin TrainedRunOptions trained;

  static final class Which {
    @Option(names = "--nodes", paramLabel = "ID,ID,...", split = ",",
        description = "Node ids to predict.")
    List<String> nodes;

    @Option(names = "--nodes-file", paramLabel = "FILE",
        description = "File of node ids (separated by commas, spaces or new lines; '#' comments).")
    Path nodesFile;

    @Option(names = "--sample-test", paramLabel = "FRACTION",
        description = "A seeded random fraction of the run's test split, e.g. 0.01.")
    Double sampleTest;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  @Option(names = "--sample-seed", defaultValue = "0",
      description = "Seed of --sample-test (default: ${DEFAULT-VALUE}).")
  long sampleSeed;

  @Option(names = "--method", defaultValue = "receptive-field",
      description = "receptive-field (each node's complete receptive field: the full-graph answer "
          + "at a fraction of the cost), ibmb-node (PPR top-k neighbourhoods with the paper's "
          + "output-node merging) or full (full-graph inference) (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--format", defaultValue = "csv", description = "csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the predictions here (atomically) instead of stdout.")
  Path out;

  @Option(names = "--per-node",
      description = "Predict every node in its own request (the single-node serving case).")
  boolean perNode;

  @Option(names = "--training-batches",
      description = "Use the run's evaluation batch settings unchanged (as whole-split inference).")
  boolean trainingBatches;

  @Option(names = "--topk", paramLabel = "K", description = "Auxiliary nodes per output node.")
  Integer topk;

  @Option(names = "--eps", paramLabel = "EPS", description = "PPR push threshold.")
  Double eps;

  @Option(names = "--outputs-per-batch", paramLabel = "N",
      description = "Target output nodes per batch (before the paper's normalisation).")
  Integer outputsPerBatch;

  @Option(names = "--hops", paramLabel = "H",
      description = "Add every node within H hops of each output to its batch (0 = none).")
  Integer hops;

  @Option(names = "--renormalize", arity = "1", paramLabel = "true|false",
      description = "Renormalise batch rows to their kept entries.")
  Boolean renormalize;

  @Option(names = "--last-hop-fanout", paramLabel = "F",
      description = "receptive-field: neighbours kept per node at the deepest hop (rows "
          + "renormalised; default all, which is exact).")
  Integer lastHopFanout;

  @Option(names = "--compare-full",
      description = "Also run full-graph inference on the same nodes; report its accuracy and the "
          + "agreement of the predictions.")
  boolean compareFull;

  @Option(names = "--repeats", defaultValue = "1",
      description = "Predict this many times; seconds are the median pass (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--cache-size", paramLabel = "N",
      description = "Per-node PPR vectors kept in the predictor's cache (0 = none; default 100000).")
  Integer cacheSize;

  @Option(names = "--embeddings", description = "JSON format: include each node's embedding.")
  boolean embeddings;

  @Override
  public Integer call() throws Exception {
    common.apply();
    ProgressListener progress = ConsoleProgress.of(common);
    RunConfig config = RunConfig.read(trained.run); // validates the run directory (one-line errors)
    if (!Files.isRegularFile(trained.run.resolve(RunDirectory.CHECKPOINT))) {
      throw new UserInputException(trained.run.resolve(RunDirectory.CHECKPOINT)
          + ": no trained model in the run directory");
    }
    if (!format.equals("csv") && !format.equals("json")) {
      throw new UserInputException("--format is '" + format + "', expected csv or json");
    }
    DatasetOptions dopts = trained.datasetOptions(config);
    Dataset d = dopts.load(progress);
    int[] nodes = nodes(d, dopts);
    PredictorOptions o = trainingBatches ? PredictorOptions.trainingBatches()
        : PredictorOptions.defaults();
    try {
      o = o.withMethod(method).withMaxNodesPerRequest(Math.max(1, nodes.length));
      if (topk != null) {
        o = o.withTopk(topk);
      }
      if (eps != null) {
        o = o.withEps(eps);
      }
      if (outputsPerBatch != null) {
        o = o.withOutputsPerBatch(outputsPerBatch);
      }
      if (hops != null) {
        o = o.withHops(hops);
      }
      if (renormalize != null) {
        o = o.withRenormalize(renormalize);
      }
      if (cacheSize != null) {
        o = o.withCacheSize(cacheSize);
      }
      if (lastHopFanout != null) {
        o = o.withLastHopFanout(lastHopFanout);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage().replace("method is", "--method is"));
    }
    List<String> names = RunFiles.classNames(dopts.dataset, d.numClasses());
    List<Prediction> ps = new ArrayList<>(nodes.length);
    long batches = 0;
    long batchNodes = 0;
    double seconds;
    if (repeats < 1) {
      throw new UserInputException("--repeats is " + repeats + ", expected >= 1");
    }
    double[] times = new double[repeats];
    try (Predictor p = Predictor.open(trained.run, d, o)) {
      for (int rep = 0; rep < repeats; rep++) {
        ps.clear();
        batches = 0;
        long t0 = System.nanoTime();
        if (perNode) {
          for (int v : nodes) {
            Predictions r = p.predict(new PredictRequest(new int[] {v}, List.of(), embeddings));
            ps.add(r.get(0));
            batches += r.batches();
            batchNodes += r.batchNodes();
          }
        } else {
          Predictions r = p.predict(new PredictRequest(nodes, List.of(), embeddings));
          ps.addAll(r.predictions());
          batches = r.batches();
          batchNodes = r.batchNodes();
        }
        times[rep] = (System.nanoTime() - t0) / 1e9;
        if (rep < repeats - 1) {
          batchNodes = 0;
        }
      }
    }
    Arrays.sort(times);
    seconds = times[repeats / 2];
    Predictions all = new Predictions(o.method(), ps, (int) batches, batchNodes, 1, seconds);
    writePredictions(all, names);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", d.name());
    summary.put("method", o.method());
    summary.put("nodes", nodes.length);
    summary.put("labelled", all.labelled());
    summary.put("accuracy", nanToNull(all.accuracy()));
    summary.put("seconds", seconds);
    summary.put("secondsPerRequest", seconds / (perNode ? Math.max(1, nodes.length) : 1));
    summary.put("requests", perNode ? nodes.length : 1);
    summary.put("batches", batches);
    summary.put("batchNodes", batchNodes);
    if (compareFull) {
      try (Predictor f = Predictor.open(trained.run, d, PredictorOptions.defaults()
          .withMethod("full").withMaxNodesPerRequest(Math.max(1, nodes.length)))) {
        Predictions full = null;
        double[] ft = new double[repeats];
        for (int rep = 0; rep < repeats; rep++) {
          long t0 = System.nanoTime();
          full = f.predict(nodes);
          ft[rep] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(ft);
        summary.put("fullAccuracy", nanToNull(full.accuracy()));
        summary.put("fullSeconds", ft[repeats / 2]);
        int same = 0;
        for (int i = 0; i < nodes.length; i++) {
          if (full.get(i).predicted() == ps.get(i).predicted()) {
            same++;
          }
        }
        summary.put("agreement", nodes.length == 0 ? null : (double) same / nodes.length);
      }
    }
    summary.put("options", o.toMap());
    if (out != null) {
      summary.put("out", out.toString());
    }
    PrintWriter w = spec.commandLine().getOut();
    if (common.json || out != null) {
      if (!common.json) {
        Output.print(w, common, summary);
      } else {
        w.println(Output.toJson(summary));
        w.flush();
      }
    }
    return ExitCodes.OK;
  }

  private static Object nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private int[] nodes(Dataset d, DatasetOptions dopts) throws IOException {
    if (which.sampleTest != null) {
      double f = which.sampleTest;
      if (!(f > 0 && f <= 1)) {
        throw new UserInputException("--sample-test is " + f + ", expected a fraction in (0, 1]");
      }
      int[] test = dopts.split(d).test();
      int m = (int) Math.max(1, Math.round(f * test.length));
      return new SplittableRandom(sampleSeed).ints(0, test.length).distinct().limit(m)
          .map(i -> test[i]).sorted().toArray();
    }
    List<String> tokens = new ArrayList<>();
    String source;
    if (which.nodes != null) {
      tokens.addAll(which.nodes);
      source = "--nodes";
    } else {
      source = which.nodesFile.toString();
      for (String line : Files.readAllLines(which.nodesFile, StandardCharsets.UTF_8)) {
        int hash = line.indexOf('#');
        String l = hash >= 0 ? line.substring(0, hash) : line;
        tokens.addAll(Arrays.asList(l.split("[,\\s]+")));
      }
    }
    int n = d.numNodes();
    int[] ids = tokens.stream().map(String::strip).filter(t -> !t.isEmpty()).mapToInt(t -> {
      int v;
      try {
        v = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new UserInputException(source + ": '" + t + "' is not a node id, expected an integer "
            + "in [0, " + n + ")");
      }
      if (v < 0 || v >= n) {
        throw new UserInputException(source + ": node id " + v + " is out of range, expected an "
            + "integer in [0, " + n + ")");
      }
      return v;
    }).toArray();
    if (ids.length == 0) {
      throw new UserInputException(source + " lists no node ids, expected at least one");
    }
    return ids;
  }

  private void writePredictions(Predictions p, List<String> names) throws IOException {
    boolean labels = p.labelled() > 0;
    StringWriter sw = new StringWriter();
    if (format.equals("csv")) {
      sw.write("node,predicted,label_name,probability" + (labels ? ",label" : "") + "\n");
      for (Prediction q : p.predictions()) {
        sw.write(q.node() + "," + q.predicted() + "," + csv(names.get(q.predicted())) + ","
            + String.format(Locale.ROOT, "%.6f", q.probability())
            + (labels ? "," + q.label() : "") + "\n");
      }
    } else {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Prediction q : p.predictions()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", q.node());
        m.put("predicted", q.predicted());
        m.put("label_name", names.get(q.predicted()));
        m.put("probability", q.probability());
        m.put("probabilities", q.probabilities());
        if (q.embedding() != null) {
          m.put("embedding", q.embedding());
        }
        if (labels) {
          m.put("label", q.label());
        }
        rows.add(m);
      }
      sw.write(Output.toJson(rows) + "\n");
    }
    if (out != null) {
      AtomicFiles.writeString(out, sw.toString());
    } else {
      PrintWriter w = spec.commandLine().getOut();
      w.write(sw.toString());
      w.flush();
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
