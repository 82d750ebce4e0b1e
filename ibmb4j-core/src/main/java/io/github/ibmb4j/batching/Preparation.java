package io.github.ibmb4j.batching;

import io.github.ibmb4j.influence.PprMatrix;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a {@link BatchingMethod} prepared for one output set: either a {@link FixedPlan} (node sets
 * decided once; materialised once and cacheable) or a {@link Sampler} (fresh batches every epoch,
 * never cached). Both carry the PPR top-k matrix when the method computed one, and the seconds of
 * the PPR push and of the rest of the preparation (merging, partitioning, sampler set-up).
 */
public sealed interface Preparation {

  /** The PPR top-k matrix of the outputs, if the method computed one. */
  Optional<PprMatrix> ppr();

  /** Seconds of the PPR push (0 if none). */
  double pprSeconds();

  /** Seconds of merging, partitioning or sampler set-up. */
  double setupSeconds();

  /** A fixed plan. */
  record FixedPlan(BatchPlan plan, Optional<PprMatrix> ppr, double pprSeconds, double setupSeconds)
      implements Preparation {
    public FixedPlan {
      java.util.Objects.requireNonNull(plan, "plan");
      java.util.Objects.requireNonNull(ppr, "ppr");
    }

    /** The plan {@code planner} makes, without a PPR matrix, its whole time counted as set-up. */
    static FixedPlan timed(Supplier<BatchPlan> planner) {
      long t0 = System.nanoTime();
      BatchPlan plan = planner.get();
      return new FixedPlan(plan, Optional.empty(), 0, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** A sampler drawing the topology of fresh batches every epoch. */
  record Sampler(BatchSampler sampler, Optional<PprMatrix> ppr, double pprSeconds,
      double setupSeconds) implements Preparation {
    public Sampler {
      java.util.Objects.requireNonNull(sampler, "sampler");
      java.util.Objects.requireNonNull(ppr, "ppr");
    }
  }
}
