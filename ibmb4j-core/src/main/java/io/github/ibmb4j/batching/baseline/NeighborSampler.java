package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.StochasticBatchSource;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.tensor.CsrMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GraphSAGE-style neighbour sampling (§2.4 of the reference, PyG {@code sample_adj(n_id, size,
 * replace=False)} per hop): the output nodes are split into a fixed number of batches (shuffled per
 * epoch for training); from each batch's outputs, hop h samples {@code fanout[h]} neighbours per
 * target without replacement from the graph with self-loops (all of them when the degree is
 * smaller), and the sampled entries keep the full graph's normalised values, not renormalised. Hop 0
 * starts at the outputs and feeds the last graph layer, so the batch carries L bipartite blocks whose
 * node lists are nested prefixes (see {@link Batch}).
 *
 * <p>Sampling k of d positions uses Floyd's algorithm, O(k²) per target. Cost per batch O(Σ_h
 * rows_h · fanout_h²) plus an O(N) scratch map per batch. Deterministic per (seed, epoch) whatever
 * the thread count (see {@link StochasticBatchSource}); thread-safe.
 */
public final class NeighborSampler extends StochasticBatchSource {
  /** Registry name. */
  public static final String METHOD = "neighbor";

  private final BatchMaterializer materializer;
  private final CsrGraph graph;
  private final float[] values;
  private final int[] outputs;
  private final int[] fanout;
  private final int numBatches;
  private final boolean shuffle;

  /**
   * @param materializer graph with self-loops, normalised values, features and labels
   * @param outputs sorted output nodes
   * @param fanout neighbours per target and hop, hop 0 at the outputs (one entry per graph layer)
   * @param numBatches batches per epoch (capped at the number of outputs)
   * @param shuffle regroup the outputs at random every epoch (training) or keep sorted chunks
   * @param seed base seed
   */
  public NeighborSampler(BatchMaterializer materializer, int[] outputs, int[] fanout, int numBatches,
      boolean shuffle, long seed) {
    super(METHOD, seed);
    if (fanout.length == 0) {
      throw new IllegalArgumentException("neighbour sampling needs at least one fan-out (one per layer)");
    }
    for (int f : fanout) {
      if (f < 1) {
        throw new IllegalArgumentException("fan-out is " + Arrays.toString(fanout) + ", expected all >= 1");
      }
    }
    if (numBatches < 1) {
      throw new IllegalArgumentException("number of batches is " + numBatches + ", expected >= 1");
    }
    this.materializer = materializer;
    this.graph = materializer.graph();
    this.values = materializer.values();
    this.outputs = outputs.clone();
    this.fanout = fanout.clone();
    this.numBatches = Math.max(1, Math.min(numBatches, outputs.length));
    this.shuffle = shuffle;
  }

  /** The reference fan-out [2, 3, 2] (§2.3, arxiv GCN) for 3 layers; other depths repeat the 2. */
  public static int[] defaultFanout(int numLayers) {
    int[] base = {2, 3, 2};
    int[] f = new int[numLayers];
    for (int l = 0; l < numLayers; l++) {
      f[l] = l < base.length ? base[l] : 2;
    }
    return f;
  }

  @Override
  public int numBatches() {
    return numBatches;
  }

  @Override
  protected List<Batch> sample(int epoch, long epochSeed) {
    int[][] groups = groups(outputs, numBatches, shuffle, epochSeed);
    return buildAll(groups.length, i -> build(groups[i], batchSeed(epochSeed, i)));
  }

  /**
   * Splits {@code outputs} into {@code count} near-equal groups, after a seeded shuffle if asked;
   * each group sorted.
   */
  static int[][] groups(int[] outputs, int count, boolean shuffle, long seed) {
    int n = outputs.length;
    int[] perm = outputs.clone();
    if (shuffle) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
    }
    int g = n == 0 ? 0 : Math.min(count, n);
    int[][] out = new int[g][];
    for (int q = 0; q < g; q++) {
      out[q] = Arrays.copyOfRange(perm, (int) ((long) n * q / g), (int) ((long) n * (q + 1) / g));
      Arrays.sort(out[q]);
    }
    return out;
  }

  /** Samples the blocks of one batch. */
  Batch build(int[] outs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int numLayers = fanout.length;
    int[] map = new int[graph.numNodes()];
    Arrays.fill(map, -1);
    int[] list = Arrays.copyOf(outs, Math.max(16, outs.length * 2));
    int size = outs.length;
    for (int i = 0; i < size; i++) {
      map[list[i]] = i;
    }
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    CsrMatrix[] blocks = new CsrMatrix[numLayers];
    int rows = size;
    int[] pick = new int[8];
    for (int h = 0; h < numLayers; h++) {
      int k = fanout[h];
      if (pick.length < k) {
        pick = new int[k];
      }
      CsrBuilder cb = new CsrBuilder();
      for (int i = 0; i < rows; i++) {
        int u = list[i];
        long s = off[u];
        int d = (int) (off[u + 1] - s);
        int taken;
        if (d <= k) {
          for (int p = 0; p < d; p++) {
            pick[p] = p;
          }
          taken = d;
        } else {
          taken = floyd(d, k, pick, r);
        }
        for (int p = 0; p < taken; p++) {
          long e = s + pick[p];
          int v = tgt[(int) e];
          if (map[v] < 0) {
            if (size == list.length) {
              list = Arrays.copyOf(list, 2 * size);
            }
            map[v] = size;
            list[size++] = v;
          }
          cb.add(map[v], values[(int) e]);
        }
        cb.endRow();
      }
      if (numLayers == 1) {
        // a single block would read as a square sub-graph adjacency (Batch): pad it with empty
        // rows to n × n; the model's only layer reads the first numOutputs rows
        cb.padRows(size);
      }
      blocks[numLayers - 1 - h] = cb.build(size);
      rows = size;
    }
    int[] nodes = Arrays.copyOf(list, size);
    return materializer.assemble(nodes, outs.length, blocks, null);
  }

  /** Floyd's algorithm: k distinct positions of [0, d) into {@code pick}; returns k. */
  static int floyd(int d, int k, int[] pick, SplittableRandom r) {
    int c = 0;
    for (int j = d - k; j < d; j++) {
      int t = r.nextInt(j + 1);
      boolean seen = false;
      for (int q = 0; q < c; q++) {
        if (pick[q] == t) {
          seen = true;
          break;
        }
      }
      pick[c++] = seen ? j : t;
    }
    return c;
  }

  @Override
  public String describe() {
    return METHOD + ": fan-out " + Arrays.toString(fanout) + " (hop 0 at the outputs), " + numBatches
        + " batches of " + outputs.length + " outputs" + (shuffle ? ", reshuffled every epoch" : "");
  }
}
