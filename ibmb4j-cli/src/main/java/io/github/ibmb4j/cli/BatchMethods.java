package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.baseline.RandomGroupingPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of fixed-plan batching methods the {@code batches} command (and later {@code train} /
 * {@code infer}) can use: one entry per method name. A new method plugs in with one
 * {@link #register} line in the static block.
 */
public final class BatchMethods {
  private BatchMethods() {}

  /** What a method needs to plan one output set. */
  public record Request(CsrGraph graph, int[] outputs, NodeWiseIbmbOptions ibmb, long seed,
      ProgressListener progress) {}

  /**
   * A planned split.
   *
   * @param plan the batches
   * @param ppr the PPR top-k matrix if the method computed one (else null)
   * @param cap the normalised output cap, or -1 if the method has none
   * @param pprSeconds push time (0 if none)
   * @param mergeSeconds grouping time
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
      var d = new NodeWiseIbmbPlanner(r.ibmb(), r.progress()).planDetailed(r.graph(), r.outputs());
      return new Planned(d.plan(), d.ppr(), d.cap(), d.pprSeconds(), d.mergeSeconds(), r.ibmb().describe());
    });
    register("randfix", r -> random("randfix", r));
    register("rand", r -> random("rand", r));
  }

  private static Planned random(String name, Request r) {
    long t0 = System.nanoTime();
    PprMatrix ppr = new io.github.ibmb4j.influence.PprPush(r.ibmb().alpha(), r.ibmb().eps(), r.ibmb().topk())
        .compute(r.graph(), r.outputs(), r.progress());
    long t1 = System.nanoTime();
    BatchPlan plan = new RandomGroupingPlanner(name, r.ibmb(), r.seed(), r.progress()).plan(ppr, r.outputs());
    long t2 = System.nanoTime();
    int cap = NodeWiseIbmbOptions.normalizedCap(r.outputs().length, r.ibmb().targetOutputs());
    return new Planned(plan, ppr, cap, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        name + "{seed=" + r.seed() + "," + r.ibmb().describe() + "}");
  }

  /** Adds a method (names are unique). */
  public static synchronized void register(String name, Method method) {
    if (METHODS.putIfAbsent(name, method) != null) {
      throw new IllegalStateException("batching method '" + name + "' is registered twice");
    }
  }

  /** The method called {@code name}. */
  public static Method get(String name) {
    Method m = METHODS.get(name);
    if (m == null) {
      throw new UserInputException("--method is '" + name + "', expected one of " + METHODS.keySet());
    }
    return m;
  }

  /** Registered names, in registration order. */
  public static Map<String, Method> all() {
    return Collections.unmodifiableMap(METHODS);
  }
}
