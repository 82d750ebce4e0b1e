package io.github.ibmb4j.tensor;

import java.util.Arrays;

/**
 * One mini-batch as the model sees it (§1.5 of docs/algorithm.md): the batch's nodes in local order with
 * the <em>output nodes first</em>, their gathered features, the output nodes' labels, and the
 * adjacency the graph layers propagate over.
 *
 * <p>Adjacency comes in one of two shapes, and the model never needs to know which method made it:
 * <ul>
 *   <li><b>Sub-graph methods</b> (IBMB, Cluster-GCN, SAINT, ShaDow, random, full-batch): one square
 *       n × n matrix in local ids, carrying the full graph's normalised values (rows are not
 *       renormalised), used by every layer; the last layer needs only its first
 *       {@link #numOutputs()} rows.</li>
 *   <li><b>Layer-wise samplers</b> (neighbour sampling, LADIES): L bipartite blocks. Block l has
 *       {@code rows_l} rows (its targets are local nodes 0..rows_l-1) and {@code cols_l} columns
 *       (its sources are local nodes 0..cols_l-1); block 0 has {@code cols_0 = n}, block l+1 has
 *       {@code cols_{l+1} = rows_l}, and the last block has {@code numOutputs} rows. Node lists of
 *       successive layers are therefore nested prefixes of {@link #nodes()}.</li>
 * </ul>
 *
 * <p>{@link #lossWeights()} is null for the plain mean over output nodes, or per-output weights summing
 * to one (GraphSAINT's node normalisation). Instances are immutable by contract (arrays are exposed
 * without copying and must not be modified).
 */
public final class Batch {
  private final int[] nodes;
  private final int numOutputs;
  private final Matrix features;
  private final int[] labels;
  private final CsrMatrix[] adjacency;
  private final float[] lossWeights;

  /**
   * @param nodes global node ids, output nodes first; distinct, except that ShaDow batches hold one
   *     copy of a sub-graph's nodes per output (repeated ids, distinct local ids; outputs distinct)
   * @param numOutputs number of output nodes (the prefix of {@code nodes})
   * @param features |nodes| × F gathered features
   * @param labels labels of the output nodes (length numOutputs; -1 = unknown)
   * @param adjacency one square matrix, or one bipartite block per layer (see class doc)
   * @param lossWeights per-output loss weights summing to one, or null for the mean
   */
  public Batch(int[] nodes, int numOutputs, Matrix features, int[] labels, CsrMatrix[] adjacency,
      float[] lossWeights) {
    if (numOutputs < 0 || numOutputs > nodes.length) {
      throw new IllegalArgumentException(
          "numOutputs " + numOutputs + " is outside [0, " + nodes.length + "]");
    }
    if (features.rows() != nodes.length) {
      throw new IllegalArgumentException(
          "features have " + features.rows() + " rows for " + nodes.length + " nodes");
    }
    if (labels.length != numOutputs) {
      throw new IllegalArgumentException(
          "labels have length " + labels.length + ", expected numOutputs " + numOutputs);
    }
    if (adjacency.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one adjacency matrix");
    }
    if (adjacency.length == 1) {
      CsrMatrix a = adjacency[0];
      if (a.rows() != nodes.length || a.cols() != nodes.length) {
        throw new IllegalArgumentException("square adjacency is " + a.rows() + "x" + a.cols()
            + ", expected " + nodes.length + "x" + nodes.length);
      }
    } else {
      int cols = nodes.length;
      for (int l = 0; l < adjacency.length; l++) {
        if (adjacency[l].cols() != cols) {
          throw new IllegalArgumentException("block " + l + " has " + adjacency[l].cols()
              + " columns, expected " + cols);
        }
        cols = adjacency[l].rows();
      }
      if (cols != numOutputs) {
        throw new IllegalArgumentException(
            "last block has " + cols + " rows, expected numOutputs " + numOutputs);
      }
    }
    if (lossWeights != null && lossWeights.length != numOutputs) {
      throw new IllegalArgumentException(
          "loss weights have length " + lossWeights.length + ", expected " + numOutputs);
    }
    this.nodes = nodes;
    this.numOutputs = numOutputs;
    this.features = features;
    this.labels = labels;
    this.adjacency = adjacency;
    this.lossWeights = lossWeights;
  }

  /** Global ids of the batch's nodes (output nodes first, then auxiliary-only nodes). */
  public int[] nodes() {
    return nodes;
  }

  /** Number of nodes n (outputs included). */
  public int numNodes() {
    return nodes.length;
  }

  /** Number of output nodes. */
  public int numOutputs() {
    return numOutputs;
  }

  /** Global ids of the output nodes (a copy). */
  public int[] outputNodes() {
    return Arrays.copyOf(nodes, numOutputs);
  }

  /** n × F input features. */
  public Matrix features() {
    return features;
  }

  /** Labels of the output nodes. */
  public int[] labels() {
    return labels;
  }

  /** Whether one square adjacency serves every layer (sub-graph methods). */
  public boolean isSubgraph() {
    return adjacency.length == 1;
  }

  /** Number of stored adjacency matrices (1, or L for layer-wise samplers). */
  public int numAdjacencies() {
    return adjacency.length;
  }

  /**
   * The adjacency for graph layer {@code layer} of a model with {@code numLayers} graph layers: the
   * shared square matrix for sub-graph batches, block {@code layer} otherwise.
   */
  public CsrMatrix adjacency(int layer, int numLayers) {
    if (adjacency.length == 1) {
      return adjacency[0];
    }
    if (adjacency.length != numLayers) {
      throw new IllegalArgumentException("batch has " + adjacency.length
          + " layer blocks but the model has " + numLayers + " graph layers");
    }
    return adjacency[layer];
  }

  /** Per-output loss weights summing to one, or null for the plain mean. */
  public float[] lossWeights() {
    return lossWeights;
  }

  /** Total stored adjacency entries (over all blocks). */
  public long numEntries() {
    long s = 0;
    for (CsrMatrix a : adjacency) {
      s += a.nnz();
    }
    return s;
  }

  @Override
  public String toString() {
    return "Batch[nodes=" + nodes.length + ", outputs=" + numOutputs + ", entries=" + numEntries() + "]";
  }
}
