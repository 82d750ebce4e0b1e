package io.github.ibmb4j.cli;

import picocli.CommandLine.Option;

/** Flags of ShaDow-PPR (shadow). */
public final class ShadowOptionGroup {
  @Option(names = "--shadow-topk", paramLabel = "K", defaultValue = "0",
      description = "shadow: nodes of each output's own sub-graph, its top-k PPR nodes (default 0 = 6).")
  int topk;

  @Option(names = "--shadow-eps", paramLabel = "EPS", defaultValue = "0",
      description = "shadow: push threshold of that PPR (default 0 = 1e-3).")
  double eps;
}
