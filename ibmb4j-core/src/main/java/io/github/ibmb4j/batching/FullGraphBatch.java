package io.github.ibmb4j.batching;

import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;

/**
 * The whole graph as one {@link Batch} (full-batch training and full-graph inference, §1.10): every
 * node is auxiliary, the requested output nodes come first and the rest follow in ascending id order,
 * and the adjacency carries the same normalised values as the mini-batches, so full-graph and batched
 * inference use one normalisation. O(N + E) time; memory N·F for the gathered features plus the
 * relabelled adjacency.
 */
public final class FullGraphBatch {
  private FullGraphBatch() {}

  /**
   * Builds the full-graph batch.
   *
   * @param graph the preprocessed graph (symmetric, self-loops)
   * @param values normalised value of every entry of {@code graph}
   * @param features node features
   * @param labels node labels (-1 unknown)
   * @param outputs sorted, distinct output nodes
   */
  public static Batch of(CsrGraph graph, float[] values, Features features, int[] labels,
      int[] outputs) {
    int n = graph.numNodes();
    int[] order = new int[n];
    boolean[] isOutput = new boolean[n];
    for (int o : outputs) {
      if (o < 0 || o >= n || isOutput[o]) {
        throw new IllegalArgumentException("output node " + o + " is out of range or repeated");
      }
      isOutput[o] = true;
    }
    System.arraycopy(outputs, 0, order, 0, outputs.length);
    int w = outputs.length;
    for (int v = 0; v < n; v++) {
      if (!isOutput[v]) {
        order[w++] = v;
      }
    }
    Subgraph s = Subgraph.induce(graph, values, order, Subgraph.newScratch(n));
    CsrMatrix adj = new CsrMatrix(n, n, s.offsets(), s.indices(), s.values());
    Matrix x = features.gatherDense(order);
    int[] y = new int[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      y[i] = labels[outputs[i]];
    }
    return new Batch(order, outputs.length, x, y, new CsrMatrix[] {adj}, null);
  }
}
