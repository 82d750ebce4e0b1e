package io.github.ibmb4j.batching;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Option rules shared by the layer-wise samplers ({@link NeighborMethod}, {@link LadiesMethod}). */
final class LayerSampling {
  private LayerSampling() {}

  /** An immutable copy of per-layer sizes (null = empty), all ≥ 1. */
  static List<Integer> checkPerLayer(List<Integer> given, String what) {
    List<Integer> l = given == null ? List.of() : List.copyOf(given);
    for (int v : l) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " is " + l + ", expected values >= 1");
      }
    }
    return l;
  }

  static void checkBatches(int batches) {
    if (batches < 0) {
      throw new IllegalArgumentException(
          "sampler batches is " + batches + ", expected >= 0 (0 = default 4)");
    }
  }

  /** The given sizes, one per layer, or the defaults when none are given. */
  static List<Integer> perLayer(List<Integer> given, int layers, Supplier<int[]> defaults,
      String what) {
    if (given.isEmpty()) {
      return Arrays.stream(defaults.get()).boxed().toList();
    }
    if (given.size() != layers) {
      throw new IllegalArgumentException(what + " has " + given.size() + " values " + given
          + ", expected one per graph layer (" + layers + ")");
    }
    return given;
  }

  /** Batches per epoch for training or evaluation (reference [4, 2, 2]: val/test use half). */
  static int batches(int given, boolean evaluation) {
    int train = given > 0 ? given : 4;
    return evaluation ? Math.max(1, train / 2) : train;
  }

  /** The readable settings line of a layer-wise sampler: {@code what} sizes, batches, seed. */
  static String settings(String what, List<Integer> perLayer, int batches, long seed) {
    return what + " " + (perLayer.isEmpty() ? "default" : perLayer.toString())
        + " (hop 0 at the outputs), " + (batches == 0 ? "default" : batches)
        + " training batches per epoch (half for val/test), seed " + seed;
  }

  static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
