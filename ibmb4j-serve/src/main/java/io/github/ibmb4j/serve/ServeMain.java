package io.github.ibmb4j.serve;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.serving.Predictor;
import io.github.ibmb4j.serving.PredictorOptions;
import io.github.ibmb4j.serving.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ibmb serve}: opens a trained run as a {@link Predictor} and serves it over HTTP until
 * SIGTERM or SIGINT, then drains the requests in flight and exits 0. Prints one line
 * {@code listening on http://HOST:PORT} on standard output when ready. Exit codes: 0 after a
 * shutdown, 2 for bad options or an unreadable run, 1 when the server cannot start (e.g. the port is
 * taken).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve predictions of a trained model over HTTP (JSON; see docs/serving.md).")
public final class ServeMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeMain.class);

  @Option(names = "--run", paramLabel = "RUN_DIR", required = true,
      description = "Run directory written by 'ibmb train'.")
  Path run;

  @Option(names = "--dataset", paramLabel = "D",
      description = "Dataset to predict on (default: the run's); the run's feature and class counts.")
  String dataset;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080",
      description = "Port, 0 for an ephemeral one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--method", defaultValue = "receptive-field",
      description = "receptive-field, ibmb-node, or full for full-graph inference per request "
          + "(default: ${DEFAULT-VALUE}; see docs/serving.md).")
  String method;

  @Option(names = "--batch-window-ms", paramLabel = "MS", defaultValue = "2",
      description = "Micro-batching window: requests arriving within it are merged (default: ${DEFAULT-VALUE}).")
  double batchWindowMs;

  @Option(names = "--max-batch-nodes", paramLabel = "N", defaultValue = "4096",
      description = "Largest micro-batch, in requested nodes (default: ${DEFAULT-VALUE}).")
  int maxBatchNodes;

  @Option(names = "--cache-size", paramLabel = "N", defaultValue = "100000",
      description = "Per-node PPR vectors cached, LRU (default: ${DEFAULT-VALUE}).")
  int cacheSize;

  @Option(names = "--max-nodes-per-request", paramLabel = "N", defaultValue = "10000",
      description = "Largest request, existing plus new nodes (default: ${DEFAULT-VALUE}).")
  int maxNodesPerRequest;

  @Option(names = "--queue-size", paramLabel = "N", defaultValue = "256",
      description = "Prediction requests admitted at once; past it 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int queueSize;

  @Option(names = "--request-timeout-ms", paramLabel = "MS", defaultValue = "10000",
      description = "Time a prediction may take before 504 (default: ${DEFAULT-VALUE}).")
  long requestTimeoutMs;

  @Option(names = "--max-body-bytes", paramLabel = "B", defaultValue = "4194304",
      description = "Largest request body; past it 413 (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--drain-timeout-ms", paramLabel = "MS", defaultValue = "30000",
      description = "How long shutdown waits for requests in flight (default: ${DEFAULT-VALUE}).")
  long drainTimeoutMs;

  @Option(names = "--label-names", paramLabel = "FILE",
      description = "Class names, one per line in class order (default: classes.txt beside the "
          + "dataset, if present).")
  Path labelNames;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads of the computation (default: available processors).")
  Integer threads;

  public static void main(String[] args) {
    // exit explicitly: the status is the command's, whatever threads a library leaves behind
    System.exit(execute(args));
  }

  /** Runs the command; returns only after the server has been shut down (or failed to start). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new ServeMain());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof BadInput || e instanceof IllegalArgumentException || e instanceof IOException) {
        line.getErr().println("ibmb serve: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }

  /** A bad option or an unreadable input: exit code 2. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (threads != null) {
      if (threads < 1) {
        throw new BadInput("--threads is " + threads + ", expected >= 1");
      }
      Parallel.setThreads(threads);
    }
    if (!(batchWindowMs >= 0 && batchWindowMs <= 10_000)) {
      throw new BadInput("--batch-window-ms is " + batchWindowMs + ", expected in [0, 10000]");
    }
    PredictorOptions po;
    ServeOptions so;
    try {
      po = PredictorOptions.defaults().withMethod(method)
          .withBatchWindow(Duration.ofNanos(Math.round(batchWindowMs * 1e6)))
          .withMaxBatchNodes(maxBatchNodes).withCacheSize(cacheSize)
          .withMaxNodesPerRequest(maxNodesPerRequest).withMaxQueuedRequests(queueSize);
      so = ServeOptions.defaults().withHost(host).withPort(port).withMaxBodyBytes(maxBodyBytes)
          .withMaxInFlight(queueSize).withRequestTimeout(Duration.ofMillis(requestTimeoutMs))
          .withDrainTimeout(Duration.ofMillis(drainTimeoutMs));
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    Predictor predictor;
    try {
      predictor = dataset == null ? Predictor.open(run, po)
          : Predictor.open(run, Datasets.open(dataset), po);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInput("cannot open run " + run + ": " + e.getMessage());
    }
    try (predictor) {
      int numClasses = predictor.info().numClasses();
      if (labelNames != null) {
        so = so.withLabelNames(readLabelNames(labelNames, numClasses));
      } else {
        so = so.withLabelNames(knownClassNames(dataset != null ? dataset : RunFiles.read(run).dataset(),
            numClasses));
      }
      PredictionServer server;
      try {
        server = PredictionServer.start(predictor, so, AccessLog.slf4j());
      } catch (RuntimeException e) {
        System.err.println("ibmb serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      ServeOptions fso = so;
      Runnable shutdown = () -> {
        LOG.info("shutting down: draining requests in flight (up to {} ms)", drainTimeoutMs);
        boolean drained = server.drain(fso.drainTimeout());
        LOG.info(drained ? "drained; stopped" : "drain timed out; stopped");
        stopped.countDown();
      };
      Signals.onTermination(shutdown);
      Dataset d = predictor.dataset();
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      LOG.info("serving {} ({} nodes) with model {} ({} method)", d.name(), d.numNodes(),
          predictor.info().spec().type().id(), po.method());
      out.println("listening on http://" + host + ":" + server.port());
      stopped.await();
      return 0;
    }
  }

  /** The dataset's classes.txt names, or none when it has none (not the indices as text). */
  private static List<String> knownClassNames(String datasetSpec, int numClasses) {
    List<String> names = RunFiles.classNames(datasetSpec, numClasses);
    List<String> indices = IntStream.range(0, numClasses).mapToObj(Integer::toString).toList();
    return names.equals(indices) ? List.of() : names;
  }

  private static List<String> readLabelNames(Path f, int numClasses) throws IOException {
    List<String> names = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (names.size() != numClasses) {
      throw new BadInput("--label-names " + f + " has " + names.size() + " names, expected "
          + numClasses + " (one per class)");
    }
    return names;
  }
}
