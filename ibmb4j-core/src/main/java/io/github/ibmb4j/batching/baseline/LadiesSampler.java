package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * LADIES layer-dependent importance sampling (§2.4 of docs/algorithm.md, Zou et al. 2019). The outputs are
 * split into a fixed number of batches (shuffled per epoch for training). From a batch's outputs, hop
 * h (hop 0 feeds the last graph layer) takes the rows of the current layer's node set S_h in the
 * normalised adjacency A (graph with self-loops), gives every column j the probability
 * p_j ∝ Σ_{i∈S_h} A_ij², samples {@code layerNodes[h]} columns without replacement, and unites them with
 * the batch's outputs: S_{h+1}. The block keeps A's values on S_h × S_{h+1}, not renormalised.
 *
 * <p>Layout: {@link io.github.ibmb4j.tensor.Batch} requires nested prefixes, so the node list of hop h+1 is the list of hop h
 * followed by the new nodes of S_{h+1}; rows of nodes in the prefix but not in S_h are empty, and
 * columns outside S_{h+1} carry no entries, so the propagation equals LADIES' exactly (the extra rows
 * only cost activations). Weighted sampling without replacement uses Efraimidis–Spirakis keys
 * −ln(U)/p_j (the same distribution as successive draws). Cost per batch O(Σ_h Σ_{i∈S_h} deg(i) + C
 * log C) with C candidate columns, plus O(N) scratch per batch. Deterministic per (seed, epoch)
 * whatever the thread count; thread-safe.
 */
public final class LadiesSampler extends LayerwiseSampler {
  /** Method name. */
  public static final String METHOD = "ladies";

  private final float[] values;

  /**
   * @param graph the graph with self-loops
   * @param values the normalised value of every graph entry (the sampling probabilities' A_ij)
   * @param outputs sorted output nodes
   * @param layerNodes nodes sampled per hop, hop 0 at the outputs (one entry per graph layer)
   * @param numBatches batches per epoch
   * @param shuffle regroup the outputs at random every epoch (training)
   */
  public LadiesSampler(CsrGraph graph, float[] values, int[] outputs, int[] layerNodes,
      int numBatches, boolean shuffle, long seed) {
    super(METHOD, "LADIES nodes per layer", graph, outputs, layerNodes, numBatches, shuffle, seed);
    if (values.length != graph.numEntries()) {
      throw new IllegalArgumentException("values have length " + values.length
          + ", expected one per graph entry (" + graph.numEntries() + ")");
    }
    this.values = values;
  }

  /**
   * Nodes per layer scaled from the reference's [42 336, 84 672, 84 672] on arxiv (N/4, N/2, N/2; the
   * first entry taken as hop 0 at the outputs); deeper models repeat N/2.
   */
  public static int[] defaultLayerNodes(int numNodes, int numLayers) {
    int[] s = new int[numLayers];
    for (int l = 0; l < numLayers; l++) {
      s[l] = Math.max(1, l == 0 ? numNodes / 4 : numNodes / 2);
    }
    return s;
  }

  @Override
  BatchTopology build(int[] outs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = graph.numNodes();
    int[] layerNodes = perLayer;
    int numLayers = layerNodes.length;
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    int[] map = new int[n];
    Arrays.fill(map, -1);
    int[] stamp = new int[n];
    double[] q = new double[n];
    int[] list = Arrays.copyOf(outs, Math.max(16, 2 * outs.length));
    int size = outs.length;
    for (int i = 0; i < size; i++) {
      map[list[i]] = i;
    }
    int[] active = new int[outs.length];
    for (int i = 0; i < active.length; i++) {
      active[i] = i;
    }
    BatchTopology.Block[] blocks = new BatchTopology.Block[numLayers];
    int[] touched = new int[64];
    for (int h = 0; h < numLayers; h++) {
      int rows = size;
      // p_j ∝ Σ_{i∈S_h} A_ij² over the candidate columns
      int c = 0;
      for (int li : active) {
        int u = list[li];
        for (long e = off[u]; e < off[u + 1]; e++) {
          int v = tgt[(int) e];
          if (q[v] == 0) {
            if (c == touched.length) {
              touched = Arrays.copyOf(touched, 2 * c);
            }
            touched[c++] = v;
          }
          double a = values[(int) e];
          q[v] += a * a + Double.MIN_VALUE;
        }
      }
      Arrays.sort(touched, 0, c);
      int s = Math.min(layerNodes[h], c);
      int[] chosen;
      if (s == c) {
        chosen = Arrays.copyOf(touched, c);
      } else {
        double[] key = new double[c];
        for (int j = 0; j < c; j++) {
          // Efraimidis–Spirakis: the s smallest -ln(U)/w are a weighted sample without replacement
          key[j] = -Math.log(1.0 - r.nextDouble()) / q[touched[j]];
        }
        // the s-th smallest key is the threshold (primitive sort, no boxing); ties at the threshold
        // are taken in ascending node order
        double[] sorted = key.clone();
        Arrays.sort(sorted);
        double threshold = sorted[s - 1];
        int below = 0;
        for (int j = 0; j < c; j++) {
          if (key[j] < threshold) {
            below++;
          }
        }
        int ties = s - below;
        chosen = new int[s];
        int w = 0;
        for (int j = 0; j < c; j++) {
          if (key[j] < threshold || (key[j] == threshold && ties-- > 0)) {
            chosen[w++] = touched[j];
          }
        }
      }
      for (int j = 0; j < c; j++) {
        q[touched[j]] = 0;
      }
      // S_{h+1} = chosen ∪ outputs, marked with stamp h+1; new nodes appended in global order
      int mark = h + 1;
      int[] next = new int[chosen.length + outs.length];
      int nc = 0;
      for (int v : chosen) {
        stamp[v] = mark;
      }
      for (int v : outs) {
        stamp[v] = mark;
      }
      int[] members = mergeSorted(chosen, outs);
      for (int v : members) {
        if (map[v] < 0) {
          if (size == list.length) {
            list = Arrays.copyOf(list, 2 * size);
          }
          map[v] = size;
          list[size++] = v;
        }
        next[nc++] = map[v];
      }
      boolean[] isActive = new boolean[rows];
      for (int li : active) {
        isActive[li] = true;
      }
      CsrBuilder cb = new CsrBuilder();
      for (int i = 0; i < rows; i++) {
        if (isActive[i]) {
          int u = list[i];
          for (long e = off[u]; e < off[u + 1]; e++) {
            int v = tgt[(int) e];
            if (stamp[v] == mark) {
              cb.add(map[v], (int) e);
            }
          }
        }
        cb.endRow();
      }
      if (numLayers == 1) {
        // a single block would read as a square sub-graph adjacency (Batch): pad it with empty
        // rows to n × n; the model's only layer reads the first numOutputs rows
        cb.padRows(size);
      }
      blocks[numLayers - 1 - h] = cb.build(size);
      active = Arrays.copyOf(next, nc);
    }
    return topology(list, size, outs.length, blocks);
  }

  /** Sorted union of two sorted duplicate-free arrays. */
  private static int[] mergeSorted(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < a.length || j < b.length) {
      int v;
      if (j == b.length || (i < a.length && a[i] < b[j])) {
        v = a[i++];
      } else if (i == a.length || b[j] < a[i]) {
        v = b[j++];
      } else {
        v = a[i++];
        j++;
      }
      out[w++] = v;
    }
    return Arrays.copyOf(out, w);
  }

  @Override
  public String describe() {
    return METHOD + ": " + Arrays.toString(perLayer) + " nodes per layer (hop 0 at the outputs), "
        + outputs.length + " outputs in " + numBatches() + " batches"
        + (reshuffles() ? ", reshuffled every epoch" : "");
  }
}
