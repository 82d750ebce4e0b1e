package io.github.ibmb4j.data;

import java.util.Arrays;

/**
 * One train/validation/test split: three disjoint, sorted arrays of node ids.
 *
 * @param name a label for provenance (e.g. "file mask 0", "random 60/20/20 seed 0")
 * @param train training output nodes
 * @param val validation output nodes
 * @param test test output nodes
 */
public record Split(String name, int[] train, int[] val, int[] test) {

  /** The node set of a named part: {@code train}, {@code val} or {@code test}. */
  public int[] part(String part) {
    return switch (part) {
      case "train" -> train;
      case "val", "valid", "validation" -> val;
      case "test" -> test;
      default -> throw new IllegalArgumentException(
          "split part '" + part + "' is unknown, expected train, val or test");
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s && s.name.equals(name) && Arrays.equals(s.train, train)
        && Arrays.equals(s.val, val) && Arrays.equals(s.test, test);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(train) * 31 + Arrays.hashCode(test);
  }

  @Override
  public String toString() {
    return "Split[" + name + ": " + train.length + "/" + val.length + "/" + test.length + "]";
  }
}
