package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchSampler;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprMatrix;
import java.util.Arrays;
import java.util.List;

/**
 * ShaDow-GNN with PPR sub-graphs (§2.4 of docs/algorithm.md, Zeng et al. 2021): every output node gets its
 * own sub-graph, the sub-graph induced on its top-k PPR nodes (united with itself), and the model's
 * prediction is read at each sub-graph's root. Outputs are grouped at random every epoch (training)
 * or in sorted chunks (evaluation) into batches of at most {@code cap} outputs (even split).
 *
 * <p>// Deviation from the reference: at HEAD the sub-graphs of a batch are concatenated and the
 * adjacency is sliced as {@code adj[aux][:, aux]}, which links copies of the same node across
 * sub-graphs, and every copy of an output node is counted in loss and accuracy (§5.2 item 7). Here the
 * sub-graphs are kept <b>disjoint</b>: each output gets its own copies of its sub-graph's nodes (local
 * ids distinct per copy, so {@link Batch#nodes()} repeats global ids), entries exist only within a
 * copy, and only the roots are outputs (each output counted once). Pinned by
 * {@code SamplersExactTest.shadowSubgraphsAreDisjointAndEachRootSeesOnlyItsOwnSubgraph} and
 * {@code SamplerPropertyTest.shadowCopiesAreDisjoint}.
 *
 * <p>Local order: the m roots first (one per output, so the batch's outputs are its first m nodes),
 * then, per sub-graph in root order, its other nodes in ascending global id. Edges are found by binary
 * search in the sorted rows of the graph: O(m · k² · log deg) per batch. The PPR top-k sets are
 * computed once (by the caller). Deterministic per (seed, epoch) whatever the thread count;
 * thread-safe.
 */
public final class ShadowSampler extends BatchSampler {
  /** Registry name. */
  public static final String METHOD = "shadow";

  private final CsrGraph graph;
  private final int[] outputs;
  /** Per output index: its sub-graph's nodes other than the root, ascending. */
  private final int[][] others;
  private final int cap;
  private final boolean shuffle;

  /**
   * @param ppr top-k PPR rows of {@code outputs} (row i = outputs[i])
   * @param outputs sorted output nodes
   * @param cap maximum outputs per batch
   * @param shuffle regroup at random every epoch (training) or keep sorted chunks (evaluation)
   */
  public ShadowSampler(CsrGraph graph, PprMatrix ppr, int[] outputs, int cap, boolean shuffle,
      long seed) {
    super(METHOD, seed);
    if (ppr.numRows() != outputs.length) {
      throw new IllegalArgumentException("PPR matrix has " + ppr.numRows() + " rows for "
          + outputs.length + " outputs");
    }
    if (cap < 1) {
      throw new IllegalArgumentException("outputs per batch is " + cap + ", expected >= 1");
    }
    this.graph = graph;
    this.outputs = outputs.clone();
    this.others = new int[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      int[] set = ppr.auxiliarySet(i);
      int[] o = new int[set.length - 1];
      int w = 0;
      for (int v : set) {
        if (v != outputs[i]) {
          o[w++] = v;
        }
      }
      others[i] = o;
    }
    this.cap = cap;
    this.shuffle = shuffle;
  }

  @Override
  public int numBatches() {
    return outputs.length == 0 ? 0 : (outputs.length + cap - 1) / cap;
  }

  @Override
  protected List<BatchTopology> sample(int epoch, long epochSeed) {
    int[] idx = new int[outputs.length];
    Arrays.setAll(idx, i -> i);
    int[][] groups = LayerwiseSampler.groups(idx, numBatches(), shuffle, epochSeed);
    return buildAll(groups.length, i -> build(groups[i]));
  }

  /** The batch of the outputs with indices {@code group} (into the sorted outputs). */
  BatchTopology build(int[] group) {
    int m = group.length;
    int total = m;
    int[] base = new int[m];
    for (int j = 0; j < m; j++) {
      base[j] = total;
      total += others[group[j]].length;
    }
    int[] nodes = new int[total];
    for (int j = 0; j < m; j++) {
      nodes[j] = outputs[group[j]];
      System.arraycopy(others[group[j]], 0, nodes, base[j], others[group[j]].length);
    }
    CsrBuilder cb = new CsrBuilder();
    for (int j = 0; j < m; j++) {
      row(cb, nodes[j], j, group[j], j, base[j]);
    }
    for (int j = 0; j < m; j++) {
      int[] o = others[group[j]];
      for (int t = 0; t < o.length; t++) {
        row(cb, o[t], j, group[j], j, base[j]);
      }
    }
    return new BatchTopology(nodes, m, new BatchTopology.Blocks(List.of(cb.build(total))), null);
  }

  /** One row: node {@code u}'s entries to the nodes of copy {@code copy} (root local id rootLocal). */
  private void row(CsrBuilder cb, int u, int copy, int outIndex, int rootLocal, int base) {
    int root = outputs[outIndex];
    addIfEdge(cb, u, root, rootLocal);
    int[] o = others[outIndex];
    for (int t = 0; t < o.length; t++) {
      addIfEdge(cb, u, o[t], base + t);
    }
    cb.endRow();
  }

  private void addIfEdge(CsrBuilder cb, int u, int v, int local) {
    long e = graph.entryIndex(u, v);
    if (e >= 0) {
      cb.add(local, (int) e);
    }
  }

  @Override
  public String describe() {
    return METHOD + ": " + numBatches() + " batches of at most " + cap + " outputs, one disjoint PPR "
        + "sub-graph per output" + (shuffle ? ", regrouped every epoch" : "");
  }
}
