package io.github.ibmb4j.influence;

/**
 * One source's approximate personalized PageRank vector from {@link PprPush}: every node with a
 * non-zero estimate p_s(v), in the order the push first popped them (not sorted). Arrays are exposed
 * without copying and must not be modified; instances are then thread-safe.
 *
 * @param source the source (output) node s
 * @param nodes node ids v with p_s(v) &gt; 0, distinct
 * @param values p_s(v), aligned with {@code nodes}
 */
public record PprVector(int source, int[] nodes, double[] values) {
  public PprVector {
    if (nodes.length != values.length) {
      throw new IllegalArgumentException("nodes (" + nodes.length + ") and values (" + values.length
          + ") must have the same length");
    }
  }

  /** Approximate bytes held (for cache accounting). */
  public long bytes() {
    return 48L + 12L * nodes.length;
  }
}
