package io.github.ibmb4j.model;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * A small synthetic homophilous graph with separable features, wrapped as one sub-graph batch (outputs
 * first) the way the materialiser does: self-loops, SYM normalisation, {@code Subgraph.induce}.
 */
final class TinyGraphs {
  private TinyGraphs() {}

  static final int CLASSES = 3;

  /** n nodes in 3 classes (node v has class v % 3), features dim f, the first numOutputs are outputs. */
  static Batch batch(int n, int f, int numOutputs, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] label = new int[n];
    for (int v = 0; v < n; v++) {
      label[v] = v % CLASSES;
    }
    int m = n * 4;
    int[] src = new int[m];
    int[] dst = new int[m];
    for (int e = 0; e < m; e++) {
      int u = rnd.nextInt(n);
      int v = rnd.nextInt(n);
      if (e % 4 != 0) { // mostly intra-class edges
        v = v - v % CLASSES + label[u];
        if (v >= n) {
          v -= CLASSES;
        }
      }
      src[e] = u;
      dst[e] = v;
    }
    CsrGraph g = GraphOps.withSelfLoops(GraphBuilder.fromEdges(n, src, dst, true));
    float[] values = GraphOps.normalizedValues(g, Normalization.SYM);
    int[] nodes = new int[n];
    for (int v = 0; v < n; v++) {
      nodes[v] = v;
    }
    Subgraph s = Subgraph.induce(g, values, nodes, Subgraph.newScratch(n));
    CsrMatrix adj = new CsrMatrix(n, n, s.offsets(), s.indices(), s.values());
    Matrix x = Matrix.zeros(n, f);
    for (int v = 0; v < n; v++) {
      for (int k = 0; k < f; k++) {
        x.set(v, k, (float) (rnd.nextGaussian() * 0.6));
      }
      x.set(v, label[v], x.get(v, label[v]) + 1f);
    }
    int[] labels = new int[numOutputs];
    System.arraycopy(label, 0, labels, 0, numOutputs);
    return new Batch(nodes, numOutputs, x, labels, new CsrMatrix[] {adj}, null);
  }

  /** The same nodes as layer-wise blocks: block l keeps rows [0, rows[l]) and the previous rows. */
  static Batch blocks(Batch b, int[] rows) {
    CsrMatrix a = b.adjacency(0, 1);
    CsrMatrix[] blocks = new CsrMatrix[rows.length];
    int cols = b.numNodes();
    for (int l = 0; l < rows.length; l++) {
      blocks[l] = restrict(a, rows[l], cols);
      cols = rows[l];
    }
    return new Batch(b.nodes(), b.numOutputs(), b.features(), b.labels(), blocks, null);
  }

  static CsrMatrix restrict(CsrMatrix a, int rows, int cols) {
    int[] ptr = new int[rows + 1];
    int nnz = 0;
    for (int i = 0; i < rows; i++) {
      for (int e = a.rowPtr()[i]; e < a.rowPtr()[i + 1]; e++) {
        nnz += a.colIdx()[e] < cols ? 1 : 0;
      }
      ptr[i + 1] = nnz;
    }
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    int w = 0;
    for (int i = 0; i < rows; i++) {
      for (int e = a.rowPtr()[i]; e < a.rowPtr()[i + 1]; e++) {
        if (a.colIdx()[e] < cols) {
          idx[w] = a.colIdx()[e];
          val[w++] = a.values()[e];
        }
      }
    }
    return new CsrMatrix(rows, cols, ptr, idx, val);
  }
}
