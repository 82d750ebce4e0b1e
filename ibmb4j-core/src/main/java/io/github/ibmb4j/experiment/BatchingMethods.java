package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.StochasticBatchSource;
import io.github.ibmb4j.batching.baseline.LadiesSampler;
import io.github.ibmb4j.batching.baseline.NeighborSampler;
import io.github.ibmb4j.batching.baseline.RandomRegroupingSource;
import io.github.ibmb4j.batching.baseline.SaintRwSampler;
import io.github.ibmb4j.batching.baseline.ShadowSampler;
import io.github.ibmb4j.batching.baseline.ClusterGcnPlanner;
import io.github.ibmb4j.batching.baseline.FullGraphPlanner;
import io.github.ibmb4j.batching.baseline.RandomGroupingPlanner;
import io.github.ibmb4j.batching.ibmb.BatchWiseIbmbPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of batching methods by name, used by every command and by {@link SplitBatches}. A new
 * method plugs in with one {@link #register} line in the static block.
 *
 * <p>A method answers a {@link Request} with a {@link Planned}: either a fixed {@link BatchPlan}
 * (materialised once and cached) or a stochastic {@link BatchSource} ({@link StochasticBatchSource}:
 * fresh batches every epoch from a seed derived from (seed, epoch), never cached). Methods registered
 * with {@link #registerStochastic} may answer with a sampler, at least for training requests;
 * evaluation requests use the sampler's epoch 0 or a fixed evaluation variant.
 *
 * <p>Sampler defaults (§2.3, arxiv values scaled to the graph): saint-rw 24 000 × N / 169 343 roots
 * (at most 24 000), walk length 2, 4 steps, coverage 100 (val/test: chunks of 12 000 × N / 169 343
 * outputs, one walk from each); neighbor fan-out [2, 3, 2] scaled by √(mean degree / 13.7), never below it
 * ({@link NeighborSampler#defaultFanout(int, double)}; hop 0 at the outputs), batches [4, 2, 2];
 * ladies [N/4, N/2, N/2] nodes per layer, batches [4, 2, 2]; shadow k = 6, ε = 1e-3 (both settable),
 * α as given, min(9000, floor(N / (k + 1))) outputs per batch (or --outputs-per-batch), also for
 * val/test.
 */
public final class BatchingMethods {
  private BatchingMethods() {}

  /**
   * What a method needs to plan one output set.
   *
   * @param graph the preprocessed graph (symmetric, self-loops)
   * @param outputs sorted output nodes
   * @param evaluation whether the plan is for evaluation (val/test: larger batches, own part counts)
   * @param options the batching options
   * @param progress progress listener
   */
  public record Request(CsrGraph graph, int[] outputs, boolean evaluation, BatchingOptions options,
      ProgressListener progress, BatchMaterializer materializer) {

    /** A request without a materialiser (fixed-plan methods only). */
    public Request(CsrGraph graph, int[] outputs, boolean evaluation, BatchingOptions options,
        ProgressListener progress) {
      this(graph, outputs, evaluation, options, progress, null);
    }

    /** The materialiser; samplers need one. */
    public BatchMaterializer requireMaterializer() {
      if (materializer == null) {
        throw new IllegalStateException("method '" + options.method() + "' samples batches and "
            + "needs a materialiser in its request");
      }
      return materializer;
    }

    /** The node-wise options for this request. */
    public NodeWiseIbmbOptions nodeWise() {
      return options.nodeWise(graph.numNodes(), evaluation);
    }
  }

  /**
   * A planned split.
   *
   * @param plan the batches
   * @param ppr the PPR top-k matrix if the method computed one (else null)
   * @param cap the normalised output cap, or -1 if the method has none
   * @param pprSeconds push time (0 if none)
   * @param mergeSeconds grouping / partitioning time
   * @param description canonical options for cache keys and provenance
   * @param sampler a stochastic source instead of a plan (then {@code plan} is null), or null
   */
  public record Planned(BatchPlan plan, PprMatrix ppr, int cap, double pprSeconds, double mergeSeconds,
      String description, StochasticBatchSource sampler) {

    /** A fixed plan. */
    public Planned(BatchPlan plan, PprMatrix ppr, int cap, double pprSeconds, double mergeSeconds,
        String description) {
      this(plan, ppr, cap, pprSeconds, mergeSeconds, description, null);
    }

    /** A sampler. */
    public static Planned sampler(StochasticBatchSource sampler, PprMatrix ppr, double pprSeconds,
        double setupSeconds, String description) {
      return new Planned(null, ppr, -1, pprSeconds, setupSeconds, description, sampler);
    }

    /** Whether this is a stochastic source rather than a fixed plan. */
    public boolean isSampler() {
      return sampler != null;
    }
  }

  /** One batching method. */
  @FunctionalInterface
  public interface Method {
    Planned plan(Request request);
  }

  private static final Map<String, Method> METHODS = new LinkedHashMap<>();
  private static final Set<String> STOCHASTIC = new HashSet<>();

  static {
    register(NodeWiseIbmbPlanner.METHOD, r -> {
      NodeWiseIbmbOptions o = r.nodeWise();
      var d = new NodeWiseIbmbPlanner(o, r.progress()).planDetailed(r.graph(), r.outputs());
      return new Planned(d.plan(), d.ppr(), d.cap(), d.pprSeconds(), d.mergeSeconds(), o.describe());
    });
    register("randfix", r -> random("randfix", r));
    registerStochastic("rand", r -> r.evaluation() ? random("rand", r) : randSampler(r));
    register("ibmb-batch", r -> {
      BatchingOptions o = r.options();
      BatchWiseIbmbPlanner.Options bo = (r.evaluation() ? BatchWiseIbmbPlanner.Options.evaluation()
          : BatchWiseIbmbPlanner.Options.training()).withSeed(o.seed());
      bo = new BatchWiseIbmbPlanner.Options(parts(r, bo.numParts()), bo.ratio(), o.alpha(),
          bo.iterations(), bo.partsPerSweep(), bo.outputWeight(), o.seed(), bo.imbalance());
      return timed(new BatchWiseIbmbPlanner(bo), r, "ibmb-batch" + bo);
    });
    register("cluster-gcn", r -> {
      ClusterGcnPlanner.Options co = r.evaluation() ? ClusterGcnPlanner.Options.evaluation()
          : ClusterGcnPlanner.Options.training();
      co = new ClusterGcnPlanner.Options(parts(r, co.numParts()), co.partsPerBatch(),
          r.options().seed(), co.imbalance());
      return timed(new ClusterGcnPlanner(co), r, "cluster-gcn" + co);
    });
    register(FullGraphPlanner.METHOD, r -> {
      long t0 = System.nanoTime();
      BatchPlan plan = new FullGraphPlanner().plan(r.graph(), r.outputs());
      return new Planned(plan, null, -1, 0, (System.nanoTime() - t0) / 1e9, "full");
    });
    registerSamplers();
  }

  private static void registerSamplers() {
    registerStochastic(SaintRwSampler.METHOD, r -> {
      BatchMaterializer mat = r.requireMaterializer();
      int n = r.graph().numNodes();
      long t0 = System.nanoTime();
      long seed = r.options().seed();
      SamplerOptions so = r.options().sampler();
      int walk = so.walkLength() > 0 ? so.walkLength() : 2;
      SaintRwSampler s = r.evaluation()
          ? SaintRwSampler.evaluation(mat, r.outputs(), SaintRwSampler.defaultEvalChunk(n), walk, seed)
          : SaintRwSampler.training(mat, r.outputs(),
              so.roots() > 0 ? so.roots() : SaintRwSampler.defaultRoots(n), walk,
              so.steps() > 0 ? so.steps() : 4, so.coverage() > 0 ? so.coverage() : 100, seed);
      return Planned.sampler(s, null, 0, (System.nanoTime() - t0) / 1e9,
          "saint-rw{seed=" + seed + "," + s.describe() + "}");
    });
    registerStochastic(NeighborSampler.METHOD, r -> {
      int layers = r.options().numLayers();
      SamplerOptions so = r.options().sampler();
      NeighborSampler s = new NeighborSampler(r.requireMaterializer(), r.outputs(),
          so.fanout(layers, NeighborSampler.defaultFanout(layers, r.graph())), so.batches(r.evaluation()),
          !r.evaluation(), r.options().seed());
      return Planned.sampler(s, null, 0, 0, "neighbor{seed=" + r.options().seed() + "," + s.describe() + "}");
    });
    registerStochastic(LadiesSampler.METHOD, r -> {
      int layers = r.options().numLayers();
      SamplerOptions so = r.options().sampler();
      LadiesSampler s = new LadiesSampler(r.requireMaterializer(), r.outputs(),
          so.layerNodes(layers, LadiesSampler.defaultLayerNodes(r.graph().numNodes(), layers)),
          so.batches(r.evaluation()), !r.evaluation(), r.options().seed());
      return Planned.sampler(s, null, 0, 0, "ladies{seed=" + r.options().seed() + "," + s.describe() + "}");
    });
    registerStochastic(ShadowSampler.METHOD, r -> {
      BatchingOptions o = r.options();
      int k = o.sampler().shadowTopkOrDefault();
      double eps = o.sampler().shadowEpsOrDefault();
      int cap = o.outputsPerBatch() > 0 ? o.outputsPerBatch()
          : NodeWiseIbmbOptions.defaultOutputsPerBatch(r.graph().numNodes(), k);
      long t0 = System.nanoTime();
      PprMatrix ppr = new PprPush(o.alpha(), eps, k).compute(r.graph(), r.outputs(), r.progress());
      double pprSeconds = (System.nanoTime() - t0) / 1e9;
      ShadowSampler s = new ShadowSampler(r.requireMaterializer(), ppr, r.outputs(), cap,
          !r.evaluation(), o.seed());
      return Planned.sampler(s, ppr, pprSeconds, 0, "shadow{seed=" + o.seed() + ",k=" + k
          + ",eps=" + eps + ",alpha=" + o.alpha() + "," + s.describe() + "}");
    });
  }

  private static Planned randSampler(Request r) {
    NodeWiseIbmbOptions o = r.nodeWise();
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(o.alpha(), o.eps(), o.topk()).compute(r.graph(), r.outputs(),
        r.progress());
    double pprSeconds = (System.nanoTime() - t0) / 1e9;
    long seed = r.options().seed();
    RandomGroupingPlanner planner = new RandomGroupingPlanner("rand", o, seed, r.progress());
    int cap = NodeWiseIbmbOptions.normalizedCap(r.outputs().length, o.targetOutputs());
    int batches = r.outputs().length == 0 ? 0 : (r.outputs().length + cap - 1) / cap;
    RandomRegroupingSource s = new RandomRegroupingSource(r.requireMaterializer(), planner, ppr,
        r.outputs(), batches, seed);
    return new Planned(null, ppr, cap, pprSeconds, 0, "rand{seed=" + seed + "," + o.describe() + "}", s);
  }

  /** The part count: the option for the plan's kind if set, else the method's reference default. */
  private static int parts(Request r, int dflt) {
    int given = r.evaluation() ? r.options().evalParts() : r.options().trainParts();
    return given > 0 ? given : dflt;
  }

  /** A planner without PPR of its own; its whole time counts as merging/partitioning. */
  private static Planned timed(io.github.ibmb4j.batching.BatchPlanner planner, Request r,
      String description) {
    long t0 = System.nanoTime();
    BatchPlan plan = planner.plan(r.graph(), r.outputs());
    return new Planned(plan, null, -1, 0, (System.nanoTime() - t0) / 1e9, description);
  }

  private static Planned random(String name, Request r) {
    NodeWiseIbmbOptions o = r.nodeWise();
    long t0 = System.nanoTime();
    PprMatrix ppr = new PprPush(o.alpha(), o.eps(), o.topk()).compute(r.graph(), r.outputs(),
        r.progress());
    long t1 = System.nanoTime();
    long seed = r.options().seed();
    BatchPlan plan = new RandomGroupingPlanner(name, o, seed, r.progress()).plan(ppr, r.outputs());
    long t2 = System.nanoTime();
    int cap = NodeWiseIbmbOptions.normalizedCap(r.outputs().length, o.targetOutputs());
    return new Planned(plan, ppr, cap, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        name + "{seed=" + seed + "," + o.describe() + "}");
  }

  /** Adds a method (names are unique). */
  public static synchronized void register(String name, Method method) {
    if (METHODS.putIfAbsent(name, method) != null) {
      throw new IllegalStateException("batching method '" + name + "' is registered twice");
    }
  }

  /** Adds a method that may answer with a stochastic source (never cached). */
  public static synchronized void registerStochastic(String name, Method method) {
    register(name, method);
    STOCHASTIC.add(name);
  }

  /** Whether {@code name} may sample fresh batches every epoch (its batches are never cached). */
  public static synchronized boolean isStochastic(String name) {
    return STOCHASTIC.contains(name);
  }

  /**
   * The method called {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods if there is none
   */
  public static Method get(String name) {
    Method m = METHODS.get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "batching method is '" + name + "', expected one of " + String.join(", ", METHODS.keySet()));
    }
    return m;
  }

  /** Registered names, in registration order. */
  public static Map<String, Method> all() {
    return Collections.unmodifiableMap(METHODS);
  }
}
