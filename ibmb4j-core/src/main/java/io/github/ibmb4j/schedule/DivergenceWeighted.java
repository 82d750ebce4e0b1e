package io.github.ibmb4j.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Divergence-weighted random walks over batches (the reference's {@code 'sample'} order,
 * {@code ConsecutiveSampler}): within an epoch every batch is visited once; the next batch is drawn with
 * probability ∝ dist(last, ·) over the batches not yet visited. The walk continues from the previous
 * epoch's last batch (batch 0 before epoch 0), which is therefore not drawn first (its distance to
 * itself is 0). If all remaining weights are 0 the draw is uniform.
 *
 * <p>Epoch e's randomness comes from (seed, e); since each epoch starts where the previous one ended,
 * epochs are computed in order and remembered (O(n²) per epoch, O(n·epochs) memory). Deterministic;
 * thread-safe (synchronised).
 */
public final class DivergenceWeighted implements BatchScheduler {
  private final double[][] dist;
  private final long seed;
  private final List<int[]> epochs = new ArrayList<>();

  public DivergenceWeighted(double[][] dist, long seed) {
    this.dist = dist;
    this.seed = seed;
  }

  @Override
  public int numBatches() {
    return dist.length;
  }

  @Override
  public synchronized int[] order(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch is " + epoch + ", expected >= 0");
    }
    while (epochs.size() <= epoch) {
      int e = epochs.size();
      int start = e == 0 ? 0 : epochs.get(e - 1)[dist.length - 1];
      epochs.add(walk(start, new SplittableRandom(Shuffled.mix(seed, e))));
    }
    return epochs.get(epoch).clone();
  }

  private int[] walk(int last, SplittableRandom r) {
    int n = dist.length;
    boolean[] used = new boolean[n];
    int[] o = new int[n];
    for (int k = 0; k < n; k++) {
      double total = 0;
      for (int b = 0; b < n; b++) {
        if (!used[b]) {
          total += dist[last][b];
        }
      }
      int pick = -1;
      if (total > 0) {
        double x = r.nextDouble() * total;
        for (int b = 0; b < n; b++) {
          if (!used[b] && dist[last][b] > 0) {
            pick = b;
            x -= dist[last][b];
            if (x < 0) {
              break;
            }
          }
        }
      } else {
        int left = n - k;
        int idx = r.nextInt(left);
        for (int b = 0; b < n; b++) {
          if (!used[b] && idx-- == 0) {
            pick = b;
            break;
          }
        }
      }
      used[pick] = true;
      o[k] = pick;
      last = pick;
    }
    return o;
  }

  @Override
  public String describe() {
    return "divergence-weighted(seed=" + seed + ")";
  }
}
