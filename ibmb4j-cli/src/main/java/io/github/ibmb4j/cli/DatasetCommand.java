package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetStats;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.OgbDownloader;
import io.github.ibmb4j.data.SyntheticGraphs;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ibmb dataset}: inspect, generate, convert and download datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
    description = "Inspect, generate, convert and download datasets.",
    subcommands = {DatasetCommand.Info.class, DatasetCommand.Generate.class,
        DatasetCommand.Convert.class, DatasetCommand.Download.class})
final class DatasetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: info, generate, convert or download");
  }

  private static double seconds(long start) {
    return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
  }

  private static Object finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  /** The statistics map shared by info, generate and convert. */
  static Map<String, Object> stats(Dataset d, String format, int splitIndex) {
    DatasetStats s = DatasetStats.of(d, splitIndex);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("format", format);
    m.put("nodes", s.nodes());
    m.put("undirectedEdges", s.undirectedEdges());
    m.put("selfLoops", s.selfLoops());
    m.put("isolatedNodes", s.isolatedNodes());
    m.put("features", s.features());
    m.put("featureStorage", s.sparseFeatures() ? "sparse" : "dense");
    m.put("featureNonZeros", s.featureNonZeros());
    m.put("classes", s.classes());
    m.put("unlabelled", s.unlabelled());
    m.put("splitSets", s.splitSets());
    m.put("splitIndex", splitIndex);
    Map<String, Object> sp = new LinkedHashMap<>();
    sp.put("train", s.train());
    sp.put("val", s.val());
    sp.put("test", s.test());
    m.put("splits", sp);
    m.put("splitName", d.splits().isEmpty() ? null : d.splits().get(splitIndex).name());
    m.put("homophily", finite(s.homophily()));
    Map<String, Object> deg = new LinkedHashMap<>();
    deg.put("min", s.degreeMin());
    deg.put("mean", s.degreeMean());
    deg.put("median", s.degreeMedian());
    deg.put("max", s.degreeMax());
    m.put("degree", deg);
    m.put("labelHistogram", s.labelHistogram());
    return m;
  }

  /** {@code ibmb dataset info}. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Print dataset statistics (sizes, splits, homophily, degrees, label histogram).")
  static final class Info implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DatasetOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      common.apply();
      ProgressListener progress = ConsoleProgress.of(common);
      long t0 = System.nanoTime();
      String format = Datasets.detect(data.dataset).label();
      Dataset d = data.load(progress);
      double secs = seconds(t0);
      data.split(d);
      Map<String, Object> m = stats(d, format, data.splitIndex);
      m.put("seconds", secs);
      common.print(m);
      return ExitCodes.OK;
    }
  }

  /** {@code ibmb dataset generate}. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate a synthetic graph (degree-corrected SBM with twin classes) and write it "
          + "in the binary format.")
  static final class Generate implements Callable<Integer> {
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Output directory (must not exist).")
    Path out;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes (default 169343).")
    Integer nodes;

    @Option(names = "--edges", paramLabel = "M",
        description = "Undirected edges (default 1170000, scaled with --nodes).")
    Long edges;

    @Option(names = "--classes", paramLabel = "C",
        description = "Classes (default 40; min(40, max(2, N/50)) with --nodes).")
    Integer classes;

    @Option(names = "--features", paramLabel = "F", defaultValue = "128",
        description = "Feature dimension (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--homophily", paramLabel = "H", defaultValue = "0.65",
        description = "Edge homophily (default: ${DEFAULT-VALUE}).")
    double homophily;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
        description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "binary",
        description = "binary (default) or npz (the shared graph.npz layout, written as DIR/graph.npz).")
    String format;

    @Override
    public Integer call() throws IOException {
      common.apply();
      if (!format.equals("binary") && !format.equals("npz")) {
        throw new UserInputException("--format is '" + format + "', expected binary or npz");
      }
      SyntheticGraphs.Options o = nodes == null ? SyntheticGraphs.Options.defaults()
          : SyntheticGraphs.Options.ofNodes(nodes);
      if (edges != null) {
        o = o.withEdges(edges);
      }
      o = new SyntheticGraphs.Options(o.nodes(), o.edges(), classes == null ? o.classes() : classes,
          features, homophily, o.gamma(),
          o.classSkew(), o.twinFraction(), o.meanScale(), seed);
      ProgressListener progress = ConsoleProgress.of(common);
      long t0 = System.nanoTime();
      Dataset d = SyntheticGraphs.generate(o, progress);
      double gen = seconds(t0);
      long t1 = System.nanoTime();
      if (format.equals("binary")) {
        BinaryDatasetFormat.write(d, out, progress);
      } else {
        io.github.ibmb4j.data.GraphNpzWriter.write(d, out, progress);
      }
      Map<String, Object> m = stats(d, "synthetic", 0);
      m.put("out", out.toAbsolutePath().toString());
      m.put("outputFormat", format);
      m.put("generateSeconds", gen);
      m.put("writeSeconds", seconds(t1));
      m.put("seconds", seconds(t0));
      common.print(m);
      return ExitCodes.OK;
    }
  }

  /** {@code ibmb dataset convert}. */
  @Command(name = "convert", mixinStandardHelpOptions = true,
      description = "Convert any readable dataset to the binary format (fast, memory-mappable).")
  static final class Convert implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DatasetOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Output directory (must not exist).")
    Path out;

    @Override
    public Integer call() throws IOException {
      common.apply();
      if (out.toFile().exists()) {
        throw new UserInputException("--out " + out + " already exists, expected a new directory");
      }
      ProgressListener progress = ConsoleProgress.of(common);
      long t0 = System.nanoTime();
      String format = Datasets.detect(data.dataset).label();
      Dataset d = data.load(progress);
      double read = seconds(t0);
      long t1 = System.nanoTime();
      BinaryDatasetFormat.write(d, out, progress);
      double write = seconds(t1);
      long t2 = System.nanoTime();
      Dataset back = BinaryDatasetFormat.read(out);
      double reopen = seconds(t2);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.name());
      m.put("from", format);
      m.put("out", out.toAbsolutePath().toString());
      m.put("nodes", back.numNodes());
      m.put("bytes", out.resolve(BinaryDatasetFormat.FILE_NAME).toFile().length());
      m.put("readSeconds", read);
      m.put("writeSeconds", write);
      m.put("openConvertedSeconds", reopen);
      m.put("seconds", seconds(t0));
      common.print(m);
      return ExitCodes.OK;
    }
  }

  /** {@code ibmb dataset download}. */
  @Command(name = "download", mixinStandardHelpOptions = true,
      description = "Download and unpack an OGB node-property-prediction dataset (needs internet).")
  static final class Download implements Callable<Integer> {
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
        description = "ogbn-arxiv, ogbn-products or ogbn-papers100M.")
    String name;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "Cache directory (default: data/ogb, or the ibmb.ogb.cache system property); "
            + "the dataset goes to DIR/NAME, and --dataset NAME then finds it there.")
    Path cache;

    @Option(names = "--url", paramLabel = "URL",
        description = "Download from this URL instead of the official one.")
    String url;

    @Override
    public Integer call() throws IOException {
      common.apply();
      ProgressListener progress = ConsoleProgress.of(common);
      long t0 = System.nanoTime();
      Path dir;
      try {
        java.net.URI u = url == null ? OgbDownloader.officialUrl(name) : java.net.URI.create(url);
        Path c = cache == null ? Datasets.ogbCache() : cache;
        dir = OgbDownloader.download(name, u, c, java.time.Duration.ofSeconds(30), progress);
      } catch (io.github.ibmb4j.data.DatasetFormatException e) {
        throw e;
      } catch (IOException e) {
        // Network failures are the environment, not a bug: report them as bad input (exit 2).
        throw new UserInputException(e.getMessage(), e);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("dir", dir.toString());
      m.put("seconds", seconds(t0));
      PrintWriter w = spec.commandLine().getOut();
      Output.print(w, common, m);
      return ExitCodes.OK;
    }
  }
}
