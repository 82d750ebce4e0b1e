package io.github.ibmb4j.schedule;

/**
 * Chooses a scheduler by name, as the reference does: with at most two batches the order is always
 * sequential (no sampler is set); otherwise {@code order} = {@link DivergenceTour} (fixed maximum
 * divergence tour), {@code sample} = {@link DivergenceWeighted}, {@code rand} = {@link Shuffled},
 * {@code sequential} = {@link Sequential}.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * @param kind order, sample, rand or sequential
   * @param outputLabels per batch, its output nodes' labels
   * @param numClasses C
   * @param seed the schedule's seed
   */
  public static BatchScheduler create(String kind, int[][] outputLabels, int numClasses, long seed) {
    int n = outputLabels.length;
    if (!kind.equals("order") && !kind.equals("sample") && !kind.equals("rand") && !kind.equals("sequential")) {
      throw new IllegalArgumentException("schedule is '" + kind + "', expected order, sample, rand or sequential");
    }
    if (n <= 2 || kind.equals("sequential")) {
      return new Sequential(n);
    }
    return switch (kind) {
      case "order" -> new DivergenceTour(LabelDivergence.matrix(outputLabels, numClasses), seed);
      case "sample" -> new DivergenceWeighted(LabelDivergence.matrix(outputLabels, numClasses), seed);
      default -> new Shuffled(n, seed);
    };
  }
}
