package io.github.ibmb4j.batching;

import io.github.ibmb4j.tensor.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A fixed-plan {@link BatchSource}: the same materialised (or cached) batches every epoch, in the
 * order an epoch-order function gives (typically {@code schedule.BatchScheduler::order}; taken as a
 * function so that {@code batching} does not depend on {@code schedule}). Each order must be a
 * permutation of 0..n-1 (checked). O(n) per epoch; thread-safe if the order function is.
 */
public final class PrecomputedBatchSource implements BatchSource {
  private final List<Batch> batches;
  private final IntFunction<int[]> order;
  private final String method;
  private final String orderName;

  /**
   * @param method method name for {@link #describe()}
   * @param batches the batches in plan order
   * @param order epoch → permutation of batch indices
   * @param orderName name of the order (e.g. the scheduler's description)
   */
  public PrecomputedBatchSource(String method, List<Batch> batches, IntFunction<int[]> order,
      String orderName) {
    this.method = method;
    this.batches = List.copyOf(batches);
    this.order = order;
    this.orderName = orderName;
  }

  /** Batches in plan order every epoch. */
  public static PrecomputedBatchSource sequential(String method, List<Batch> batches) {
    int n = batches.size();
    return new PrecomputedBatchSource(method, batches, e -> {
      int[] o = new int[n];
      java.util.Arrays.setAll(o, i -> i);
      return o;
    }, "sequential");
  }

  @Override
  public int numBatches() {
    return batches.size();
  }

  @Override
  public Iterable<Batch> epoch(int epoch) {
    int[] o = order.apply(epoch);
    int n = batches.size();
    if (o.length != n) {
      throw new IllegalStateException("epoch order has " + o.length + " entries for " + n + " batches");
    }
    boolean[] seen = new boolean[n];
    List<Batch> out = new ArrayList<>(n);
    for (int i : o) {
      if (i < 0 || i >= n || seen[i]) {
        throw new IllegalStateException("epoch order is not a permutation (index " + i + ")");
      }
      seen[i] = true;
      out.add(batches.get(i));
    }
    return out;
  }

  /** The batches in plan order. */
  public List<Batch> batches() {
    return batches;
  }

  @Override
  public String describe() {
    long nodes = 0;
    long outputs = 0;
    for (Batch b : batches) {
      nodes += b.numNodes();
      outputs += b.numOutputs();
    }
    return method + ": " + batches.size() + " fixed batches, " + outputs + " outputs, " + nodes
        + " nodes in total, order " + orderName;
  }
}
