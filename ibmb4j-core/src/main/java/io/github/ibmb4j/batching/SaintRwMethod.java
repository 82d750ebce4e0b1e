package io.github.ibmb4j.batching;

import io.github.ibmb4j.batching.baseline.SaintRwSampler;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Locale;
import java.util.Optional;

/**
 * GraphSAINT random-walk sampling (§2.4, {@link SaintRwSampler}): training batches are the nodes
 * visited by short walks from random roots, with the normalisations estimated by pre-sampling;
 * evaluation batches are sorted chunks of 12 000 · N / 169 343 outputs, one walk from each.
 *
 * @param roots walk roots per training batch, ≥ 0; 0 = 24 000 · N / 169 343 (at most 24 000)
 * @param walkLength steps per walk, ≥ 0; 0 = 2
 * @param steps training batches per epoch, ≥ 0; 0 = 4
 * @param coverage pre-sample coverage · N nodes to estimate the norms, ≥ 0; 0 = 100
 * @param seed base seed
 */
public record SaintRwMethod(int roots, int walkLength, int steps, double coverage, long seed)
    implements BatchingMethod {
  /** Method name. */
  public static final String NAME = SaintRwSampler.METHOD;

  public SaintRwMethod {
    if (roots < 0 || walkLength < 0 || steps < 0 || !(coverage >= 0)) {
      throw new IllegalArgumentException("saint-rw roots, walk length, steps and coverage must be "
          + ">= 0 (0 = default); got " + roots + ", " + walkLength + ", " + steps + ", " + coverage);
    }
  }

  /** The defaults with {@code seed}. */
  public static SaintRwMethod defaults(long seed) {
    return new SaintRwMethod(0, 0, 0, 0, seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean samplesEveryEpoch() {
    return true;
  }

  @Override
  public SaintRwMethod resolve(CsrGraph graph, Model model) {
    return new SaintRwMethod(roots > 0 ? roots : SaintRwSampler.defaultRoots(graph.numNodes()),
        walkLength > 0 ? walkLength : 2, steps > 0 ? steps : 4, coverage > 0 ? coverage : 100, seed);
  }

  @Override
  public String canonical() {
    return BatchingMethod.canonical(NAME, "roots", roots, "walkLength", walkLength, "steps", steps,
        "coverage", coverage, "seed", seed);
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "%s roots per batch, walks of %s steps, %s batches per epoch, "
        + "norms from %s x N pre-sampled nodes, seed %d", orDefault(roots), orDefault(walkLength),
        orDefault(steps), coverage == 0 ? "default" : coverage, seed);
  }

  private static String orDefault(int v) {
    return v == 0 ? "default" : Integer.toString(v);
  }

  @Override
  public Preparation prepare(Request r) {
    SaintRwMethod o = resolve(r.graph(), r.model());
    long t0 = System.nanoTime();
    SaintRwSampler s = r.evaluation()
        ? SaintRwSampler.evaluation(r.graph(), r.outputs(),
            SaintRwSampler.defaultEvalChunk(r.graph().numNodes()), o.walkLength(), seed)
        : SaintRwSampler.training(r.graph(), r.outputs(), o.roots(), o.walkLength(), o.steps(),
            o.coverage(), seed);
    return new Preparation.Sampler(s, Optional.empty(), 0, (System.nanoTime() - t0) / 1e9);
  }
}
