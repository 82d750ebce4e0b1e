package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.SaintRwMethod;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of GraphSAINT random-walk sampling (saint-rw). */
public final class SaintOptionGroup implements MethodOptionGroup {
  @Option(names = "--saint-roots", paramLabel = "R", defaultValue = "0",
      description = "saint-rw: walk roots per batch (default 0 = 24000 * N / 169343, at most 24000).")
  int roots;

  @Option(names = "--walk-length", paramLabel = "L", defaultValue = "0",
      description = "saint-rw: steps per random walk (default 0 = 2).")
  int walkLength;

  @Option(names = "--saint-steps", paramLabel = "S", defaultValue = "0",
      description = "saint-rw: batches per epoch (default 0 = 4).")
  int steps;

  @Option(names = "--coverage", paramLabel = "C", defaultValue = "0",
      description = "saint-rw: pre-sample C * N nodes to estimate the norms (default 0 = 100).")
  double coverage;

  @Override
  public List<String> methods() {
    return List.of(SaintRwMethod.NAME);
  }

  @Override
  public BatchingMethod method(String name, BatchingSettings flags) {
    return new SaintRwMethod(roots, walkLength, steps, coverage, flags.seed());
  }

  @Override
  public boolean inSamplerSection() {
    return true;
  }
}
