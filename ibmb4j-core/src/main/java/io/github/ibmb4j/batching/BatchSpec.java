package io.github.ibmb4j.batching;

import java.util.Arrays;

/**
 * The node sets of one batch, as a planner decides them (topology only): its output nodes and its
 * auxiliary nodes, both sorted ascending and duplicate-free, with outputs ⊆ auxiliary nodes (the
 * auxiliary set always contains the batch's own outputs).
 *
 * @param outputs output node ids (sorted)
 * @param auxiliary auxiliary node ids (sorted, ⊇ outputs)
 */
public record BatchSpec(int[] outputs, int[] auxiliary) {

  /** Checks sortedness, uniqueness, outputs ⊆ auxiliary and ids in [0, numNodes); O(|aux|). */
  public BatchSpec validate(int numNodes) {
    checkSorted(outputs, "output", numNodes);
    checkSorted(auxiliary, "auxiliary", numNodes);
    int j = 0;
    for (int o : outputs) {
      while (j < auxiliary.length && auxiliary[j] < o) {
        j++;
      }
      if (j == auxiliary.length || auxiliary[j] != o) {
        throw new IllegalArgumentException("output node " + o + " is not among the auxiliary nodes");
      }
    }
    return this;
  }

  private static void checkSorted(int[] a, String what, int n) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0 || a[i] >= n) {
        throw new IllegalArgumentException(what + " node " + a[i] + " is out of range [0, " + n + ")");
      }
      if (i > 0 && a[i] <= a[i - 1]) {
        throw new IllegalArgumentException(what + " nodes are not sorted and distinct at index " + i);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchSpec b && Arrays.equals(b.outputs, outputs)
        && Arrays.equals(b.auxiliary, auxiliary);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(outputs) + Arrays.hashCode(auxiliary);
  }

  @Override
  public String toString() {
    return "BatchSpec[outputs=" + outputs.length + ", auxiliary=" + auxiliary.length + "]";
  }
}
