package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchSampler;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.random.Shuffle;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * GraphSAGE-style neighbour sampling (§2.4 of docs/algorithm.md, PyG {@code sample_adj(n_id, size,
 * replace=False)} per hop): the output nodes are split into a fixed number of batches (shuffled per
 * epoch for training); from each batch's outputs, hop h samples {@code fanout[h]} neighbours per
 * target without replacement from the graph with self-loops (all of them when the degree is
 * smaller), and the sampled entries keep the full graph's normalised values, not renormalised. Hop 0
 * starts at the outputs and feeds the last graph layer, so the batch carries L bipartite blocks whose
 * node lists are nested prefixes (see {@link Batch}).
 *
 * <p>Sampling k of d positions uses Floyd's algorithm, O(k²) per target. Cost per batch O(Σ_h
 * rows_h · fanout_h²) plus an O(N) scratch map per batch. Deterministic per (seed, epoch) whatever
 * the thread count (see {@link BatchSampler}); thread-safe.
 */
public final class NeighborSampler extends LayerwiseSampler {
  /** Method name. */
  public static final String METHOD = "neighbor";

  /**
   * @param graph the graph with self-loops
   * @param outputs sorted output nodes
   * @param fanout neighbours per target and hop, hop 0 at the outputs (one entry per graph layer)
   * @param numBatches batches per epoch (capped at the number of outputs)
   * @param shuffle regroup the outputs at random every epoch (training) or keep sorted chunks
   * @param seed base seed
   */
  public NeighborSampler(CsrGraph graph, int[] outputs, int[] fanout, int numBatches,
      boolean shuffle, long seed) {
    super(METHOD, "fan-out", graph, outputs, fanout, numBatches, shuffle, seed);
  }

  /** Mean degree (self-loops excluded) of ogbn-arxiv after symmetrisation, the graph [2, 3, 2] was tuned for. */
  public static final double ARXIV_MEAN_DEGREE = 13.7;

  /**
   * The default fan-out for {@code numLayers} layers on a graph of mean degree {@code meanDegree}
   * (self-loops excluded): the reference's arxiv fan-out [2, 3, 2] (§2.3; deeper models repeat the
   * 2), scaled by √(d̄ / 13.7) and never below it, f_h = max(base_h, round(base_h · √(d̄ / 13.7))).
   *
   * <p>Why the square root: the reference's own per-dataset choices grow sub-linearly with the mean
   * degree. From arxiv (d̄ ≈ 14, mean fan-out 2.3) to products (d̄ ≈ 50, GCN [5, 5, 5]) the exponent
   * is 0.60, to Reddit (d̄ ≈ 492, GCN [12, 12]) 0.46. A fixed [2, 3, 2] samples 15 % of an arxiv
   * node's neighbours but 6 % of an amazon-computers node's (d̄ ≈ 36), which costs accuracy there.
   * Graphs sparser than arxiv keep [2, 3, 2]. Examples: cora (3.9) [2, 3, 2]; amazon-computers
   * (35.8) [3, 5, 3]; tolokers (88.3) [5, 8, 5]; Reddit (492) [12, 18, 12].
   */
  public static int[] defaultFanout(int numLayers, double meanDegree) {
    if (numLayers < 1) {
      throw new IllegalArgumentException("layers is " + numLayers + ", expected >= 1");
    }
    if (!(meanDegree >= 0) || Double.isInfinite(meanDegree)) {
      throw new IllegalArgumentException("mean degree is " + meanDegree + ", expected a finite value >= 0");
    }
    int[] base = {2, 3, 2};
    double scale = Math.sqrt(meanDegree / ARXIV_MEAN_DEGREE);
    int[] f = new int[numLayers];
    for (int l = 0; l < numLayers; l++) {
      int b = l < base.length ? base[l] : 2;
      f[l] = (int) Math.max(b, Math.round(b * scale));
    }
    return f;
  }

  /** {@link #defaultFanout(int, double)} for {@code graph} (self-loops, if present, not counted). */
  public static int[] defaultFanout(int numLayers, CsrGraph graph) {
    int n = graph.numNodes();
    double meanDegree = n == 0 ? 0
        : (graph.numEntries() - GraphOps.countSelfLoops(graph)) / (double) n;
    return defaultFanout(numLayers, meanDegree);
  }

  @Override
  BatchTopology build(int[] outs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] fanout = perLayer;
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
    BatchTopology.Block[] blocks = new BatchTopology.Block[numLayers];
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
          cb.add(map[v], (int) e);
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
    return topology(list, size, outs.length, blocks);
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
    return METHOD + ": fan-out " + Arrays.toString(perLayer) + " (hop 0 at the outputs), "
        + outputs.length + " outputs in " + numBatches() + " batches"
        + (reshuffles() ? ", reshuffled every epoch" : "");
  }
}
