package io.github.ibmb4j.schedule;

import io.github.ibmb4j.random.Shuffle;
import java.util.SplittableRandom;

/**
 * A new uniformly random permutation every epoch (the reference's {@code 'rand'} order), from a
 * {@link SplittableRandom} seeded by (seed, epoch): any epoch's order can be computed directly.
 * O(n) per epoch; immutable and thread-safe.
 */
public record Shuffled(int numBatches, long seed) implements BatchScheduler {
  @Override
  public int[] order(int epoch) {
    int[] o = new Sequential(numBatches).order(epoch);
    Shuffle.shuffle(o, new SplittableRandom(mix(seed, epoch)));
    return o;
  }

  /** A well-spread seed for (seed, epoch). */
  static long mix(long seed, long epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String describe() {
    return "shuffled(seed=" + seed + ")";
  }
}
