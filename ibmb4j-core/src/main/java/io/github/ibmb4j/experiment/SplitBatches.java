package io.github.ibmb4j.experiment;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchCache;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.PrecomputedBatchSource;
import io.github.ibmb4j.batching.Preparation;
import io.github.ibmb4j.batching.SampledBatchSource;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetFingerprint;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.schedule.BatchScheduler;
import io.github.ibmb4j.schedule.Schedules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Prepares the batches of output-node sets of one dataset, once and ahead of time: plan with a
 * {@link BatchingMethod}, materialise in parallel, and — with a cache directory — store fixed plans'
 * batches in the {@link BatchCache} under a key hashing the dataset, the method's canonical
 * description (defaults resolved) and the output set, so a later run reads them back sequentially
 * instead of planning again. Every phase is timed separately (PPR, merging/partitioning,
 * materialisation, cache I/O).
 *
 * <p>One instance serves every split of a dataset (the preprocessed graph, the materialiser and the
 * dataset fingerprint are computed once). Not thread-safe.
 *
 * <p>Methods that sample every epoch are never cached. A training request of such a method yields a
 * {@link Prepared.Sampled} (batches are drawn by the trainer, epoch by epoch); an evaluation request
 * yields the sampler's epoch 0 (or the method's fixed evaluation variant) as a {@link Prepared.Fixed}.
 */
public final class SplitBatches {
  /** Version of the cache-key text below; raise it when the key's meaning changes. */
  private static final int KEY_VERSION = 1;

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

  /** How the batch cache served a fixed plan. */
  public enum CacheUse {
    /** No cache directory, or a method that samples every epoch. */
    NOT_CACHED,
    /** Planned and written to the cache. */
    MISS,
    /** Read from the cache. */
    HIT
  }

  /** The prepared batches of one output set: fixed batches or a sampler. */
  public sealed interface Prepared {
    /** The method, with its defaults resolved for the dataset and model. */
    BatchingMethod method();

    /** Time per phase. */
    Timings seconds();

    /** Batches per epoch (for a sampler, its estimate). */
    int numBatches();

    /**
     * A batch source: fixed batches in the order of a schedule ({@code order}, {@code sample},
     * {@code rand} or {@code sequential}; with at most two batches the order is always
     * sequential), or the sampler itself (its own per-epoch order; the schedule does not apply).
     */
    BatchSource source(String schedule, int numClasses, long seed);

    /**
     * Fixed, materialised batches.
     *
     * @param batches materialised batches in plan order
     * @param ppr the PPR top-k matrix if the method computed one in this run (absent on a cache hit)
     * @param cache how the cache served them
     */
    record Fixed(BatchingMethod method, List<Batch> batches, Optional<PprMatrix> ppr,
        Timings seconds, CacheUse cache) implements Prepared {
      @Override
      public int numBatches() {
        return batches.size();
      }

      @Override
      public BatchSource source(String schedule, int numClasses, long seed) {
        int[][] labels = new int[batches.size()][];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = batches.get(i).labels();
        }
        BatchScheduler s = Schedules.create(schedule, labels, numClasses, seed);
        return new PrecomputedBatchSource(method.name(), batches, s::order, s.describe());
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
     * A sampler drawing fresh training batches every epoch.
     *
     * @param source the sampler with the materialiser
     * @param ppr the PPR top-k matrix if the method computed one
     */
    record Sampled(BatchingMethod method, SampledBatchSource source, Optional<PprMatrix> ppr,
        Timings seconds) implements Prepared {
      @Override
      public int numBatches() {
        return source.numBatches();
      }

      @Override
      public BatchSource source(String schedule, int numClasses, long seed) {
        return source;
      }
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

  /**
   * Plans and materialises (or reads from the cache) the batches of {@code outputs}.
   *
   * @param evaluation whether the batches are for val/test
   * @param method the method and its options (defaults are resolved here)
   * @param model the model the batches are for
   */
  public Prepared prepare(int[] outputs, boolean evaluation, BatchingMethod method,
      BatchingMethod.Model model) throws IOException {
    BatchingMethod resolved = method.resolve(graph, model);
    BatchingMethod.Request req = new BatchingMethod.Request(graph, model, outputs, evaluation,
        materializer, progress);
    if (cacheDir == null || method.samplesEveryEpoch()) {
      Preparation p = method.prepare(req);
      return switch (p) {
        case Preparation.Sampler s -> {
          Prepared.Sampled sampled = new Prepared.Sampled(resolved,
              new SampledBatchSource(s.sampler(), materializer), s.ppr(),
              new Timings(s.pprSeconds(), s.setupSeconds(), 0, 0));
          yield evaluation ? firstEpoch(sampled) : sampled;
        }
        case Preparation.FixedPlan f -> {
          long t0 = System.nanoTime();
          List<Batch> batches = materializer.materializeAll(f.plan().batches());
          double mat = (System.nanoTime() - t0) / 1e9;
          yield new Prepared.Fixed(resolved, batches, f.ppr(),
              new Timings(f.pprSeconds(), f.setupSeconds(), mat, 0), CacheUse.NOT_CACHED);
        }
      };
    }
    if (fingerprint == null) {
      fingerprint = DatasetFingerprint.of(dataset);
    }
    // everything that shapes the batches: the method's options with defaults resolved (so an
    // explicit default and an omitted one share the entry), the kind of plan, the normalisation
    // and whether features are gathered
    String keyText = "split-batches/v" + KEY_VERSION + "|" + resolved.canonical() + "|evaluation="
        + evaluation + "|features=" + materializer.includesFeatures() + "|normalization="
        + materializer.normalization();
    byte[] key = BatchCache.key(fingerprint, keyText, outputs);
    long t0 = System.nanoTime();
    Preparation.FixedPlan[] planned = new Preparation.FixedPlan[1];
    double[] built = new double[1];
    BatchCache.Result r = new BatchCache(cacheDir).getOrBuild(key, () -> {
      planned[0] = (Preparation.FixedPlan) method.prepare(req);
      long b0 = System.nanoTime();
      List<Batch> l = materializer.materializeAll(planned[0].plan().batches());
      built[0] = (System.nanoTime() - b0) / 1e9;
      return l;
    });
    if (r.rebuiltBecause() != null) {
      progress.message("batch cache file was unusable (" + r.rebuiltBecause() + "); rebuilt it");
    }
    double total = (System.nanoTime() - t0) / 1e9;
    Preparation.FixedPlan p = planned[0];
    if (p == null) {
      return new Prepared.Fixed(resolved, r.batches(), Optional.empty(), new Timings(0, 0, 0, total), CacheUse.HIT);
    }
    double cache = Math.max(0, total - p.pprSeconds() - p.setupSeconds() - built[0]);
    return new Prepared.Fixed(resolved, r.batches(), p.ppr(),
        new Timings(p.pprSeconds(), p.setupSeconds(), built[0], cache),
        r.hit() ? CacheUse.HIT : CacheUse.MISS);
  }

  /**
   * A sampler's epoch 0 as fixed batches: the evaluation batches of a sampling method, and the
   * statistics (sizes, influence captured) of its training batches.
   */
  public static Prepared.Fixed firstEpoch(Prepared.Sampled sampled) {
    long t0 = System.nanoTime();
    List<Batch> batches = sampled.source().epoch(0);
    double mat = (System.nanoTime() - t0) / 1e9;
    Timings s = sampled.seconds();
    return new Prepared.Fixed(sampled.method(), batches, sampled.ppr(),
        new Timings(s.ppr(), s.merge(), mat, s.cache()), CacheUse.NOT_CACHED);
  }
}
