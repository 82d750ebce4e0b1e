package io.github.ibmb4j.schedule;

/** The planner's order every epoch (used when there are at most two batches, as in the reference). */
public record Sequential(int numBatches) implements BatchScheduler {
  @Override
  public int[] order(int epoch) {
    int[] o = new int[numBatches];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
    }
    return o;
  }

  @Override
  public String describe() {
    return "sequential";
  }
}
