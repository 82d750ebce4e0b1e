package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.ShadowMethod;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of ShaDow-PPR (shadow; α and the outputs per batch are PPR's flags). */
public final class ShadowOptionGroup implements MethodOptionGroup {
  @Option(names = "--shadow-topk", paramLabel = "K", defaultValue = "0",
      description = "shadow: nodes of each output's own sub-graph, its top-k PPR nodes (default 0 = 6).")
  int shadowTopk;

  @Option(names = "--shadow-eps", paramLabel = "EPS", defaultValue = "0",
      description = "shadow: push threshold of that PPR (default 0 = 1e-3).")
  double shadowEps;

  @Override
  public List<String> methods() {
    return List.of(ShadowMethod.NAME);
  }

  @Override
  public BatchingMethod method(String name, BatchingSettings flags) {
    PprOptionGroup ppr = flags.group(PprOptionGroup.class);
    return new ShadowMethod(shadowTopk, shadowEps, ppr.alpha, ppr.outputsPerBatch, flags.seed());
  }

  @Override
  public boolean inSamplerSection() {
    return true;
  }
}
