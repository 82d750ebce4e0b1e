package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.Batch;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.StochasticBatchSource;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.tensor.CsrMatrix;
import java.util.Arrays;
import java.util.List;
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
    return METHOD + ": fan-out " + Arrays.toString(fanout) + " (hop 0 at the outputs), "
        + outputs.length + " outputs in " + numBatches + " batches"
        + (shuffle ? ", reshuffled every epoch" : "");
  }
}
