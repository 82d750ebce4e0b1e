package io.github.ibmb4j.testing;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.tensor.CsrMatrix;

/** The whole graph as one layer adjacency, for benchmark harnesses and tests (not the library path). */
public final class FullGraph {
  private FullGraph() {}

  /** Node ids 0..n-1 in order. */
  public static int[] allNodes(int n) {
    int[] nodes = new int[n];
    for (int v = 0; v < n; v++) {
      nodes[v] = v;
    }
    return nodes;
  }

  /**
   * {@code graph} with self-loops added and {@code norm} values, as an n × n CSR matrix in node
   * order.
   */
  public static CsrMatrix adjacency(CsrGraph graph, Normalization norm) {
    CsrGraph g = GraphOps.withSelfLoops(graph);
    int n = g.numNodes();
    Subgraph s = Subgraph.induce(g, GraphOps.normalizedValues(g, norm), allNodes(n),
        Subgraph.newScratch(n));
    return new CsrMatrix(n, n, s.offsets(), s.indices(), s.values());
  }
}
