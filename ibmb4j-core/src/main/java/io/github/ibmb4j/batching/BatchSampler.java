package io.github.ibmb4j.batching;

import io.github.ibmb4j.concurrent.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Draws the topology of fresh batches every epoch (the sampling baselines of §2.4 of docs/algorithm.md:
 * GraphSAINT, neighbour sampling, LADIES, ShaDow, 'rand'): node sets, output count, adjacency
 * structure and loss weights ({@link BatchTopology}), never values or features —
 * {@link BatchMaterializer} builds those ({@link SampledBatchSource} pairs the two).
 *
 * <p>Determinism: epoch e is a pure function of (seed, e) — {@link #epochSeed} — and each batch i of
 * an epoch draws from its own generator seeded by {@link #batchSeed}(epochSeed, i), so batches can be
 * drawn in parallel ({@link #buildAll}) and an epoch is identical whatever the thread count and
 * whichever epochs were drawn before it (a resumed run sees the same batches). Subclasses keep only
 * immutable state after construction, so instances are thread-safe.
 */
public abstract class BatchSampler {
  private final String method;
  private final long seed;

  /**
   * @param method method name for {@link #describe()}
   * @param seed base seed
   */
  protected BatchSampler(String method, long seed) {
    this.method = method;
    this.seed = seed;
  }

  /** The seed of epoch {@code epoch}, derived from (seed, epoch) only. */
  public static long epochSeed(long seed, int epoch) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L))).nextLong();
  }

  /** The seed of batch {@code batch} of an epoch. */
  public static long batchSeed(long epochSeed, int batch) {
    return new SplittableRandom(epochSeed + 0xD1B54A32D192ED03L * (batch + 1L)).nextLong();
  }

  /** The method name. */
  public String method() {
    return method;
  }

  /** The base seed. */
  public long seed() {
    return seed;
  }

  /** Number of batches per epoch (an estimate where batches without outputs are dropped). */
  public abstract int numBatches();

  /** The batches of {@code epoch} (0-based), in the order to process them. */
  public final List<BatchTopology> epoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch is " + epoch + ", expected >= 0");
    }
    return sample(epoch, epochSeed(seed, epoch));
  }

  /** The batches of one epoch, drawn from {@code epochSeed} only. */
  protected abstract List<BatchTopology> sample(int epoch, long epochSeed);

  /**
   * Draws {@code count} batches in parallel ({@code build} must be deterministic per index and may
   * return null to drop a batch, e.g. one without output nodes); results in index order.
   */
  protected static List<BatchTopology> buildAll(int count, IntFunction<BatchTopology> build) {
    BatchTopology[] out = new BatchTopology[count];
    Parallel.forEachChunk(count, i -> out[i] = build.apply(i));
    List<BatchTopology> l = new ArrayList<>(count);
    for (BatchTopology b : out) {
      if (b != null && b.numOutputs() > 0) {
        l.add(b);
      }
    }
    return l;
  }

  /** Short description for logs and records (method and sizes). */
  public String describe() {
    return method + ": " + numBatches() + " sampled batches per epoch, seed " + seed;
  }
}
