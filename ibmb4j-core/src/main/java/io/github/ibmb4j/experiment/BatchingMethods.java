package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchPlan;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of fixed-plan batching methods by name, used by every command and by
 * {@link SplitBatches}. A new method plugs in with one {@link #register} line in the static block.
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
      ProgressListener progress) {

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
   */
  public record Planned(BatchPlan plan, PprMatrix ppr, int cap, double pprSeconds, double mergeSeconds,
      String description) {}

  /** One batching method. */
  @FunctionalInterface
  public interface Method {
    Planned plan(Request request);
  }

  private static final Map<String, Method> METHODS = new LinkedHashMap<>();

  static {
    register(NodeWiseIbmbPlanner.METHOD, r -> {
      NodeWiseIbmbOptions o = r.nodeWise();
      var d = new NodeWiseIbmbPlanner(o, r.progress()).planDetailed(r.graph(), r.outputs());
      return new Planned(d.plan(), d.ppr(), d.cap(), d.pprSeconds(), d.mergeSeconds(), o.describe());
    });
    register("randfix", r -> random("randfix", r));
    register("rand", r -> random("rand", r));
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
