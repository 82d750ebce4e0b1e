package io.github.ibmb4j.serving;

import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.batching.baseline.NeighborSampler;
import io.github.ibmb4j.batching.ibmb.AffinityPairs;
import io.github.ibmb4j.batching.ibmb.AuxiliaryMerging;
import io.github.ibmb4j.batching.ibmb.GroupBatches;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.OutputMerging;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetFingerprint;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.influence.PprVector;
import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictions of a trained model for chosen nodes: the serving use of IBMB.
 *
 * <p><b>Algorithm</b> (method {@code ibmb-node}). For the requested output nodes (sorted, distinct):
 * (1) the approximate PPR vector of each by forward push ({@link PprPush}, per output node, so no
 * whole-split preprocessing), taken from a bounded LRU cache of per-node vectors when present;
 * (2) the paper's output-node merging ({@link AffinityPairs}, {@link OutputMerging} under the
 * normalised cap, or {@link AuxiliaryMerging} when the run used it) and auxiliary sets as the union
 * of the outputs' top-k PPR nodes ({@link GroupBatches}); optionally (3) each output's complete 1-hop
 * neighbourhood added and rows renormalised to their kept entries (see {@link PredictorOptions});
 * (4) {@link BatchMaterializer} and the model's inference forward ({@link GnnModel#infer}). Method
 * {@code full} runs the requested nodes as the outputs of one whole-graph batch (full-graph
 * inference). With {@link PredictorOptions#trainingBatches()} and a whole split as the request, the
 * batches are exactly those of whole-split evaluation, so the predictions are bit-identical.
 *
 * <p><b>Requests.</b> {@link #predict(int...)} and {@link #predict(PredictRequest)} compute on the
 * caller's thread. {@link #submit(PredictRequest)} queues the request for the micro-batcher: requests
 * arriving within {@link PredictorOptions#batchWindow()} of the first (up to
 * {@link PredictorOptions#maxBatchNodes()} nodes) are merged into one computation, so their outputs
 * are merged into IBMB batches together. A request with new nodes (inductive) is computed alone on a
 * private copy of the graph structure extended by its nodes; the stored graph is never changed.
 *
 * <p><b>Determinism.</b> The answer for a node depends only on the set of output nodes computed
 * together (never on their order, the thread count, the arrival order or the cache state; cached
 * vectors equal pushed ones bit for bit). With micro-batching, which requests are merged depends on
 * timing; a node's batch, and so its answer within float rounding of the neighbourhood, may then
 * differ between calls (see docs/serving.md).
 *
 * <p><b>Thread-safety.</b> Thread-safe: the dataset, graph and weights are read-only; every computation
 * borrows its own model instance, push scratch and sub-graph scratch from pools. Memory: one model
 * instance and O(N) scratch per concurrently computing thread, plus the cache.
 */
public final class Predictor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Predictor.class);

  private final Dataset dataset;
  private final CsrGraph graph;
  private final BatchMaterializer materializer;
  private final PredictorOptions options;
  private final Normalization normalization;
  private final PprPush push;
  private final PprPush.ScratchPool pushScratch;
  private final int targetOutputs;
  private final int auxPerBatch;
  private final float[][] weights;
  private final GnnModel prototype;
  private final ConcurrentLinkedQueue<GnnModel> models = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<int[]> subgraphScratch = new ConcurrentLinkedQueue<>();
  private final VectorCache cache;
  private final ModelInfo info;
  private volatile float[] fullRowSums;
  private volatile int maxDegree;

  /** The method name of exact receptive-field inference. */
  public static final String RECEPTIVE_FIELD = "receptive-field";

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong predicted = new AtomicLong();
  private final AtomicLong computations = new AtomicLong();
  private final AtomicLong batchCount = new AtomicLong();
  private final AtomicLong batchNodeCount = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  private final LinkedBlockingQueue<Pending> queue;
  private final Thread dispatcher;
  private volatile boolean closed;

  private record Pending(PredictRequest request, CompletableFuture<Predictions> future) {}

  private static final Pending STOP = new Pending(PredictRequest.of(), null);

  /**
   * A predictor over {@code dataset} for {@code model} (not used afterwards: its weights are copied).
   *
   * @param model the trained model
   * @param dataset the dataset to predict on (the model's feature count; at most its classes)
   * @param ibmb the node-wise IBMB settings of the run (k, α, ε, output target, auxiliary cap);
   *     {@link PredictorOptions} fields left at 0 take these
   * @param normalization the adjacency normalisation the model was trained with
   * @param options the predictor options
   * @param trainingMethod the method the model was trained with (for {@link #info()}), or null
   * @param trainingRecord a summary of the training record for {@link #info()} (may be empty)
   */
  public static Predictor of(GnnModel model, Dataset dataset, IbmbNodeMethod ibmb,
      Normalization normalization, PredictorOptions options, String trainingMethod,
      Map<String, Object> trainingRecord) {
    return new Predictor(model, dataset, ibmb, normalization, options, trainingMethod,
        trainingRecord);
  }

  /** A predictor over {@code dataset} for {@code model} with no training-run information. */
  public static Predictor of(GnnModel model, Dataset dataset, IbmbNodeMethod ibmb,
      Normalization normalization, PredictorOptions options) {
    return new Predictor(model, dataset, ibmb, normalization, options, null, Map.of());
  }

  /** Opens the run directory written by {@code ibmb train} with the default options. */
  public static Predictor open(Path runDir) throws IOException {
    return open(runDir, PredictorOptions.defaults());
  }

  /**
   * Opens a run directory: the model from {@code model.safetensors}, the dataset and training batch
   * settings from {@code config.json}, the record summary from {@code record.json} (if present).
   */
  public static Predictor open(Path runDir, PredictorOptions options) throws IOException {
    RunFiles run = RunFiles.read(runDir);
    return open(runDir, run.loadDataset(), options);
  }

  /** Opens a run directory's model and settings over another dataset (same features and classes). */
  public static Predictor open(Path runDir, Dataset dataset, PredictorOptions options)
      throws IOException {
    RunFiles run = RunFiles.read(runDir);
    GnnModel model = Checkpoints.load(runDir.resolve(RunFiles.CHECKPOINT));
    return new Predictor(model, dataset, run.ibmbNode(), run.normalization(), options, run.method(),
        run.recordSummary());
  }

  private Predictor(GnnModel model, Dataset dataset, IbmbNodeMethod ibmb, Normalization normalization,
      PredictorOptions options, String trainingMethod, Map<String, Object> trainingRecord) {
    if (dataset.features().dim() != model.spec().inputDim()
        || dataset.numClasses() > model.spec().numClasses()) {
      throw new IllegalArgumentException("dataset " + dataset.name() + " has "
          + dataset.features().dim() + " features and " + dataset.numClasses()
          + " classes; the model expects " + model.spec().inputDim() + " features and "
          + model.spec().numClasses() + " classes");
    }
    this.dataset = dataset;
    this.options = options;
    this.normalization = normalization;
    this.graph = GraphOps.withSelfLoops(dataset.graph());
    this.materializer = new BatchMaterializer(graph, normalization, dataset.features(),
        dataset.labels(), true);
    int k = options.topk() > 0 ? options.topk() : ibmb.topk();
    double alpha = options.alpha() > 0 ? options.alpha() : ibmb.alpha();
    double eps = options.eps() > 0 ? options.eps() : ibmb.eps();
    this.push = new PprPush(alpha, eps, k);
    this.pushScratch = push.scratchPool(graph);
    // the evaluation target of the run (twice its training target), as whole-split inference uses
    NodeWiseIbmbOptions nw = new IbmbNodeMethod(k, alpha, eps, options.outputsPerBatch() > 0
        ? options.outputsPerBatch() : ibmb.outputsPerBatch(), ibmb.auxPerBatch())
        .nodeWise(graph, TrainingRun.batchingModel(model.spec()), true);
    this.targetOutputs = nw.targetOutputs();
    this.auxPerBatch = nw.auxiliaryNodesPerBatch();
    this.weights = model.snapshot();
    this.prototype = model;
    this.cache = new VectorCache(options.cacheSize());
    this.info = new ModelInfo(model.spec(), model.numParameters(), dataset.name(),
        HexFormat.of().formatHex(DatasetFingerprint.of(dataset)), dataset.numNodes(),
        dataset.features().dim(), dataset.numClasses(), normalization.name(), trainingMethod,
        trainingRecord, options);
    this.queue = new LinkedBlockingQueue<>(options.maxQueuedRequests());
    this.dispatcher = Thread.ofPlatform().daemon().name("ibmb-predictor-batcher")
        .unstarted(this::dispatch);
    dispatcher.start();
    LOG.debug("predictor over {} ({} nodes), k={} alpha={} eps={} target outputs={}", dataset.name(),
        dataset.numNodes(), k, alpha, eps, targetOutputs);
  }

  /** The dataset predicted on. */
  public Dataset dataset() {
    return dataset;
  }

  /** The options. */
  public PredictorOptions options() {
    return options;
  }

  /** Model, dataset and run information (for a model endpoint). */
  public ModelInfo info() {
    return info;
  }

  /** Counters since opening. */
  public PredictorStats stats() {
    return new PredictorStats(requests.get(), predicted.get(), computations.get(), batchCount.get(),
        batchNodeCount.get(), cache.hits.get(), cache.misses.get(), cache.size(), queue.size(),
        rejected.get());
  }

  /** Predicts existing nodes (no embeddings), on the caller's thread. */
  public Predictions predict(int... nodes) {
    return predict(PredictRequest.of(nodes));
  }

  /**
   * Predicts a request on the caller's thread.
   *
   * @throws IllegalArgumentException naming the field and what was expected when the request is
   *     invalid (unknown or negative node id, wrong feature length, non-finite feature, too many
   *     nodes, bad new-node edge)
   */
  public Predictions predict(PredictRequest request) {
    checkOpen();
    validate(request);
    requests.incrementAndGet();
    Predictions p = request.newNodes().isEmpty()
        ? computeExisting(List.of(request), request.embeddings()).get(0)
        : computeInductive(request);
    predicted.addAndGet(p.size());
    return p;
  }

  /**
   * Queues a request for the micro-batcher and returns its future answer. Invalid requests are
   * rejected here (not through the future).
   *
   * @throws IllegalArgumentException for an invalid request (see {@link #predict(PredictRequest)})
   * @throws RejectedExecutionException when {@link PredictorOptions#maxQueuedRequests()} requests
   *     are already waiting
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<Predictions> submit(PredictRequest request) {
    checkOpen();
    validate(request);
    CompletableFuture<Predictions> f = new CompletableFuture<>();
    if (!queue.offer(new Pending(request, f))) {
      rejected.incrementAndGet();
      throw new RejectedExecutionException("request queue is full (" + options.maxQueuedRequests()
          + " waiting requests); retry later");
    }
    return f;
  }

  /** {@link #submit(PredictRequest)} for existing nodes without embeddings. */
  public CompletableFuture<Predictions> submit(int... nodes) {
    return submit(PredictRequest.of(nodes));
  }

  /** Stops accepting requests, answers the queued ones, then stops the micro-batcher. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(STOP);
      dispatcher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("predictor is closed");
    }
  }

  // ---------------------------------------------------------------- validation

  private void validate(PredictRequest r) {
    int n = dataset.numNodes();
    int total = r.size();
    if (total == 0) {
      throw new IllegalArgumentException("nodes is empty, expected at least one node id (or a new node)");
    }
    if (total > options.maxNodesPerRequest()) {
      throw new IllegalArgumentException("nodes has " + total + " entries (with new_nodes), expected "
          + "at most " + options.maxNodesPerRequest() + " per request");
    }
    int[] nodes = r.nodes();
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] < 0 || nodes[i] >= n) {
        throw new IllegalArgumentException("nodes[" + i + "] is " + nodes[i]
            + ", expected a node id in [0, " + n + ")");
      }
    }
    int f = dataset.features().dim();
    List<PredictRequest.NewNode> nn = r.newNodes();
    for (int j = 0; j < nn.size(); j++) {
      PredictRequest.NewNode x = nn.get(j);
      if (x.features().length != f) {
        throw new IllegalArgumentException("new_nodes[" + j + "].features has " + x.features().length
            + " values, expected " + f);
      }
      for (int c = 0; c < f; c++) {
        if (!Float.isFinite(x.features()[c])) {
          throw new IllegalArgumentException("new_nodes[" + j + "].features[" + c + "] is "
              + x.features()[c] + ", expected a finite number");
        }
      }
      int[] nb = x.neighbors();
      for (int i = 0; i < nb.length; i++) {
        if (nb[i] < 0 || nb[i] >= n) {
          throw new IllegalArgumentException("new_nodes[" + j + "].neighbors[" + i + "] is " + nb[i]
              + ", expected a node id in [0, " + n + ")");
        }
      }
      int[] nnb = x.newNeighbors();
      for (int i = 0; i < nnb.length; i++) {
        if (nnb[i] < 0 || nnb[i] >= nn.size() || nnb[i] == j) {
          throw new IllegalArgumentException("new_nodes[" + j + "].new_neighbors[" + i + "] is "
              + nnb[i] + ", expected the index of another new node in [0, " + nn.size() + ")");
        }
      }
    }
  }

  // ---------------------------------------------------------------- micro-batching

  private void dispatch() {
    Pending carry = null;
    while (true) {
      Pending first;
      try {
        first = carry != null ? carry : queue.take();
      } catch (InterruptedException e) {
        return;
      }
      carry = null;
      if (first == STOP) {
        return;
      }
      List<Pending> group = new ArrayList<>();
      group.add(first);
      boolean stop = false;
      if (first.request().newNodes().isEmpty()) {
        int nodes = first.request().size();
        long deadline = System.nanoTime() + options.batchWindow().toNanos();
        while (nodes < options.maxBatchNodes()) {
          Pending next;
          try {
            long wait = deadline - System.nanoTime();
            next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          } catch (InterruptedException e) {
            next = null;
            stop = true;
          }
          if (next == null) {
            break;
          }
          if (next == STOP) {
            stop = true;
            break;
          }
          if (!next.request().newNodes().isEmpty()
              || nodes + next.request().size() > options.maxBatchNodes()) {
            carry = next;
            break;
          }
          group.add(next);
          nodes += next.request().size();
        }
      }
      run(group);
      if (stop) {
        // answer whatever is still queued before stopping
        if (carry != null) {
          run(List.of(carry));
        }
        for (Pending p; (p = queue.poll()) != null; ) {
          if (p != STOP) {
            run(List.of(p));
          }
        }
        return;
      }
    }
  }

  private void run(List<Pending> group) {
    try {
      requests.addAndGet(group.size());
      List<Predictions> out;
      if (group.size() == 1 && !group.get(0).request().newNodes().isEmpty()) {
        out = List.of(computeInductive(group.get(0).request()));
      } else {
        List<PredictRequest> reqs = new ArrayList<>(group.size());
        boolean emb = false;
        for (Pending p : group) {
          reqs.add(p.request());
          emb |= p.request().embeddings();
        }
        out = computeExisting(reqs, emb);
      }
      for (int i = 0; i < group.size(); i++) {
        predicted.addAndGet(out.get(i).size());
        group.get(i).future().complete(out.get(i));
      }
    } catch (RuntimeException | Error e) {
      LOG.error("prediction failed", e);
      for (Pending p : group) {
        p.future().completeExceptionally(e);
      }
    }
  }

  // ---------------------------------------------------------------- computation

  /** Per-output results of one computation, indexed like the sorted distinct output array. */
  private record Results(int[] outputs, int[] predicted, float[] probability, float[][] probs,
      float[][] embedding, int[] labels, int batches, long batchNodes, double seconds) {
    int indexOf(int node) {
      return Arrays.binarySearch(outputs, node);
    }
  }

  /** One computation over the union of the requests' existing nodes, split back per request. */
  private List<Predictions> computeExisting(List<PredictRequest> reqs, boolean embeddings) {
    long t0 = System.nanoTime();
    int[] outputs = reqs.stream().flatMapToInt(r -> Arrays.stream(r.nodes())).sorted().distinct()
        .toArray();
    Context ctx = new Context(graph, materializer.values(), null, null, this::fullRowSums);
    List<BatchSpec> specs = switch (options.method()) {
      case "full" -> List.of(new BatchSpec(outputs, allNodes(graph.numNodes())));
      case RECEPTIVE_FIELD -> receptiveFieldGroups(ctx, outputs);
      default -> plan(ctx, outputs, cachedVectors(outputs));
    };
    Results res = forward(ctx, specs, outputs, embeddings, t0);
    List<Predictions> out = new ArrayList<>(reqs.size());
    for (PredictRequest r : reqs) {
      List<Prediction> ps = new ArrayList<>(r.nodes().length);
      for (int v : r.nodes()) {
        ps.add(prediction(res, res.indexOf(v), v, -1, r.embeddings()));
      }
      out.add(new Predictions(options.method(), ps, res.batches(), res.batchNodes(), reqs.size(),
          res.seconds()));
    }
    return out;
  }

  private Prediction prediction(Results res, int i, int node, int newNode, boolean embeddings) {
    return new Prediction(node, newNode, res.predicted()[i], res.probability()[i],
        res.probs()[i].clone(), embeddings ? res.embedding()[i].clone() : null, res.labels()[i]);
  }

  /** The graph a computation runs on: the stored one, or a request's private extension. */
  private record Context(CsrGraph graph, float[] values, Matrix newFeatures, int[] scratchOrNull,
      java.util.function.Supplier<float[]> rowSums) {
    boolean inductive() {
      return newFeatures != null;
    }
  }

  private PprVector[] cachedVectors(int[] outputs) {
    PprVector[] v = new PprVector[outputs.length];
    int[] missing = new int[outputs.length];
    int m = 0;
    for (int i = 0; i < outputs.length; i++) {
      v[i] = cache.get(outputs[i]);
      if (v[i] == null) {
        missing[m++] = outputs[i];
      }
    }
    if (m > 0) {
      PprVector[] pushed = push.vectors(graph, Arrays.copyOf(missing, m), pushScratch);
      int j = 0;
      for (int i = 0; i < outputs.length; i++) {
        if (v[i] == null) {
          v[i] = pushed[j++];
          cache.put(outputs[i], v[i]);
        }
      }
    }
    return v;
  }

  /** Output-node merging and auxiliary sets, as node-wise IBMB plans them. */
  private List<BatchSpec> plan(Context ctx, int[] outputs, PprVector[] vectors) {
    return plan(ctx, outputs, vectors, options.hops());
  }

  private List<BatchSpec> plan(Context ctx, int[] outputs, PprVector[] vectors, int hops) {
    PprMatrix ppr = push.matrix(ctx.graph().numNodes(), vectors);
    AffinityPairs pairs = AffinityPairs.of(ppr);
    int n = outputs.length;
    OutputMerging.Groups groups;
    if (auxPerBatch > 0) {
      int[][] aux = new int[n][];
      for (int i = 0; i < n; i++) {
        aux[i] = ppr.auxiliarySet(i);
      }
      groups = AuxiliaryMerging.merge(pairs, aux, auxPerBatch);
    } else {
      groups = OutputMerging.merge(pairs, n, NodeWiseIbmbOptions.normalizedCap(n, targetOutputs));
    }
    List<BatchSpec> specs = GroupBatches.build(ppr, outputs, groups.groups());
    if (hops == 0) {
      return specs;
    }
    List<BatchSpec> out = new ArrayList<>(specs.size());
    int[] mark = new int[ctx.graph().numNodes()];
    for (BatchSpec s : specs) {
      out.add(withBall(ctx.graph(), s, hops, mark));
    }
    return out;
  }

  /**
   * The spec with every node within {@code hops} hops of its outputs added to its auxiliary set
   * (breadth-first; {@code mark} is an all-zero scratch of length N, left all zero).
   */
  private static BatchSpec withBall(CsrGraph g, BatchSpec s, int hops, int[] mark) {
    long[] off = g.offsets();
    int[] tgt = g.targets();
    int[] aux = s.auxiliary();
    int[] all = Arrays.copyOf(aux, Math.max(16, 2 * aux.length));
    int size = aux.length;
    for (int v : aux) {
      mark[v] = 1;
    }
    for (int v : s.outputs()) {
      mark[v] = 2; // expanded in the first hop
    }
    int[] frontier = s.outputs().clone();
    int fl = frontier.length;
    for (int h = 0; h < hops && fl > 0; h++) {
      int[] next = new int[16];
      int nl = 0;
      for (int i = 0; i < fl; i++) {
        int u = frontier[i];
        for (long e = off[u]; e < off[u + 1]; e++) {
          int v = tgt[(int) e];
          if (mark[v] == 0) {
            mark[v] = 1;
            if (size == all.length) {
              all = Arrays.copyOf(all, 2 * size);
            }
            all[size++] = v;
          }
          if (mark[v] != 2 && h + 1 < hops) {
            mark[v] = 2; // expanded in the next hop once
            if (nl == next.length) {
              next = Arrays.copyOf(next, 2 * nl);
            }
            next[nl++] = v;
          }
        }
      }
      frontier = next;
      fl = nl;
    }
    for (int i = 0; i < size; i++) {
      mark[all[i]] = 0;
    }
    int[] sorted = Arrays.copyOf(all, size);
    Arrays.sort(sorted);
    return new BatchSpec(s.outputs(), sorted);
  }

  /**
   * Output groups of the receptive-field method: one group while the outputs fit the batch target
   * (a node's blocks are the same whoever shares the batch), else the paper's output-node merging, so
   * that outputs with overlapping neighbourhoods share their blocks. Inductive requests get each
   * group's complete L-hop ball as a sub-graph, which is exact as well.
   */
  private List<BatchSpec> receptiveFieldGroups(Context ctx, int[] outputs) {
    List<BatchSpec> groups = outputs.length <= targetOutputs
        ? List.of(new BatchSpec(outputs, outputs))
        : plan(new Context(ctx.graph(), ctx.values(), ctx.newFeatures(), null, ctx.rowSums()),
            outputs, ctx.inductive() ? push.vectors(ctx.graph(), outputs,
                push.scratchPool(ctx.graph())) : cachedVectors(outputs), 0);
    if (!ctx.inductive()) {
      return groups;
    }
    List<BatchSpec> out = new ArrayList<>(groups.size());
    int[] mark = new int[ctx.graph().numNodes()];
    for (BatchSpec g : groups) {
      out.add(withBall(ctx.graph(), g, prototype.spec().numLayers(), mark));
    }
    return out;
  }

  private int maxDegree() {
    int m = maxDegree;
    if (m == 0) {
      long[] off = graph.offsets();
      for (int v = 0; v < graph.numNodes(); v++) {
        m = Math.max(m, (int) (off[v + 1] - off[v]));
      }
      maxDegree = m;
    }
    return m;
  }

  private static int[] allNodes(int n) {
    int[] a = new int[n];
    Arrays.setAll(a, i -> i);
    return a;
  }

  private float[] fullRowSums() {
    float[] s = fullRowSums;
    if (s == null) {
      s = rowSums(graph, materializer.values());
      fullRowSums = s;
    }
    return s;
  }

  private static float[] rowSums(CsrGraph g, float[] values) {
    long[] off = g.offsets();
    float[] s = new float[g.numNodes()];
    for (int v = 0; v < s.length; v++) {
      double sum = 0;
      for (long e = off[v]; e < off[v + 1]; e++) {
        sum += values[(int) e];
      }
      s[v] = (float) sum;
    }
    return s;
  }

  /** Materialises and runs every spec; results indexed like {@code outputs}. */
  private Results forward(Context ctx, List<BatchSpec> specs, int[] outputs, boolean embeddings,
      long t0) {
    int n = outputs.length;
    int classes = prototype.spec().numClasses();
    int[] pred = new int[n];
    float[] prob = new float[n];
    float[][] probs = new float[n][];
    float[][] emb = embeddings ? new float[n][] : null;
    int[] labels = new int[n];
    long nodes = 0;
    GnnModel model = borrowModel();
    int[] scratch = borrowScratch(ctx.graph().numNodes());
    try {
      for (BatchSpec spec : specs) {
        Batch b = materialize(ctx, spec, scratch);
        nodes += b.numNodes();
        Matrix[] e = embeddings ? new Matrix[1] : null;
        Matrix logp = model.infer(b, e);
        float[] lp = logp.data();
        int[] ids = b.nodes();
        for (int i = 0; i < b.numOutputs(); i++) {
          int at = Arrays.binarySearch(outputs, ids[i]);
          float[] p = new float[classes];
          int best = 0;
          for (int c = 0; c < classes; c++) {
            p[c] = (float) Math.exp(lp[i * classes + c]);
            if (lp[i * classes + c] > lp[i * classes + best]) {
              best = c;
            }
          }
          pred[at] = best;
          prob[at] = (float) Math.exp(lp[i * classes + best]);
          probs[at] = p;
          labels[at] = b.labels()[i];
          if (embeddings) {
            emb[at] = e[0].row(i);
          }
        }
      }
    } finally {
      models.add(model);
      if (!ctx.inductive()) {
        subgraphScratch.add(scratch);
      }
    }
    computations.incrementAndGet();
    batchCount.addAndGet(specs.size());
    batchNodeCount.addAndGet(nodes);
    return new Results(outputs, pred, prob, probs, emb, labels, specs.size(), nodes,
        (System.nanoTime() - t0) / 1e9);
  }

  private Batch materialize(Context ctx, BatchSpec spec, int[] scratch) {
    Batch b;
    if (!ctx.inductive() && options.method().equals(RECEPTIVE_FIELD)) {
      // every neighbour at every hop: a fan-out of the maximum degree keeps them all
      int[] fanout = new int[prototype.spec().numLayers()];
      Arrays.fill(fanout, Math.max(1, maxDegree()));
      if (options.lastHopFanout() > 0) {
        fanout[fanout.length - 1] = options.lastHopFanout();
      }
      BatchTopology t = new NeighborSampler(graph, spec.outputs(), fanout, 1, false, 0).epoch(0)
          .get(0);
      Batch rf = materializer.materialize(t, scratch);
      return options.lastHopFanout() > 0 ? renormalizedBlocks(rf, fullRowSums()) : rf;
    } else if (!ctx.inductive()) {
      b = materializer.materialize(BatchTopology.of(spec), scratch);
    } else {
      // a request's extended graph: induce on it, gather stored rows and the request's new rows
      int[] nodes = BatchMaterializer.localOrder(spec);
      Subgraph sg = Subgraph.induce(ctx.graph(), ctx.values(), nodes, scratch);
      int stored = dataset.numNodes();
      int f = dataset.features().dim();
      int[] old = Arrays.stream(nodes).filter(v -> v < stored).toArray();
      Matrix gathered = dataset.features().gatherDense(old);
      float[] x = new float[nodes.length * f];
      int j = 0;
      for (int i = 0; i < nodes.length; i++) {
        if (nodes[i] < stored) {
          System.arraycopy(gathered.data(), j++ * f, x, i * f, f);
        } else {
          System.arraycopy(ctx.newFeatures().data(), (nodes[i] - stored) * f, x, i * f, f);
        }
      }
      int no = spec.outputs().length;
      int[] y = new int[no];
      for (int i = 0; i < no; i++) {
        y[i] = nodes[i] < stored ? dataset.labels()[nodes[i]] : -1;
      }
      b = new Batch(nodes, no, new Matrix(nodes.length, f, x), y, new CsrMatrix[] {
          new CsrMatrix(nodes.length, nodes.length, sg.offsets(), sg.indices(), sg.values())}, null);
    }
    return options.renormalize() ? renormalized(b, ctx.rowSums().get()) : b;
  }

  /**
   * The batch with every adjacency row scaled so that its kept entries sum to the full graph's row
   * sum (for D⁻¹(A+I): to one), i.e. aggregation over the kept neighbours instead of a sum with the
   * missing neighbours' share dropped.
   */
  private static Batch renormalized(Batch b, float[] fullRowSums) {
    CsrMatrix a = b.adjacency(0, 1);
    int[] ptr = a.rowPtr();
    float[] v = a.values();
    float[] scaled = new float[v.length];
    int[] ids = b.nodes();
    for (int r = 0; r < a.rows(); r++) {
      double sum = 0;
      for (int e = ptr[r]; e < ptr[r + 1]; e++) {
        sum += v[e];
      }
      float scale = sum > 0 ? (float) (fullRowSums[ids[r]] / sum) : 1f;
      for (int e = ptr[r]; e < ptr[r + 1]; e++) {
        scaled[e] = v[e] * scale;
      }
    }
    return new Batch(ids, b.numOutputs(), b.features(), b.labels(),
        new CsrMatrix[] {new CsrMatrix(a.rows(), a.cols(), ptr, a.colIdx(), scaled)}, null);
  }

  /** Every block row scaled to the full graph's row sum (as {@link #renormalized} for sub-graphs). */
  private static Batch renormalizedBlocks(Batch b, float[] fullRowSums) {
    int layers = b.numAdjacencies();
    CsrMatrix[] blocks = new CsrMatrix[layers];
    int[] ids = b.nodes();
    for (int l = 0; l < layers; l++) {
      CsrMatrix a = b.adjacency(l, layers);
      int[] ptr = a.rowPtr();
      float[] v = a.values();
      float[] scaled = new float[v.length];
      for (int r = 0; r < a.rows(); r++) {
        double sum = 0;
        for (int e = ptr[r]; e < ptr[r + 1]; e++) {
          sum += v[e];
        }
        float scale = sum > 0 ? (float) (fullRowSums[ids[r]] / sum) : 1f;
        for (int e = ptr[r]; e < ptr[r + 1]; e++) {
          scaled[e] = v[e] * scale;
        }
      }
      blocks[l] = new CsrMatrix(a.rows(), a.cols(), ptr, a.colIdx(), scaled);
    }
    return new Batch(ids, b.numOutputs(), b.features(), b.labels(), blocks, null);
  }

  private GnnModel borrowModel() {
    GnnModel m = models.poll();
    if (m == null) {
      m = GnnModel.create(prototype.spec(), 0L);
      m.restore(weights);
    }
    return m;
  }

  private int[] borrowScratch(int numNodes) {
    if (numNodes != graph.numNodes()) {
      return Subgraph.newScratch(numNodes);
    }
    int[] s = subgraphScratch.poll();
    return s != null ? s : Subgraph.newScratch(numNodes);
  }

  // ---------------------------------------------------------------- inductive requests

  /**
   * A request with new nodes: the stored graph (with self-loops) extended by the request's nodes and
   * their undirected edges, in a private copy; every requested node is pushed on it (no cache: the
   * new edges change the neighbourhoods of the nodes they touch).
   */
  private Predictions computeInductive(PredictRequest r) {
    long t0 = System.nanoTime();
    int stored = graph.numNodes();
    List<PredictRequest.NewNode> nn = r.newNodes();
    int m = nn.size();
    int total = stored + m;
    // adjacency additions: extra[u] = new nodes adjacent to node u (stored or new), deduplicated
    List<int[]> pairs = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      for (int u : nn.get(j).neighbors()) {
        pairs.add(new int[] {stored + j, u});
        pairs.add(new int[] {u, stored + j});
      }
      for (int q : nn.get(j).newNeighbors()) {
        pairs.add(new int[] {stored + j, stored + q});
        pairs.add(new int[] {stored + q, stored + j});
      }
      pairs.add(new int[] {stored + j, stored + j}); // self-loop
    }
    pairs.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    long[] newOff = new long[total + 1];
    int[] extraCount = new int[total];
    int[] prev = null;
    List<int[]> uniq = new ArrayList<>();
    for (int[] p : pairs) {
      if (prev != null && prev[0] == p[0] && prev[1] == p[1]) {
        continue;
      }
      uniq.add(p);
      extraCount[p[0]]++;
      prev = p;
    }
    for (int v = 0; v < total; v++) {
      long own = v < stored ? off[v + 1] - off[v] : 0;
      newOff[v + 1] = newOff[v] + own + extraCount[v];
    }
    int[] newTgt = new int[(int) newOff[total]];
    int q = 0;
    for (int v = 0; v < total; v++) {
      int w = (int) newOff[v];
      if (v < stored) {
        System.arraycopy(tgt, (int) off[v], newTgt, w, (int) (off[v + 1] - off[v]));
        w += (int) (off[v + 1] - off[v]);
      }
      // additions are ids >= stored or (for new rows) any ids: merge keeps rows sorted
      int start = (int) newOff[v];
      while (q < uniq.size() && uniq.get(q)[0] == v) {
        newTgt[w++] = uniq.get(q++)[1];
      }
      Arrays.sort(newTgt, start, w);
    }
    CsrGraph ext = new CsrGraph(total, newOff, newTgt);
    float[] values = GraphOps.normalizedValues(ext, materializer.normalization());
    int f = dataset.features().dim();
    float[] x = new float[m * f];
    for (int j = 0; j < m; j++) {
      System.arraycopy(nn.get(j).features(), 0, x, j * f, f);
    }
    Context ctx = new Context(ext, values, new Matrix(m, f, x), null, () -> rowSums(ext, values));
    int[] outputs = java.util.stream.IntStream.concat(Arrays.stream(r.nodes()),
        java.util.stream.IntStream.range(stored, total)).sorted().distinct().toArray();
    List<BatchSpec> specs;
    if (options.method().equals("full")) {
      specs = List.of(new BatchSpec(outputs, allNodes(total)));
    } else if (options.method().equals(RECEPTIVE_FIELD)) {
      specs = receptiveFieldGroups(ctx, outputs);
    } else {
      PprVector[] vectors = push.vectors(ext, outputs, push.scratchPool(ext));
      specs = plan(ctx, outputs, vectors);
    }
    Results res = forward(ctx, specs, outputs, r.embeddings(), t0);
    List<Prediction> ps = new ArrayList<>(r.size());
    for (int v : r.nodes()) {
      ps.add(prediction(res, res.indexOf(v), v, -1, r.embeddings()));
    }
    for (int j = 0; j < m; j++) {
      ps.add(prediction(res, res.indexOf(stored + j), -1, j, r.embeddings()));
    }
    return new Predictions(options.method(), ps, res.batches(), res.batchNodes(), 1, res.seconds());
  }

  // ---------------------------------------------------------------- cache

  /** Bounded LRU map node → PPR vector; a lock around an access-ordered LinkedHashMap. */
  private static final class VectorCache {
    final int capacity;
    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    private final LinkedHashMap<Integer, PprVector> map;

    VectorCache(int capacity) {
      this.capacity = capacity;
      this.map = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, PprVector> e) {
          return size() > VectorCache.this.capacity;
        }
      };
    }

    synchronized PprVector get(int node) {
      PprVector v = map.get(node);
      (v == null ? misses : hits).incrementAndGet();
      return v;
    }

    synchronized void put(int node, PprVector v) {
      if (capacity > 0) {
        map.put(node, v);
      }
    }

    synchronized int size() {
      return map.size();
    }
  }
}
