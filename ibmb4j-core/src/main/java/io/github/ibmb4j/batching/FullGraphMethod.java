package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.FullGraphPlanner;
import io.github.ibmb4j.graph.CsrGraph;

/** Full-graph (full-batch) training and inference: one batch holding the whole graph. No options. */
public record FullGraphMethod() implements BatchingMethod {
  /** Method name. */
  public static final String NAME = FullGraphPlanner.METHOD;

  /** The only instance needed. */
  public static final FullGraphMethod INSTANCE = new FullGraphMethod();

  /** {@link #INSTANCE} (no options; the seed is not used). */
  public static FullGraphMethod defaults(long seed) {
    return INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FullGraphMethod resolve(CsrGraph graph, Model model) {
    return this;
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME);
  }

  @Override
  public String settings() {
    return "the whole graph in one batch";
  }

  @Override
  public Preparation prepare(Request r) {
    return Preparation.FixedPlan.timed(() -> new FullGraphPlanner().plan(r.graph(), r.outputs()));
  }
}
