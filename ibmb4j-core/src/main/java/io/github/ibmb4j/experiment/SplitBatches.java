package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.BatchCache;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.PrecomputedBatchSource;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.schedule.BatchScheduler;
import io.github.ibmb4j.schedule.Schedules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prepares the fixed batches of output-node sets of one dataset, once and ahead of time: plan with a
 * registered method ({@link BatchingMethods}), materialise in parallel, and — with a cache directory —
 * store them in the {@link BatchCache} under a key hashing the dataset, the method's options and the
 * output set, so a later run reads them back sequentially instead of planning again. Every phase is
 * timed separately (PPR, merging/partitioning, materialisation, cache I/O).
 *
 * <p>One instance serves every split of a dataset (the preprocessed graph, the materialiser and the
 * dataset fingerprint are computed once). Not thread-safe.
 *
 * <p>Stochastic methods ({@link BatchingMethods#isStochastic}) are never cached. When a method answers
 * with a sampler, the prepared batches are the sampler's epoch 0 (for statistics and evaluation);
 * training requests keep the sampler, so {@link Prepared#source} draws fresh batches every epoch, while
 * evaluation requests serve epoch 0 as fixed batches.
 */
public final class SplitBatches {
  private final Dataset dataset;
  private final CsrGraph graph;
  private final BatchMaterializer materializer;
  private final Path cacheDir;
  private final ProgressListener progress;
  private byte[] fingerprint;

  /** Seconds per phase. */
  public record Timings(double ppr, double merge, double materialize, double cache) {
    /** Sum of the phases. */
    public double total() {
      return ppr + merge + materialize + cache;
    }
  }

  /**
   * The batches of one output set.
   *
   * @param method the method name
   * @param batches materialised batches in plan order
   * @param plan their node sets
   * @param ppr the PPR top-k matrix if the method computed one in this run (null on a cache hit)
   * @param cap the normalised output cap, or -1
   * @param seconds time per phase
   * @param cacheHit true / false with a cache, null without
   * @param description canonical options (cache key and provenance)
   * @param sampler the stochastic source of a training request of a sampling method, else null
   */
  public record Prepared(String method, List<Batch> batches, BatchPlan plan, PprMatrix ppr, int cap,
      Timings seconds, Boolean cacheHit, String description, BatchSource sampler) {

    /** Whether the batches are drawn afresh every epoch. */
    public boolean isStochastic() {
      return sampler != null;
    }

    /**
     * A batch source over these batches in the order of a schedule ({@code order}, {@code sample},
     * {@code rand} or {@code sequential}; with at most two batches the order is always sequential).
     * For a sampler, the sampler itself (its own per-epoch order; the schedule does not apply).
     */
    public BatchSource source(String schedule, int numClasses, long seed) {
      if (sampler != null) {
        return sampler;
      }
      int[][] labels = new int[batches.size()][];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = batches.get(i).labels();
      }
      BatchScheduler s = Schedules.create(schedule, labels, numClasses, seed);
      return new PrecomputedBatchSource(method, batches, s::order, s.describe());
    }

    /** Total output nodes over the batches. */
    public long outputNodes() {
      long n = 0;
      for (Batch b : batches) {
        n += b.numOutputs();
      }
      return n;
    }
  }

  /**
   * @param dataset the dataset
   * @param normalization the adjacency normalisation of every batch
   * @param includeFeatures gather features into batches (false for planning statistics only)
   * @param cacheDir batch cache directory, or null for no cache
   * @param progress progress listener
   */
  public SplitBatches(Dataset dataset, Normalization normalization, boolean includeFeatures,
      Path cacheDir, ProgressListener progress) {
    this.dataset = dataset;
    this.graph = GraphOps.withSelfLoops(dataset.graph());
    this.materializer = new BatchMaterializer(graph, normalization, dataset.features(),
        dataset.labels(), includeFeatures);
    this.cacheDir = cacheDir;
    this.progress = progress == null ? ProgressListener.NONE : progress;
  }

  /** The preprocessed graph (symmetric, with self-loops). */
  public CsrGraph graph() {
    return graph;
  }

  /** The dataset. */
  public Dataset dataset() {
    return dataset;
  }

  /** Plans and materialises (or reads from the cache) the batches of {@code outputs}. */
  public Prepared prepare(int[] outputs, boolean evaluation, BatchingOptions options)
      throws IOException {
    BatchingMethods.Method m = BatchingMethods.get(options.method());
    BatchingMethods.Request req = new BatchingMethods.Request(graph, outputs, evaluation, options,
        progress, materializer);
    if (cacheDir == null || BatchingMethods.isStochastic(options.method())) {
      BatchingMethods.Planned p = m.plan(req);
      if (p.isSampler()) {
        long t0 = System.nanoTime();
        List<Batch> batches = p.sampler().epoch(0);
        double mat = (System.nanoTime() - t0) / 1e9;
        return new Prepared(options.method(), batches, planOf(options.method(), batches, outputs),
            p.ppr(), p.cap(), new Timings(p.pprSeconds(), p.mergeSeconds(), mat, 0), null,
            p.description(), evaluation ? null : p.sampler());
      }
      long t0 = System.nanoTime();
      List<Batch> batches = materializer.materializeAll(p.plan().batches());
      double mat = (System.nanoTime() - t0) / 1e9;
      return new Prepared(options.method(), batches, p.plan(), p.ppr(), p.cap(),
          new Timings(p.pprSeconds(), p.mergeSeconds(), mat, 0), null, p.description(), null);
    }
    if (fingerprint == null) {
      fingerprint = BatchCache.fingerprint(dataset);
    }
    // The description of the plan is only known after planning; the cache key uses the options
    // that determine it instead: method, its options, evaluation flag, normalisation and features.
    // the layer count and sampler settings only shape samplers, which are never cached
    String keyText = options.method() + "|"
        + options.withLayers(0).withSampler(SamplerOptions.DEFAULTS) + "|eval=" + evaluation + "|features="
        + materializer.includesFeatures() + "|norm=" + materializer.normalization();
    byte[] key = BatchCache.key(fingerprint, keyText, outputs);
    long t0 = System.nanoTime();
    BatchingMethods.Planned[] planned = new BatchingMethods.Planned[1];
    double[] built = new double[1];
    BatchCache.Result r = new BatchCache(cacheDir).getOrBuild(key, () -> {
      planned[0] = m.plan(req);
      long b0 = System.nanoTime();
      List<Batch> l = materializer.materializeAll(planned[0].plan().batches());
      built[0] = (System.nanoTime() - b0) / 1e9;
      return l;
    });
    if (r.rebuiltBecause() != null) {
      progress.message("batch cache file was unusable (" + r.rebuiltBecause() + "); rebuilt it");
    }
    double total = (System.nanoTime() - t0) / 1e9;
    BatchingMethods.Planned p = planned[0];
    if (p == null) {
      return new Prepared(options.method(), r.batches(), planOf(options.method(), r.batches(), outputs),
          null, -1, new Timings(0, 0, 0, total), true, keyText, null);
    }
    double cache = Math.max(0, total - p.pprSeconds() - p.mergeSeconds() - built[0]);
    return new Prepared(options.method(), r.batches(), p.plan(), p.ppr(), p.cap(),
        new Timings(p.pprSeconds(), p.mergeSeconds(), built[0], cache), r.hit(), p.description(),
        null);
  }

  /** Prepares a named split part (train, val or test) of the dataset's split {@code splitIndex}. */
  public Prepared prepare(String part, int splitIndex, BatchingOptions options) throws IOException {
    int[] outputs = dataset.splits().get(splitIndex).part(part);
    return prepare(outputs, !part.equals("train"), options);
  }

  /**
   * The node sets of materialised batches (outputs first in each, then the rest); repeated ids (e.g.
   * ShaDow's per-output copies) are reported once.
   */
  public static BatchPlan planOf(String method, List<Batch> batches, int[] outputs) {
    List<BatchSpec> specs = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      int[] aux = Arrays.stream(b.nodes()).sorted().distinct().toArray();
      int[] out = Arrays.stream(b.outputNodes()).sorted().distinct().toArray();
      specs.add(new BatchSpec(out, aux));
    }
    return new BatchPlan(method, outputs, specs);
  }
}
